import type { Capability } from '@gan119/resources';
import type { Recommendation } from './recommend';
import type { Requirement } from './response-plans';

export type Nearby = { unitId: number; capabilities: readonly Capability[]; turnoutS: number; straightM: number };

/**
 * The units worth timing by road first: per line of the plan, the nearest by straight line — three
 * times the count wanted plus six. A first guess only: `couldBeatPicks` then brings in every unit left
 * out that might still arrive sooner.
 */
export function nearestPerLine<T extends Nearby>(needed: readonly Requirement[], units: readonly T[]): T[] {
  const keep = new Set<number>();
  for (const w of needed) {
    units
      .filter((u) => u.capabilities.includes(w.capability))
      .sort((a, b) => a.straightM - b.straightM)
      .slice(0, w.count * 3 + 6)
      .forEach((u) => keep.add(u.unitId));
  }
  return units.filter((u) => keep.has(u.unitId));
}

/**
 * The units left out that could still beat a pick, by a bound no road can break: a unit needs at
 * least its turnout plus the straight-line distance at the network's top speed. A line's bar is its
 * slowest pick (no bar, Infinity, when the line is short of units). A unit whose bound is under the
 * bar of a line it can fill is returned, to be timed by road; when none is, no unit left out can
 * arrive before any unit picked, whatever the roads (a river crossed only at a distant bridge
 * included).
 *
 * `straightM` must not overstate the distance between the unit's and the scene's road positions.
 */
export function couldBeatPicks<T extends Nearby>(needed: readonly Requirement[], rec: Recommendation, left: readonly T[], topSpeedMps: number): T[] {
  const bar = new Map<Capability, number>();
  for (const r of needed) {
    const short = rec.shortfall.some((s) => s.capability === r.capability);
    const etas = rec.picks.filter((p) => p.capability === r.capability).map((p) => p.etaS);
    bar.set(r.capability, short || etas.length === 0 ? Infinity : Math.max(...etas));
  }
  return left.filter((u) => u.capabilities.some((c) => u.turnoutS + u.straightM / topSpeedMps < (bar.get(c) ?? -Infinity)));
}

/**
 * Recommends by road without timing every free unit: times the nearest few per line, then, as long as
 * some unit left out could still beat a pick, times those too and recommends again. `time` answers
 * the recommendation for a set of units; `onRoad` restates the bound's straight line of the units it
 * is given as the distance between their road positions and the scene's (units off the network
 * dropped); `free` carries a straight line that does not overstate that distance.
 */
export function recommendWithinBound<T extends Nearby, R extends { rec: Recommendation }>(
  needed: readonly Requirement[],
  free: readonly T[],
  topSpeedMps: number,
  time: (units: T[]) => R,
  onRoad: (units: T[]) => T[],
): { round: R; units: T[]; rounds: number } {
  let units = nearestPerLine(needed, free);
  let round = time(units);
  let rounds = 1;
  for (;;) {
    const have = new Set(units.map((u) => u.unitId));
    const rough = couldBeatPicks(
      needed,
      round.rec,
      free.filter((u) => !have.has(u.unitId)),
      topSpeedMps,
    );
    const extra = rough.length ? couldBeatPicks(needed, round.rec, onRoad(rough), topSpeedMps) : [];
    if (!extra.length) return { round, units, rounds };
    const add = new Set(extra.map((u) => u.unitId));
    units = [...units, ...free.filter((u) => add.has(u.unitId))];
    round = time(units);
    rounds++;
  }
}
