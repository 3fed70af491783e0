import { haversineM } from '../distance';
import { buildHierarchy } from './contraction';
import { RoadGraph } from './graph';
import { HierarchySearch } from './hierarchy-search';
import { RoadSearch } from './search';
import { Snap } from './snap';

/** Test fixtures for the road searches: random graphs and a brute-force shortest time to check them against. */
export function rand(seed: number) {
  let a = seed;
  return () => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** A random road graph on a jittered grid with one-way and closed streets. */
export function randomGraph(seed: number, n = 7) {
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
export function bruteForce(g: RoadGraph, from: Snap, to: Snap): number {
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

const at = (edge: number, fraction: number): Snap => ({ edge, fraction, point: [0, 0], distanceM: 0 });
const lengthOf = (path: ReadonlyArray<readonly [number, number]>) => path.slice(1).reduce((s, p, k) => s + haversineM(path[k], p), 0);

/**
 * The contraction hierarchy against the plain search on `queries` random targets with `perQuery`
 * random sources each (and two on the target's own edge): every pair whose time differs, or whose
 * drawn way is not as long as the plain search's when both ways are the same length, is a mismatch.
 */
export function compareWithPlain(g: RoadGraph, seed: number, queries: number, perQuery: number): { pairs: number; unreachable: number; mismatches: string[] } {
  const r = rand(seed);
  const open = () => {
    let e;
    do e = Math.floor(r() * g.edgeCount);
    while (g.closed[e]);
    return e;
  };
  const plain = new RoadSearch(g);
  const fast = new HierarchySearch(g, buildHierarchy(g));
  const mismatches: string[] = [];
  let pairs = 0,
    unreachable = 0;
  for (let q = 0; q < queries; q++) {
    const target = at(open(), r());
    const sources = Array.from({ length: perQuery }, () => at(open(), r()));
    sources.push({ ...target, fraction: Math.min(1, target.fraction + 0.2) }, { ...target, fraction: Math.max(0, target.fraction - 0.2) });
    const want = plain.manyToOne(target, sources);
    const got = fast.manyToOne(target, sources);
    sources.forEach((s, i) => {
      pairs++;
      const w = want.times[i];
      const x = got.times[i];
      const pair = `target ${target.edge}@${target.fraction.toFixed(3)} source ${s.edge}@${s.fraction.toFixed(3)}`;
      if (!w || !x) {
        if (w || x) mismatches.push(`${pair}: plain ${w?.seconds ?? 'unreachable'}, hierarchy ${x?.seconds ?? 'unreachable'}`);
        else unreachable++;
        return;
      }
      if (Math.abs(x.seconds - w.seconds) > 1e-6 * Math.max(1, w.seconds)) mismatches.push(`${pair}: plain ${w.seconds} s, hierarchy ${x.seconds} s`);
      const path = got.path(i);
      if (!path || path.length < 2) mismatches.push(`${pair}: no way drawn`);
      else if (Math.abs(x.meters - w.meters) < 1e-3 && Math.abs(lengthOf(path) - lengthOf(want.path(i) ?? [])) > 10)
        mismatches.push(`${pair}: way drawn ${lengthOf(path).toFixed(0)} m, plain ${lengthOf(want.path(i) ?? []).toFixed(0)} m`);
    });
  }
  return { pairs, unreachable, mismatches };
}
