import { buildHierarchy, haversineM, HierarchySearch, LonLat, RoadGraph, SnapIndex } from '@gan119/geo';
import type { Capability } from '@gan119/resources';
import { nearestPerLine, recommendWithinBound } from './prefilter';
import { Candidate, recommend } from './recommend';

/**
 * A town on a 20 × 20 street grid (500 m blocks, 40 km/h) cut north–south by a river between columns
 * 9 and 10: the only bridge is on the northernmost street, 9 km north of the incident.
 */
function riverTown() {
  const N = 20,
    step = 0.0045;
  const at = (i: number, j: number): LonLat => [115.8 + j * step * 1.14, 28.6 + i * step];
  const ids: number[] = [],
    src: number[] = [],
    tgt: number[] = [],
    cost: number[] = [],
    len: number[] = [],
    geom: number[] = [],
    off = [0];
  const add = (a: [number, number], b: [number, number]) => {
    const pa = at(...a),
      pb = at(...b);
    const m = haversineM(pa, pb);
    ids.push(ids.length + 1);
    src.push(a[0] * N + a[1] + 1);
    tgt.push(b[0] * N + b[1] + 1);
    cost.push(m / (40 / 3.6));
    len.push(m);
    geom.push(...pa, ...pb);
    off.push(geom.length / 2);
  };
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      const riverHere = j === 9 && i !== N - 1; // no street crosses the river but the northernmost
      if (j + 1 < N && !riverHere) add([i, j], [i, j + 1]);
      if (i + 1 < N) add([i, j], [i + 1, j]);
    }
  const g = new RoadGraph({
    edgeIds: ids,
    sourceIds: src,
    targetIds: tgt,
    cost,
    reverseCost: cost,
    lengthM: len,
    geomOffset: Int32Array.from(off),
    geom: Float64Array.from(geom),
  });
  return { g, at };
}

describe('the straight-line pre-filter with its road bound', () => {
  const { g, at } = riverTown();
  const index = new SnapIndex(g);
  const search = new HierarchySearch(g, buildHierarchy(g));
  const scene = at(2, 8.6); // west bank, by the river
  const target = index.nearest(scene, 500)!;
  // fifteen water engines just across the river, one on the incident's bank 3.3 km west
  const across = Array.from({ length: 15 }, (_, k) => ({ id: 100 + k, at: at(k % 5, 10 + Math.floor(k / 5) * 0.5) }));
  const sameBank = { id: 1, at: at(2, 1) };
  const all = [...across, sameBank].map((u) => ({
    unitId: u.id,
    capabilities: ['water'] as Capability[],
    turnoutS: 60,
    straightM: haversineM(u.at, scene),
    at: u.at,
  }));
  const needed = [{ capability: 'water' as Capability, count: 1 }];
  const time = (units: typeof all) => {
    const snaps = units.map((u) => index.nearest(u.at, 500)!);
    const res = search.manyToOne(target, snaps, { paths: false });
    const candidates: Candidate[] = units.map((u, i) => ({
      unitId: u.unitId,
      name: `U${u.unitId}`,
      kind: 'engine',
      capabilities: u.capabilities,
      cityAdcode: 360100,
      etaS: res.times[i] ? u.turnoutS + res.times[i]!.seconds : null,
      turnoutS: u.turnoutS,
      travelS: res.times[i]?.seconds ?? null,
      roadM: res.times[i]?.meters ?? null,
      straightM: u.straightM,
    }));
    return { rec: recommend(needed, candidates, 360100), candidates };
  };
  const onRoad = (units: typeof all) => units.map((u) => ({ ...u, straightM: haversineM(index.nearest(u.at, 500)!.point, target.point) }));

  it('the nearest by straight line are all across the river: the first guess alone would send one of them round by the bridge', () => {
    const guess = nearestPerLine(needed, all);
    expect(guess.map((u) => u.unitId)).not.toContain(1);
    const pick = time(guess).rec.picks[0];
    expect(pick.unitId).toBeGreaterThanOrEqual(100);
    expect(pick.roadM!).toBeGreaterThan(15000); // up to the bridge and back down
  });

  it('the bound brings in the engine on the same bank, which is fastest by road, and the pick equals timing every unit', () => {
    const { round, units, rounds } = recommendWithinBound(needed, all, g.topSpeedMps, time, onRoad);
    expect(units.map((u) => u.unitId)).toContain(1);
    expect(rounds).toBeGreaterThan(1);
    expect(round.rec.picks[0].unitId).toBe(1);
    const everyone = time(all).rec.picks[0];
    expect(round.rec.picks[0].unitId).toBe(everyone.unitId);
    expect(round.rec.picks[0].etaS).toBeCloseTo(everyone.etaS, 9);
  });

  it('leaves out only units that could not beat the pick even in a straight line at top speed', () => {
    const { round, units } = recommendWithinBound(needed, all, g.topSpeedMps, time, onRoad);
    const timed = new Set(units.map((u) => u.unitId));
    const bar = round.rec.picks[0].etaS;
    for (const u of onRoad(all.filter((x) => !timed.has(x.unitId)))) expect(u.turnoutS + u.straightM / g.topSpeedMps).toBeGreaterThanOrEqual(bar);
  });
});
