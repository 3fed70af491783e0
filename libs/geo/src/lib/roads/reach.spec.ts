import { RoadGraph } from './graph';
import { ReachSearch, ReachSeed, seedsOf, timeAtPoint } from './reach';
import { Snap } from './snap';
import { bruteForce, rand, randomGraph } from './test-graphs';

/** Every node's time from the seeds by relaxing every open arc to a fixed point (Bellman-Ford). */
function slowTimes(g: RoadGraph, seeds: readonly ReachSeed[]): { t: Float64Array; src: Int32Array } {
  const t = new Float64Array(g.nodeCount).fill(Infinity);
  const src = new Int32Array(g.nodeCount).fill(-1);
  for (const s of seeds)
    if (s.seconds < t[s.node]) {
      t[s.node] = s.seconds;
      src[s.node] = s.source;
    }
  for (let changed = true; changed;) {
    changed = false;
    for (let e = 0; e < g.edgeCount; e++) {
      if (g.closed[e]) continue;
      const a = g.edgeSource[e];
      const b = g.edgeTarget[e];
      for (const [x, y, c] of [
        [a, b, g.edgeCost[e]],
        [b, a, g.edgeReverseCost[e]],
      ])
        if (c >= 0 && t[x] + c < t[y] - 1e-9) {
          t[y] = t[x] + c;
          src[y] = src[x];
          changed = true;
        }
    }
  }
  return { t, src };
}

const snapAt = (edge: number, fraction: number): Snap => ({ edge, fraction, point: [0, 0], distanceM: 0 });

