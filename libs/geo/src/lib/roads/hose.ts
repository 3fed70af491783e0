import type { RoadGraph } from './graph';
import { IndexedMinHeap } from './indexed-heap';
import type { Snap } from './snap';

/** A point on the road a hose is laid from: its edge and the fraction along it. */
export type HosePoint = Pick<Snap, 'edge' | 'fraction'>;

/**
 * Distances along the roads, as a hose is laid (GB 50974 measures a hydrant's reach along the
 * street): metres, both ways on every street whatever its one-way rule, closures ignored. A bounded
 * multi-source Dijkstra; `dist` is valid for the nodes of the last run (Infinity elsewhere).
 */
export class HoseSearch {
  readonly dist: Float64Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private readonly heap: IndexedMinHeap;

  constructor(private readonly g: RoadGraph) {
    this.dist = new Float64Array(g.nodeCount).fill(Infinity);
    this.touched = new Int32Array(g.nodeCount);
    this.heap = new IndexedMinHeap(g.nodeCount);
  }

  /** The nodes within `limit` metres of the seeds (node, metres already laid), nearest first. */
  run(seeds: ReadonlyArray<{ node: number; meters: number }>, limit: number): Int32Array {
    const { g, dist, touched, heap } = this;
    for (let i = 0; i < this.touchedCount; i++) dist[touched[i]] = Infinity;
    this.touchedCount = 0;
    heap.clear();
    const reach = (u: number, d: number) => {
      if (d > limit || !(d < dist[u])) return;
      if (dist[u] === Infinity) touched[this.touchedCount++] = u;
      dist[u] = d;
      heap.push(u, d);
    };
    for (const s of seeds) reach(s.node, s.meters);
    const settled: number[] = [];
    const { fwdStart, fwdHead, fwdEdge, revStart, revTail, revEdge, edgeLength } = g;
    while (heap.size) {
      const d = heap.minKey();
      const v = heap.pop();
      settled.push(v);
      for (let a = fwdStart[v], end = fwdStart[v + 1]; a < end; a++) reach(fwdHead[a], d + edgeLength[fwdEdge[a]]);
      for (let a = revStart[v], end = revStart[v + 1]; a < end; a++) reach(revTail[a], d + edgeLength[revEdge[a]]);
    }
    return Int32Array.from(settled);
  }
}

/** The seeds of hose points: both ends of each one's edge, the way along it already laid. */
export const hoseSeeds = (g: RoadGraph, points: readonly HosePoint[]) =>
  points.flatMap((p) => [
    { node: g.edgeSource[p.edge], meters: p.fraction * g.edgeLength[p.edge] },
    { node: g.edgeTarget[p.edge], meters: (1 - p.fraction) * g.edgeLength[p.edge] },
  ]);

/** The length of the union of intervals within [0, length]. */
export function unionLength(length: number, intervals: ReadonlyArray<readonly [number, number]>): number {
  const xs = intervals
    .map(([a, b]) => [Math.max(0, a), Math.min(length, b)] as const)
    .filter(([a, b]) => b > a)
    .sort((p, q) => p[0] - q[0]);
  let total = 0,
    lo = -1,
    hi = -1;
  for (const [a, b] of xs) {
    if (a > hi) {
      total += hi - lo;
      lo = a;
      hi = b;
    } else hi = Math.max(hi, b);
  }
  return total + (hi - lo);
}

/** The gaps of intervals within [0, length] (the parts no interval covers), in order. */
export function gapsOf(length: number, intervals: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const xs = [...intervals].sort((p, q) => p[0] - q[0]);
  const out: Array<[number, number]> = [];
  let at = 0;
  for (const [a, b] of xs) {
    if (a > at) out.push([at, Math.min(a, length)]);
    at = Math.max(at, b);
    if (at >= length) break;
  }
  if (at < length) out.push([at, length]);
  return out.filter(([a, b]) => b - a > 1e-9);
}

/**
 * What hydrants cover of each street edge within `radius` metres along the roads: from each end, the
 * part a hose reaches through that end; and around a hydrant on the edge itself, `radius` either side.
 * `cover(e)` gives the covered intervals (metres from the edge's source).
 */
export class StreetCover {
  /** metres covered from each edge's source end and target end (through the node) */
  readonly fromSource: Float64Array;
  readonly fromTarget: Float64Array;
  /** hydrants standing on an edge: their place along it (metres from the source) */
  private readonly onEdge = new Map<number, number[]>();

  constructor(
    private readonly g: RoadGraph,
    readonly radius: number,
    hydrants: readonly HosePoint[],
    search: HoseSearch,
  ) {
    this.fromSource = new Float64Array(g.edgeCount);
    this.fromTarget = new Float64Array(g.edgeCount);
    for (const h of hydrants) {
      const list = this.onEdge.get(h.edge) ?? [];
      list.push(h.fraction * g.edgeLength[h.edge]);
      this.onEdge.set(h.edge, list);
    }
    this.addReach(search.run(hoseSeeds(g, hydrants), radius), search.dist);
  }

