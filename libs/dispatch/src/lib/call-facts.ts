import type { Capability } from '@gan119/resources';
import type { CallFacts } from './desk-contract';
import type { IncidentLevel, IncidentType } from './incident-kinds';
import type { Requirement } from './response-plans';

/** Why the call's answers changed the plan: a code the console words, and the numbers it needs. */
export type CallFactReason =
  | { code: 'trapped'; count: number | null }
  | { code: 'many_trapped'; count: number }
  | { code: 'high_floor'; floor: number }
  | { code: 'hazard'; hazard: 'gas' | 'chemicals' | 'electricity' }
  | { code: 'vulnerable_occupants'; use: 'school' | 'hospital' };

export type CallFactEffect = {
  /** the level the answers call for (never below the one taken) */
  level: IncidentLevel;
  /** capabilities the plan must include whatever its level (at least this many) */
  add: Requirement[];
  reasons: Array<CallFactReason & { raisesTo?: IncidentLevel; adds?: Capability }>;
};

const FIRES: readonly IncidentType[] = ['building_fire', 'high_rise_fire', 'other_fire'];
/** 8 floors and up is beyond most ladders from the street: an aerial is needed (高层: 10+ floors or over 27 m) */
const AERIAL_FLOOR = 8;
const MANY_TRAPPED = 10;

/**
 * 接警要素: the call-taker's answers that change what is sent. People trapped always bring a rescue
 * unit (more of them raise the level); a fire on a high floor brings an aerial; gas or chemicals a
 * hazmat unit; a school or hospital with people trapped starts at level 2. Each change says why.
 */
export function callFactEffect(type: IncidentType, level: IncidentLevel, facts: CallFacts): CallFactEffect {
  let out = level;
  const add = new Map<Capability, number>();
  const reasons: CallFactEffect['reasons'] = [];
  const need = (c: Capability, n: number) => add.set(c, Math.max(add.get(c) ?? 0, n));
  const atLeast = (l: IncidentLevel) => {
    const raised = l > out;
    if (raised) out = l;
    return raised ? l : undefined;
  };
  const trapped = facts.trapped;
  if (trapped !== undefined && trapped !== null && trapped !== 0) {
    need('rescue', trapped >= MANY_TRAPPED ? 2 : 1);
    reasons.push({ code: 'trapped', count: trapped > 0 ? trapped : null, adds: 'rescue' });
    if (trapped >= MANY_TRAPPED) reasons.push({ code: 'many_trapped', count: trapped, raisesTo: atLeast(3) });
    if (facts.buildingUse === 'school' || facts.buildingUse === 'hospital')
      reasons.push({ code: 'vulnerable_occupants', use: facts.buildingUse, raisesTo: atLeast(2) });
  }
  const floor = facts.floor ?? 0;
  if (FIRES.includes(type) && floor >= AERIAL_FLOOR) {
    need('aerial', 1);
    need('smoke_exhaust', 1);
    reasons.push({ code: 'high_floor', floor, adds: 'aerial' });
  }
  for (const hazard of facts.hazards ?? []) {
    if (hazard === 'electricity') reasons.push({ code: 'hazard', hazard });
    else {
      need('hazmat', 1);
      reasons.push({ code: 'hazard', hazard, adds: 'hazmat' });
    }
  }
  return { level: out, add: [...add].map(([capability, count]) => ({ capability, count })), reasons };
}

/** A plan's lines with the call's additions: each capability at least as many as the answers ask for. */
export function withAdditions(plan: readonly Requirement[], add: readonly Requirement[]): Requirement[] {
  const out = plan.map((r) => ({ ...r }));
  for (const a of add) {
    const line = out.find((r) => r.capability === a.capability);
    if (line) line.count = Math.max(line.count, a.count);
    else out.push({ ...a });
  }
  return out;
}
