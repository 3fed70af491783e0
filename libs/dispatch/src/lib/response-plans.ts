import type { Capability } from '@gan119/resources';
import { CAPABILITIES } from '@gan119/resources';
import { INCIDENT_LEVELS, INCIDENT_TYPES, IncidentLevel, IncidentType } from './incident-kinds';

/** One line of a graded dispatch plan (等级调派方案): so many units with this capability. */
export type Requirement = { capability: Capability; count: number };
export type ResponsePlan = {
  type: IncidentType;
  level: IncidentLevel;
  requirements: Requirement[];
  assembly: boolean;
  /** an order left unacknowledged sends the next-best unit at once, instead of only proposing it */
  autoRedispatch: boolean;
  note?: string;
};

const r = (capability: Capability, count: number): Requirement => ({ capability, count });

/**
 * The default plans. Level 1 is what a single first-due station sends; each level roughly doubles the
 * water and adds command, support and specialist capabilities; earthquake and flood bring the
 * provincial teams from level 3, and level 4–5 disasters gather mobile brigades at an assembly point
 * (集结点) before deployment. Every plan can be replaced through the API.
 */
export const DEFAULT_PLANS: Record<IncidentType, Record<IncidentLevel, Requirement[]>> = {
  building_fire: {
    1: [r('water', 2)],
    2: [r('water', 4), r('aerial', 1), r('command', 1)],
    3: [r('water', 8), r('aerial', 2), r('rescue', 1), r('smoke_exhaust', 1), r('command', 1)],
    4: [r('water', 14), r('aerial', 3), r('rescue', 2), r('smoke_exhaust', 2), r('water_supply', 2), r('command', 2), r('logistics', 1)],
    5: [
      r('water', 20),
      r('aerial', 4),
      r('rescue', 3),
      r('smoke_exhaust', 2),
      r('water_supply', 3),
      r('command', 3),
      r('logistics', 2),
      r('mobile_brigade', 1),
    ],
  },
  high_rise_fire: {
    1: [r('water', 3), r('aerial', 1)],
    2: [r('water', 5), r('aerial', 2), r('smoke_exhaust', 1), r('command', 1)],
    3: [r('water', 9), r('aerial', 3), r('rescue', 2), r('smoke_exhaust', 2), r('command', 1)],
    4: [r('water', 15), r('aerial', 4), r('rescue', 3), r('smoke_exhaust', 3), r('water_supply', 2), r('command', 2), r('logistics', 1)],
    5: [
      r('water', 22),
      r('aerial', 6),
      r('rescue', 4),
      r('smoke_exhaust', 4),
      r('water_supply', 3),
      r('command', 3),
      r('logistics', 2),
      r('mobile_brigade', 1),
    ],
  },
  hazmat: {
    1: [r('hazmat', 1), r('foam', 1), r('water', 1)],
    2: [r('hazmat', 2), r('foam', 2), r('water', 2), r('command', 1)],
    3: [r('hazmat', 3), r('foam', 3), r('water', 4), r('rescue', 1), r('command', 1)],
    4: [r('hazmat', 5), r('foam', 5), r('water', 8), r('rescue', 2), r('water_supply', 2), r('command', 2), r('logistics', 1)],
    5: [r('hazmat', 8), r('foam', 8), r('water', 12), r('rescue', 3), r('water_supply', 3), r('command', 3), r('logistics', 2), r('mobile_brigade', 2)],
  },
  traffic: {
    1: [r('rescue', 1), r('water', 1)],
    2: [r('rescue', 2), r('water', 1)],
    3: [r('rescue', 3), r('water', 2), r('hazmat', 1), r('command', 1)],
    4: [r('rescue', 5), r('water', 3), r('hazmat', 1), r('command', 1), r('logistics', 1)],
    5: [r('rescue', 8), r('water', 4), r('hazmat', 2), r('command', 2), r('logistics', 1), r('mobile_brigade', 1)],
  },
  earthquake: {
    1: [r('rescue', 2)],
    2: [r('rescue', 4), r('command', 1)],
    3: [r('earthquake_rescue', 1), r('mobile_brigade', 1), r('rescue', 4), r('command', 1)],
    4: [r('earthquake_rescue', 3), r('mobile_brigade', 2), r('rescue', 6), r('command', 2), r('logistics', 2)],
    5: [r('earthquake_rescue', 6), r('mobile_brigade', 4), r('rescue', 10), r('command', 3), r('logistics', 3)],
  },
  flood: {
    1: [r('rescue', 1)],
    2: [r('rescue', 2), r('water_rescue', 1)],
    3: [r('water_rescue', 2), r('mobile_brigade', 1), r('rescue', 2), r('command', 1)],
    4: [r('water_rescue', 4), r('mobile_brigade', 2), r('rescue', 4), r('command', 2), r('logistics', 2)],
    5: [r('water_rescue', 8), r('mobile_brigade', 4), r('rescue', 6), r('command', 3), r('logistics', 3)],
  },
  mountain_rescue: {
    1: [r('rescue', 1)],
    2: [r('rescue', 2), r('command', 1)],
    3: [r('rescue', 4), r('command', 1), r('logistics', 1)],
    4: [r('rescue', 6), r('mobile_brigade', 1), r('command', 2), r('logistics', 1)],
    5: [r('rescue', 8), r('mobile_brigade', 2), r('command', 2), r('logistics', 2)],
  },
  social_assistance: {
    1: [r('rescue', 1)],
    2: [r('rescue', 2)],
    3: [r('rescue', 3), r('command', 1)],
    4: [r('rescue', 4), r('command', 1)],
    5: [r('rescue', 6), r('command', 2)],
  },
  other_fire: {
    1: [r('water', 1)],
    2: [r('water', 2)],
    3: [r('water', 4), r('command', 1)],
    4: [r('water', 8), r('water_supply', 1), r('command', 1)],
    5: [r('water', 12), r('water_supply', 2), r('command', 2), r('logistics', 1)],
  },
};

