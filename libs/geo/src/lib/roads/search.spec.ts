import { RoadGraph } from './graph';
import { RoadSearch } from './search';
import { Snap } from './snap';
import { haversineM } from '../distance';

function rand(seed: number) {
  let a = seed;
  return () => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** A random road graph on a jittered grid with one-way and closed streets. */
function randomGraph(seed: number, n = 7) {
  const r = rand(seed);
  const ids: number[] = [],
    src: number[] = [],
    tgt: number[] = [],
    cost: number[] = [],
    rcost: number[] = [],
    len: number[] = [];
  const geom: number[] = [];
  const off = [0];
  const at = (i: number, j: number) => [115 + j * 0.01 + r() * 0.001, 28 + i * 0.01 + r() * 0.001];
  const pts: number[][] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) pts.push(at(i, j));
  const addEdge = (a: number, b: number) => {
    if (r() < 0.1) return; // missing street
    const c = 20 + r() * 100;
    const mode = r();
    ids.push(1000 + ids.length);
    src.push(a + 1);
    tgt.push(b + 1);
    cost.push(mode < 0.15 ? -1 : c);
    rcost.push(mode > 0.85 ? -1 : c * (0.8 + r() * 0.4));
    len.push(c * 10);
    geom.push(...pts[a], (pts[a][0] + pts[b][0]) / 2, (pts[a][1] + pts[b][1]) / 2, ...pts[b]);
    off.push(geom.length / 2);
  };
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (j + 1 < n) addEdge(i * n + j, i * n + j + 1);
      if (i + 1 < n) addEdge(i * n + j, (i + 1) * n + j);
    }
  return new RoadGraph({
    edgeIds: ids,
    sourceIds: src,
    targetIds: tgt,
    cost,
    reverseCost: rcost,
    lengthM: len,
    geomOffset: Int32Array.from(off),
    geom: Float64Array.from(geom),
  });
}

/** Brute force: the graph plus a node per point, Bellman-Ford style relaxation to a fixed point. */
function bruteForce(g: RoadGraph, from: Snap, to: Snap): number {
  const P = g.nodeCount,
    Q = g.nodeCount + 1; // from, to
  const arcs: Array<[number, number, number]> = [];
  for (let e = 0; e < g.edgeCount; e++) {
    if (g.closed[e]) continue;
    const s = g.edgeSource[e],
      t = g.edgeTarget[e],
      c = g.edgeCost[e],
      rc = g.edgeReverseCost[e];
    if (c >= 0) arcs.push([s, t, c]);
    if (rc >= 0) arcs.push([t, s, rc]);
  }
  for (const [p, snap] of [
    [P, from],
    [Q, to],
  ] as const) {
    const e = snap.edge,
      f = snap.fraction,
      s = g.edgeSource[e],
      t = g.edgeTarget[e],
      c = g.edgeCost[e],
      rc = g.edgeReverseCost[e];
    if (c >= 0) arcs.push([s, p, f * c], [p, t, (1 - f) * c]);
    if (rc >= 0) arcs.push([t, p, (1 - f) * rc], [p, s, f * rc]);
  }
  if (from.edge === to.edge) {
    const e = from.edge,
      c = g.edgeCost[e],
      rc = g.edgeReverseCost[e];
    if (from.fraction <= to.fraction && c >= 0) arcs.push([P, Q, (to.fraction - from.fraction) * c]);
    if (from.fraction >= to.fraction && rc >= 0) arcs.push([P, Q, (from.fraction - to.fraction) * rc]);
  }
  const d = new Array(g.nodeCount + 2).fill(Infinity);
  d[P] = 0;
  for (let changed = true; changed;) {
    changed = false;
    for (const [a, b, w] of arcs)
      if (d[a] + w < d[b] - 1e-12) {
        d[b] = d[a] + w;
        changed = true;
      }
  }
  return d[Q];
}