describe('reach: every node within a time of one start or of many', () => {
  it('reaches exactly the nodes within the limit, at their shortest times, from one start or the nearest of several', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const g = randomGraph(seed, 9);
      const r = rand(seed * 7);
      const search = new ReachSearch(g);
      const starts = Array.from({ length: 1 + (seed % 4) }, (_, i) => seedsOf(g, snapAt(Math.floor(r() * g.edgeCount), r()), r() * 60, i)).flat();
      const limit = 150 + r() * 300;
      const got = search.run(starts, limit);
      const want = slowTimes(g, starts);
      const reached = new Map<number, [number, number]>();
      for (let i = 0; i < got.count; i++) reached.set(got.nodes[i], [got.seconds[i], got.source[i]]);
      for (let n = 0; n < g.nodeCount; n++) {
        if (want.t[n] <= limit) {
          expect({ n, reached: reached.has(n) }).toEqual({ n, reached: true });
          expect(Math.abs((reached.get(n)?.[0] ?? NaN) - want.t[n])).toBeLessThan(1e-6);
          // the nearest start's own time: the source named reaches the node that fast by itself
          const own = slowTimes(
            g,
            starts.filter((s) => s.source === reached.get(n)?.[1]),
          ).t[n];
          expect(Math.abs(own - want.t[n])).toBeLessThan(1e-6);
        } else expect({ n, reached: reached.has(n) }).toEqual({ n, reached: false });
      }
      // settled in time order
      for (let i = 1; i < got.count; i++) expect(got.seconds[i]).toBeGreaterThanOrEqual(got.seconds[i - 1]);
    }
  });

  it('answers the time at any point on the roads as the shortest way from the nearest start, on its own edge too', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const g = randomGraph(seed, 8);
      const r = rand(seed * 13);
      const open = () => {
        let e;
        do e = Math.floor(r() * g.edgeCount);
        while (g.closed[e]);
        return e;
      };
      const starts = Array.from({ length: 1 + (seed % 3) }, () => ({ at: snapAt(open(), r()), seconds: r() * 30 }));
      const search = new ReachSearch(g);
      const times = search.timesOf(
        search.run(
          starts.flatMap((s, i) => seedsOf(g, s.at, s.seconds, i)),
          Infinity,
        ),
      );
      for (let k = 0; k < 30; k++) {
        // a point anywhere, or on a start's own edge
        const at = k % 3 === 0 ? snapAt(starts[k % starts.length].at.edge, r()) : snapAt(open(), r());
        const onEdge = starts.filter((s) => s.at.edge === at.edge).map((s) => ({ fraction: s.at.fraction, seconds: s.seconds }));
        const want = Math.min(...starts.map((s) => s.seconds + bruteForce(g, s.at, at)));
        const got = timeAtPoint(g, times, at, onEdge);
        if (want === Infinity) expect(got).toBe(Infinity);
        else expect(Math.abs(got - want)).toBeLessThan(1e-6);
      }
    }
  });

  it('starts from a point on its edge in the directions the edge allows, and not at all from a closed edge', () => {
    const g = randomGraph(3, 5);
    const e = Array.from({ length: g.edgeCount }, (_, i) => i).find((i) => g.edgeCost[i] >= 0 && g.edgeReverseCost[i] >= 0) ?? 0;
    const seeds = seedsOf(g, snapAt(e, 0.25), 30, 4);
    expect(seeds).toEqual([
      { node: g.edgeTarget[e], seconds: 30 + 0.75 * g.edgeCost[e], source: 4 },
      { node: g.edgeSource[e], seconds: 30 + 0.25 * g.edgeReverseCost[e], source: 4 },
    ]);
    const oneWay = Array.from({ length: g.edgeCount }, (_, i) => i).find((i) => g.edgeCost[i] >= 0 && g.edgeReverseCost[i] < 0);
    if (oneWay !== undefined) expect(seedsOf(g, snapAt(oneWay, 0.5), 0).map((s) => s.node)).toEqual([g.edgeTarget[oneWay]]);
    g.closed[e] = 1;
    expect(seedsOf(g, snapAt(e, 0.25), 30)).toEqual([]);
    g.closed[e] = 0;
  });

  it('counts the road driven within each threshold: whole edges, parts of edges from either end, none past it', () => {
    // a line a – b – c, 100 s and 1,000 m each way per edge; a reached at 0 s
    const g = new RoadGraph({
      edgeIds: [1, 2],
      sourceIds: [1, 2],
      targetIds: [2, 3],
      cost: [100, 100],
      reverseCost: [100, -1],
      lengthM: [1000, 1000],
      geomOffset: Int32Array.from([0, 2, 4]),
      geom: Float64Array.from([115, 28, 115.01, 28, 115.01, 28, 115.02, 28]),
    });
    const search = new ReachSearch(g);
    const fromA = search.run([{ node: 0, seconds: 0, source: 0 }], 1000);
    expect(search.roadWithin(fromA, [50, 100, 150, 200, 500])).toEqual([500, 1000, 1500, 2000, 2000]);
    // from a and b at once: a – b driven from both ends, its parts together never more than the edge
    const fromAB = search.run(
      [
        { node: 0, seconds: 0, source: 0 },
        { node: 1, seconds: 0, source: 1 },
      ],
      1000,
    );
    expect(search.roadWithin(fromAB, [150, 60])).toEqual([2000, 1600]);
    // where it stands at 50 s: half way along a – b; at 150 s half way along b – c (and half way back from b towards a)
    expect(search.frontier(fromA, 50)).toEqual([[115.005, 28]]);
    expect(search.frontier(fromA, 150).map(([x, y]) => [Math.round(x * 1e6) / 1e6, y])).toEqual([
      [115.005, 28],
      [115.015, 28],
    ]);
    expect(search.frontier(fromA, 250)).toEqual([]);
    // by group: a – b in group 0, b – c in group 1
    expect(search.roadWithinBy(fromA, [150], [0, 1], 2).map((m) => Array.from(m))).toEqual([[1000, 500]]);
    // from c only: c → b is one-way the other way, so nothing of it is driven
    expect(search.roadWithin(search.run([{ node: 2, seconds: 0, source: 0 }], 1000), [300])).toEqual([0]);
    // a closed edge is not driven
    g.closed[0] = 1;
    expect(search.roadWithin(search.run([{ node: 0, seconds: 0, source: 0 }], 1000), [500])).toEqual([0]);
  });
});
