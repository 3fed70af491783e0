import type { Capability } from '@gan119/resources';
import type { Requirement } from './response-plans';

/** A unit that could go, with its road ETA already computed (turnout + travel). */
export type Candidate = {
  unitId: number;
  name: string;
  kind: string;
  capabilities: readonly Capability[];
  cityAdcode: number;
  cityName?: string;
  /** seconds: turnout + road travel; null when it cannot reach the incident by road */
  etaS: number | null;
  turnoutS: number;
  travelS: number | null;
  roadM: number | null;
  straightM: number;
};

export type Pick = {
  unitId: number;
  name: string;
  capability: Capability;
  etaS: number;
  roadM: number;
  crossJurisdiction: boolean;
  cityAdcode: number;
  why: string;
  /** nearer units (by straight line) with this capability that were not taken for it, and why */
  passedOver: Array<{ unitId: number; name: string; straightM: number; reason: string }>;
};

export type Recommendation = {
  picks: Pick[];
  shortfall: Array<{ capability: Capability; wanted: number; found: number }>;
  /** 支队 outside the incident's own that must be told (regional coordination) */
  notifyCities: number[];
  firstWaterEtaS: number | null;
};

const mmss = (s: number) => `${Math.floor(s / 60)} 分 ${Math.round(s % 60)} 秒`;
const km = (m: number) => `${(m / 1000).toFixed(1)} km`;

/**
 * Chooses the units that cover a graded plan with the earliest arrivals. Each unit fills one line
 * of the plan. Lines are filled scarcest first (fewest reachable candidates per unit wanted), so a
 * unit that alone can do something rare is not spent on something common; within a line the earliest
 * ETA wins, whatever its city — a pick from another 支队 is flagged and its city listed for
 * notification. Greedy, not an optimal assignment: good when capabilities overlap little.
 */
export function recommend(requirements: readonly Requirement[], candidates: readonly Candidate[], incidentCity: number): Recommendation {
  const reachable = candidates.filter((c) => c.etaS !== null) as Array<Candidate & { etaS: number; roadM: number; travelS: number }>;
  const eligible = (cap: Capability) => reachable.filter((c) => c.capabilities.includes(cap));
  // scarcest line first (candidates per unit wanted); on a tie water first, so the first water
  // tender is the earliest one that is not the only unit able to fill something rarer
  const scarcity = (q: Requirement) => eligible(q.capability).length / q.count;
  const order = [...requirements].sort((a, b) => scarcity(a) - scarcity(b) || Number(b.capability === 'water') - Number(a.capability === 'water'));
  const taken = new Map<number, Capability>();
  const picks: Pick[] = [];
  const shortfall: Recommendation['shortfall'] = [];
  for (const req of order) {
    const pool = eligible(req.capability).sort((a, b) => a.etaS - b.etaS || a.unitId - b.unitId);
    const chosen = pool.filter((c) => !taken.has(c.unitId)).slice(0, req.count);
    chosen.forEach((c, i) => {
      taken.set(c.unitId, req.capability);
      const cross = c.cityAdcode !== incidentCity;
      const passedOver = candidates
        .filter((o) => o.capabilities.includes(req.capability) && o.straightM < c.straightM && !chosen.includes(o as (typeof chosen)[number]))
        .sort((a, b) => a.straightM - b.straightM)
        .slice(0, 3)
        .map((o) => ({
          unitId: o.unitId,
          name: o.name,
          straightM: o.straightM,
          reason:
            o.etaS === null
              ? '无法经道路到达 no road route'
              : taken.has(o.unitId)
                ? `已承担${taken.get(o.unitId)} already taken for ${taken.get(o.unitId)}`
                : `直线更近 ${km(c.straightM - o.straightM)}，但道路到达晚 ${mmss(o.etaS - c.etaS)} nearer in a straight line but slower by road`,
        }));
      picks.push({
        unitId: c.unitId,
        name: c.name,
        capability: req.capability,
        etaS: c.etaS,
        roadM: c.roadM,
        crossJurisdiction: cross,
        cityAdcode: c.cityAdcode,
        why: `${req.capability} ${i + 1}/${req.count}：预计 ${mmss(c.etaS)} 到场（出动 ${c.turnoutS} 秒 + 道路 ${km(c.roadM)} ${mmss(c.travelS)}）${cross ? `，跨区增援（${c.cityName ?? c.cityAdcode}）` : ''}`,
        passedOver,
      });
    });
    if (chosen.length < req.count) shortfall.push({ capability: req.capability, wanted: req.count, found: chosen.length });
  }
  picks.sort((a, b) => a.etaS - b.etaS);
  const water = picks.filter((p) => p.capability === 'water').map((p) => p.etaS);
  return {
    picks,
    shortfall,
    notifyCities: [...new Set(picks.filter((p) => p.crossJurisdiction).map((p) => p.cityAdcode))].sort(),
    firstWaterEtaS: water.length ? Math.min(...water) : null,
  };
}