describe('RoadSearch', () => {
  it('many-to-one and one-to-many equal brute force on random graphs with one-way streets, closures and points mid-edge', () => {
    let compared = 0,
      unreachable = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const g = randomGraph(seed);
      const r = rand(seed * 7);
      for (let e = 0; e < g.edgeCount; e++) if (r() < 0.05) g.closed[e] = 1;
      const open = () => {
        let e;
        do e = Math.floor(r() * g.edgeCount);
        while (g.closed[e]);
        return e;
      };
      const search = new RoadSearch(g);
      for (let q = 0; q < 8; q++) {
        const target: Snap = { edge: open(), fraction: r(), point: [0, 0], distanceM: 0 };
        const sources: Snap[] = Array.from({ length: 6 }, () => ({ edge: open(), fraction: r(), point: [0, 0] as const, distanceM: 0 }));
        sources.push({ ...target, fraction: Math.min(1, target.fraction + 0.1) }, { ...target, fraction: Math.max(0, target.fraction - 0.1) });
        const got = search.manyToOne(target, sources);
        const out = search.oneToMany(target, sources);
        sources.forEach((s, i) => {
          const want = bruteForce(g, s, target);
          if (want === Infinity) {
            expect(got[i]).toBeNull();
            unreachable++;
          } else expect(got[i]!.seconds).toBeCloseTo(want, 6);
          const back = bruteForce(g, target, s);
          if (back === Infinity) expect(out[i]).toBeNull();
          else expect(out[i]!.seconds).toBeCloseTo(back, 6);
          compared++;
        });
      }
    }
    expect(compared).toBe(25 * 8 * 8);
    expect(unreachable).toBeGreaterThan(0); // the cases include one-way dead ends
  });

  it('many-to-one stops where `enough` says: points it finished have their exact time, the rest lie beyond its last radius', () => {
    let stoppedEarly = 0,
      unfinished = 0;
    for (let seed = 50; seed < 70; seed++) {
      const g = randomGraph(seed, 9);
      const r = rand(seed * 3);
      const search = new RoadSearch(g);
      const target: Snap = { edge: Math.floor(r() * g.edgeCount), fraction: r(), point: [0, 0], distanceM: 0 };
      const sources: Snap[] = Array.from({ length: 12 }, () => ({ edge: Math.floor(r() * g.edgeCount), fraction: r(), point: [0, 0] as const, distanceM: 0 }));
      const full = search.manyToOne(target, sources);
      // stop once three points are known: past the third known time
      const got = search.manyToOne(target, sources, Infinity, (known) => {
        const times = [...known].filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
        return times.length >= 3 ? times[2] : Infinity;
      });
      const radius = search.lastRadius;
      if (radius < Infinity) stoppedEarly++;
      sources.forEach((_, i) => {
        if (got[i]) expect(got[i]!.seconds).toBeCloseTo(full[i]!.seconds, 9);
        else if (full[i]) {
          unfinished++;
          expect(radius).toBeLessThan(Infinity);
          expect(full[i]!.seconds).toBeGreaterThanOrEqual(radius - 1e-9);
        }
      });
      expect(got.filter((x) => x !== null).length).toBeGreaterThanOrEqual(Math.min(3, full.filter((x) => x !== null).length));
    }
    expect(stoppedEarly).toBeGreaterThan(10);
    expect(unfinished).toBeGreaterThan(20);
  });

  it('route time equals many-to-one and brute force, and its geometry runs from the start to the end point', () => {
    for (let seed = 30; seed < 45; seed++) {
      const g = randomGraph(seed);
      const r = rand(seed);
      const search = new RoadSearch(g);
      const from: Snap = { edge: Math.floor(r() * g.edgeCount), fraction: r(), point: [0, 0], distanceM: 0 };
      const to: Snap = { edge: Math.floor(r() * g.edgeCount), fraction: r(), point: [0, 0], distanceM: 0 };
      const want = bruteForce(g, from, to);
      const route = search.route(from, to);
      if (want === Infinity) {
        expect(route).toBeNull();
        continue;
      }
      expect(route!.seconds).toBeCloseTo(want, 6);
      const m2o = search.manyToOne(to, [from])[0]!;
      expect(m2o.seconds).toBeCloseTo(want, 6);
      // the same way read off the reverse search's tree: same length as the route, same ends
      const path = search.pathOfLastManyToOne(0)!;
      const length = path.slice(1).reduce((sum, p, k) => sum + haversineM(path[k], p), 0);
      const routeLength = route!.coordinates.slice(1).reduce((sum, p, k) => sum + haversineM(route!.coordinates[k], p), 0);
      expect(length).toBeCloseTo(routeLength, 0);
      expect(path[0][0]).toBeCloseTo(route!.coordinates[0][0], 9);
      expect(path[path.length - 1][1]).toBeCloseTo(route!.coordinates[route!.coordinates.length - 1][1], 9);
      const [start] = search.part(from.edge, from.fraction, from.fraction);
      const [end] = search.part(to.edge, to.fraction, to.fraction);
      expect(route!.coordinates[0][0]).toBeCloseTo(start[0], 9);
      expect(route!.coordinates[route!.coordinates.length - 1][1]).toBeCloseTo(end[1], 9);
      expect(route!.edgeIds[0]).toBe(g.edgeId[from.edge]);
      expect(route!.edgeIds[route!.edgeIds.length - 1]).toBe(g.edgeId[to.edge]);
    }
  });

  it('honours a closure at once and stops at maxSeconds', () => {
    let checked = 0;
    for (let seed = 50; seed < 80 && checked < 10; seed++) {
      const g = randomGraph(seed);
      const search = new RoadSearch(g);
      const to: Snap = { edge: 0, fraction: 0.5, point: [0, 0], distanceM: 0 };
      const from: Snap = { edge: g.edgeCount - 1, fraction: 0.5, point: [0, 0], distanceM: 0 };
      const before = search.route(from, to);
      if (!before || before.edgeIds.length < 3) continue;
      const middle = before.edgeIds[Math.floor(before.edgeIds.length / 2)];
      g.setClosed(middle, true);
      const after = search.route(from, to);
      const want = bruteForce(g, from, to);
      if (want === Infinity) expect(after).toBeNull();
      else {
        expect(after!.edgeIds).not.toContain(middle);
        expect(after!.seconds).toBeCloseTo(want, 6);
        expect(after!.seconds).toBeGreaterThanOrEqual(before.seconds);
      }
      g.setClosed(middle, false);
      expect(search.route(from, to)!.seconds).toBeCloseTo(before.seconds, 9);
      expect(search.manyToOne(to, [from], before.seconds / 2)[0]).toBeNull();
      checked++;
    }
    expect(checked).toBe(10);
  });
});