  /** Takes in what a search from new hydrants reached (their nodes and distances). */
  addReach(nodes: Int32Array, dist: Float64Array): void {
    for (const v of nodes) this.eachEnd(v, (e, atSource) => this.raise(e, atSource, this.radius - dist[v]));
  }

  /** Each edge end at node v: the edge, and whether v is its source. */
  eachEnd(v: number, f: (e: number, atSource: boolean) => void): void {
    const g = this.g;
    for (let a = g.fwdStart[v]; a < g.fwdStart[v + 1]; a++) f(g.fwdEdge[a], g.edgeSource[g.fwdEdge[a]] === v);
    for (let a = g.revStart[v]; a < g.revStart[v + 1]; a++) f(g.revEdge[a], g.edgeSource[g.revEdge[a]] === v);
  }

  private raise(e: number, atSource: boolean, m: number): void {
    if (atSource) this.fromSource[e] = Math.max(this.fromSource[e], m);
    else this.fromTarget[e] = Math.max(this.fromTarget[e], m);
  }

  /** The covered intervals of edge e, with from-end reaches `a` (source) and `b` (target) — by default the current ones. */
  cover(e: number, a = this.fromSource[e], b = this.fromTarget[e]): Array<[number, number]> {
    const L = this.g.edgeLength[e];
    const out: Array<[number, number]> = [];
    if (a > 0) out.push([0, a]);
    if (b > 0) out.push([L - b, L]);
    for (const x of this.onEdge.get(e) ?? []) out.push([x - this.radius, x + this.radius]);
    return out;
  }

  coveredM(e: number, a?: number, b?: number): number {
    return unionLength(this.g.edgeLength[e], this.cover(e, a, b));
  }
}

/**
 * Sites for `k` new hydrants at road vertices, each in turn where it covers the most street length not
 * yet covered within the radius (`isStreet`: the edges that count) — greedy, lazily re-evaluated
 * (a site's gain only shrinks as others are placed). Returns each site's node and the metres it adds.
 */
export function siteHydrants(cover: StreetCover, search: HoseSearch, candidates: Int32Array, isStreet: (e: number) => boolean, k: number): HydrantSite[] {
  const steps = siteHydrantsInSteps(cover, search, candidates, isStreet, k);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export type HydrantSite = { node: number; gainM: number };

/**
 * The same, in steps: yields its progress (0–1) every `every` evaluations, so a caller can let other
 * work run in between (a province's gaps take seconds), and returns the sites.
 */
export function* siteHydrantsInSteps(
  cover: StreetCover,
  search: HoseSearch,
  candidates: Int32Array,
  isStreet: (e: number) => boolean,
  k: number,
  every = 2000,
): Generator<number, HydrantSite[], void> {
  let evaluations = 0;
  const gainOf = (v: number): { gain: number; nodes: Int32Array } => {
    evaluations++;
    const nodes = search.run([{ node: v, meters: 0 }], cover.radius);
    const best = new Map<number, [number, number]>();
    for (const u of nodes)
      cover.eachEnd(u, (e, atSource) => {
        if (!isStreet(e)) return;
        const cur = best.get(e) ?? [cover.fromSource[e], cover.fromTarget[e]];
        const m = cover.radius - search.dist[u];
        best.set(e, atSource ? [Math.max(cur[0], m), cur[1]] : [cur[0], Math.max(cur[1], m)]);
      });
    let gain = 0;
    for (const [e, [a, b]] of best) gain += cover.coveredM(e, a, b) - cover.coveredM(e);
    return { gain, nodes };
  };
  // a max-heap by gain, as a min-heap of negated gains, over candidate indices
  const heap = new IndexedMinHeap(candidates.length);
  for (let i = 0; i < candidates.length; i++) {
    const { gain } = gainOf(candidates[i]);
    if (gain > 0.5) heap.push(i, -gain);
    if (evaluations % every === 0) yield (0.5 * i) / candidates.length;
  }
  const out: HydrantSite[] = [];
  while (out.length < k && heap.size) {
    if (evaluations % every === 0) yield 0.5 + (0.5 * out.length) / k;
    const i = heap.pop();
    const { gain, nodes } = gainOf(candidates[i]);
    if (gain <= 0.5) continue;
    if (heap.size && gain < -heap.minKey() - 1e-6) {
      heap.push(i, -gain); // stale: back in at its true gain
      continue;
    }
    cover.addReach(nodes, search.dist);
    out.push({ node: candidates[i], gainM: gain });
  }
  return out;
}
