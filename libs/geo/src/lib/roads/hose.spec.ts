import { RoadGraph } from './graph';
import { gapsOf, HosePoint, HoseSearch, hoseSeeds, siteHydrants, StreetCover, unionLength } from './hose';
import { rand, randomGraph } from './test-graphs';

/** Every node's hose distance from the seeds: every edge both ways at its length, relaxed to a fixed point. */
function slowDistances(g: RoadGraph, seeds: ReadonlyArray<{ node: number; meters: number }>): Float64Array {
  const d = new Float64Array(g.nodeCount).fill(Infinity);
  for (const s of seeds) d[s.node] = Math.min(d[s.node], s.meters);
  for (let changed = true; changed;) {
    changed = false;
    for (let e = 0; e < g.edgeCount; e++)
      for (const [x, y] of [
        [g.edgeSource[e], g.edgeTarget[e]],
        [g.edgeTarget[e], g.edgeSource[e]],
      ])
        if (d[x] + g.edgeLength[e] < d[y] - 1e-9) {
          d[y] = d[x] + g.edgeLength[e];
          changed = true;
        }
  }
  return d;
}

/** Covered metres of edge e by sampling every metre: the nearest hydrant along the roads within the radius. */
function sampledCover(g: RoadGraph, e: number, hydrants: readonly HosePoint[], d: Float64Array, radius: number): number {
  const L = g.edgeLength[e];
  let n = 0;
  for (let x = 0.5; x < L; x += 1) {
    let best = Math.min(x + d[g.edgeSource[e]], L - x + d[g.edgeTarget[e]]);
    for (const h of hydrants) if (h.edge === e) best = Math.min(best, Math.abs(x - h.fraction * L));
    if (best <= radius) n++;
  }
  return n;
}

const hydrantsOn = (g: RoadGraph, seed: number, n: number): HosePoint[] => {
  const r = rand(seed * 31 + 7);
  return Array.from({ length: n }, () => ({ edge: Math.floor(r() * g.edgeCount), fraction: r() }));
};

describe('hose distances, street cover and hydrant siting (GB 50974: along the roads)', () => {
  it('measures along the roads both ways, one-way streets too, as a fixed-point relaxation does', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const g = randomGraph(seed, 8);
      const search = new HoseSearch(g);
      const seeds = hoseSeeds(g, hydrantsOn(g, seed, 3));
      const limit = 1500;
      const nodes = search.run(seeds, limit);
      const slow = slowDistances(g, seeds);
      for (let v = 0; v < g.nodeCount; v++) {
        if (slow[v] <= limit) expect(search.dist[v]).toBeCloseTo(slow[v], 6);
        else expect(search.dist[v]).toBe(Infinity);
      }
      expect(nodes.length).toBe([...slow].filter((x) => x <= limit).length);
      for (let i = 1; i < nodes.length; i++) expect(search.dist[nodes[i]]).toBeGreaterThanOrEqual(search.dist[nodes[i - 1]]);
    }
  });

  it('covers of each edge what lies within the radius of a hydrant, by a metre-by-metre check', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const g = randomGraph(seed, 6);
      const hydrants = hydrantsOn(g, seed, 4);
      const radius = 400;
      const cover = new StreetCover(g, radius, hydrants, new HoseSearch(g));
      const d = slowDistances(g, hoseSeeds(g, hydrants));
      for (let e = 0; e < g.edgeCount; e++) expect(Math.abs(cover.coveredM(e) - sampledCover(g, e, hydrants, d, radius))).toBeLessThanOrEqual(1.01);
    }
  });

  it('adds intervals and finds the gaps between them', () => {
    expect(unionLength(100, [])).toBe(0);
    expect(
      unionLength(100, [
        [-20, 10],
        [5, 30],
        [50, 60],
        [90, 200],
      ]),
    ).toBe(50);
    expect(
      gapsOf(100, [
        [-20, 10],
        [5, 30],
        [50, 60],
        [90, 200],
      ]),
    ).toEqual([
      [30, 50],
      [60, 90],
    ]);
    expect(gapsOf(100, [])).toEqual([[0, 100]]);
    expect(gapsOf(100, [[0, 100]])).toEqual([]);
  });

  it('sites hydrants where they cover the most: the first as the best single vertex, each gain what it added', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const g = randomGraph(seed, 6);
      const hydrants = hydrantsOn(g, seed, 2);
      const radius = 300;
      const total = (c: StreetCover) => Array.from({ length: g.edgeCount }, (_, e) => c.coveredM(e)).reduce((s, x) => s + x, 0);
      const atVertex = (v: number): HosePoint => {
        for (let e = 0; e < g.edgeCount; e++) if (g.edgeSource[e] === v) return { edge: e, fraction: 0 };
        for (let e = 0; e < g.edgeCount; e++) if (g.edgeTarget[e] === v) return { edge: e, fraction: 1 };
        throw new Error('isolated vertex');
      };
      const before = total(new StreetCover(g, radius, hydrants, new HoseSearch(g)));
      // brute force: the best single vertex
      let best = 0;
      for (let v = 0; v < g.nodeCount; v++) best = Math.max(best, total(new StreetCover(g, radius, [...hydrants, atVertex(v)], new HoseSearch(g))) - before);
      const search = new HoseSearch(g);
      const cover = new StreetCover(g, radius, hydrants, search);
      const all = Int32Array.from({ length: g.nodeCount }, (_, v) => v);
      const sites = siteHydrants(cover, search, all, () => true, 4);
      expect(sites[0].gainM).toBeCloseTo(best, 3);
      for (let i = 1; i < sites.length; i++) expect(sites[i].gainM).toBeLessThanOrEqual(sites[i - 1].gainM + 1e-6);
      const after = total(new StreetCover(g, radius, [...hydrants, ...sites.map((s) => atVertex(s.node))], new HoseSearch(g)));
      expect(after - before).toBeCloseTo(
        sites.reduce((s, x) => s + x.gainM, 0),
        3,
      );
    }
  });
});