/** Disasters whose level 4–5 response gathers at an assembly point before deployment. */
export function defaultAssembly(type: IncidentType, level: IncidentLevel): boolean {
  return level >= 4 && ['earthquake', 'flood', 'hazmat', 'mountain_rescue'].includes(type);
}

/**
 * From level 3 up an unanswered order does not wait for the dispatcher: the next-best unit goes at
 * once (the silent unit stays assigned until someone releases it). Below, the dispatcher is alerted
 * with the proposal and decides.
 */
export function defaultAutoRedispatch(_type: IncidentType, level: IncidentLevel): boolean {
  return level >= 3;
}

export function defaultPlan(type: IncidentType, level: IncidentLevel): ResponsePlan {
  return { type, level, requirements: DEFAULT_PLANS[type][level], assembly: defaultAssembly(type, level), autoRedispatch: defaultAutoRedispatch(type, level) };
}

export function defaultPlans(): ResponsePlan[] {
  return INCIDENT_TYPES.flatMap((type) => INCIDENT_LEVELS.map((level) => defaultPlan(type, level)));
}

/**
 * Why a plan is not acceptable (null when it is): known capabilities, counts 1–100, each capability
 * once, at least one line, and no line asking for less than the level below asks (a higher level
 * never sends less of anything).
 */
export function planProblem(plan: { requirements: unknown }, lower?: Requirement[]): string | null {
  const reqs = plan.requirements;
  if (!Array.isArray(reqs) || reqs.length === 0) return 'a plan needs at least one requirement';
  if (reqs.length > CAPABILITIES.length) return 'too many requirements';
  const seen = new Set<string>();
  for (const [i, q] of reqs.entries()) {
    const { capability, count } = (q ?? {}) as { capability?: unknown; count?: unknown };
    if (typeof capability !== 'string' || !(CAPABILITIES as readonly string[]).includes(capability))
      return `requirements[${i}].capability: unknown capability ${JSON.stringify(capability)}`;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 100) return `requirements[${i}].count must be a whole number 1-100`;
    if (seen.has(capability)) return `requirements[${i}]: ${capability} is listed twice`;
    seen.add(capability);
  }
  for (const l of lower ?? []) {
    const here = (reqs as Requirement[]).find((q) => q.capability === l.capability)?.count ?? 0;
    if (here < l.count) return `asks for ${here} ${l.capability}, less than the level below (${l.count})`;
  }
  return null;
}
