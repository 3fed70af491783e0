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
  /** seconds: turnout + road travel; null when it cannot reach the incident by road, or was not worked out (etaAtLeastS) */
  etaS: number | null;
  /** when the road search stopped before reaching this unit (enough were nearer): its ETA is at least this */
  etaAtLeastS?: number | null;
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
  /** the same as data, for a console to word in its own language */
  explain: { capability: Capability; k: number; n: number; etaS: number; turnoutS: number; travelS: number; roadM: number; crossCity: string | null };
  /** nearer units (by straight line) with this capability that were not taken for it, and why */
  passedOver: Array<{
    unitId: number;
    name: string;
    straightM: number;
    reason: string;
    code: PassedOverCode;
    nearerM: number;
    laterS: number | null;
    takenFor: Capability | null;
  }>;
};

/** Why a nearer unit was not taken: slower by road, beyond where the search stopped, taken for another line, or no road route. */
export type PassedOverCode = 'slower' | 'beyond' | 'taken' | 'no_road';

export type Recommendation = {
  picks: Pick[];
  shortfall: Array<{ capability: Capability; wanted: number; found: number }>;
  /** 支队 outside the incident's own that must be told (regional coordination) */
  notifyCities: number[];
  firstWaterEtaS: number | null;
};

/** whole seconds first, so 1139.6 s reads 19 分 0 秒, never 18 分 60 秒 */
const mmss = (s: number) => `${Math.floor(Math.round(s) / 60)} 分 ${Math.round(s) % 60} 秒`;
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
  const order = lineOrder(requirements, candidates);
  const taken = new Map<number, Capability>();
  const picks: Pick[] = [];
  const shortfall: Recommendation['shortfall'] = [];
  for (const { req, chosen } of fillLines(order, reachable)) {
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
          code: (o.etaS === null ? (o.etaAtLeastS != null ? 'beyond' : 'no_road') : taken.has(o.unitId) ? 'taken' : 'slower') as PassedOverCode,
          nearerM: c.straightM - o.straightM,
          laterS: o.etaS !== null ? o.etaS - c.etaS : (o.etaAtLeastS ?? null),
          takenFor: taken.get(o.unitId) ?? null,
          reason:
            o.etaS === null
              ? o.etaAtLeastS != null
                ? `道路到达晚于 ${mmss(o.etaAtLeastS)} slower by road (over ${mmss(o.etaAtLeastS)})`
                : '无法经道路到达 no road route'
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
        explain: {
          capability: req.capability,
          k: i + 1,
          n: req.count,
          etaS: c.etaS,
          turnoutS: c.turnoutS,
          travelS: c.travelS,
          roadM: c.roadM,
          crossCity: cross ? (c.cityName ?? String(c.cityAdcode)) : null,
        },
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

/**
 * The plan's lines in the order they are filled: scarcest first (candidates able to fill it per unit
 * wanted, counted whether or not the road search reached them, so a search stopped early fills them
 * in the same order); on a tie water first, so the first water tender is the earliest one that is not
 * the only unit able to fill something rarer.
 */
function lineOrder(requirements: readonly Requirement[], candidates: ReadonlyArray<{ capabilities: readonly Capability[] }>): Requirement[] {
  const scarcity = (q: Requirement) => candidates.filter((c) => c.capabilities.includes(q.capability)).length / q.count;
  return [...requirements].sort((a, b) => scarcity(a) - scarcity(b) || Number(b.capability === 'water') - Number(a.capability === 'water'));
}

/** Greedy cover: each line in turn takes its `count` earliest units not taken by a line before it. */
function fillLines<C extends { unitId: number; capabilities: readonly Capability[]; etaS: number }>(
  order: readonly Requirement[],
  pool: readonly C[],
): Array<{ req: Requirement; chosen: C[] }> {
  const taken = new Set<number>();
  return order.map((req) => {
    const chosen = pool
      .filter((c) => c.capabilities.includes(req.capability) && !taken.has(c.unitId))
      .sort((a, b) => a.etaS - b.etaS || a.unitId - b.unitId)
      .slice(0, req.count);
    chosen.forEach((c) => taken.add(c.unitId));
    return { req, chosen };
  });
}

/**
 * For a road search growing from the incident (libs/geo Enough): given the travel times known so far
 * (NaN: not yet), the reach past which the search may stop without changing the recommendation —
 * Infinity while some line cannot yet be filled. Past it, every unit not reached arrives later than
 * the last one each line would take (turnout + at least that reach), so the same greedy cover on the
 * known units is the cover on them all.
 */
export function stopReach(
  requirements: readonly Requirement[],
  units: ReadonlyArray<{ unitId: number; capabilities: readonly Capability[]; turnoutS: number }>,
  /** every candidate recommend() will be given (units the search cannot place included); default: the units searched */
  candidates: ReadonlyArray<{ capabilities: readonly Capability[] }> = units,
): (known: Float64Array) => number {
  const order = lineOrder(requirements, candidates);
  const minTurnout = new Map(order.map((r) => [r.capability, Math.min(...units.filter((u) => u.capabilities.includes(r.capability)).map((u) => u.turnoutS))]));
  return (known) => {
    const pool = units.map((u, i) => ({ unitId: u.unitId, capabilities: u.capabilities, etaS: u.turnoutS + known[i] })).filter((c) => !Number.isNaN(c.etaS));
    let reach = 0;
    for (const { req, chosen } of fillLines(order, pool)) {
      // every unit able to fill the line is known (a line short of units takes them all): nothing unseen can change it
      if (units.every((u, i) => !Number.isNaN(known[i]) || !u.capabilities.includes(req.capability))) continue;
      if (chosen.length < req.count) return Infinity;
      reach = Math.max(reach, chosen[chosen.length - 1].etaS - (minTurnout.get(req.capability) ?? 0));
    }
    return reach;
  };
}
