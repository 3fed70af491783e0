import { LonLat } from '../coords';
import { RoadGraph } from './graph';
import { IndexedMinHeap } from './indexed-heap';
import { Snap } from './snap';
import { edgePart } from './walk';

/** Where a reach search starts: a node, already `seconds` in (the turnout, the way along the start's own edge), for `source`. */
export type ReachSeed = { node: number; seconds: number; source: number };

/**
 * The nodes a bounded search reached, in the order it settled them (so by time): node indices, their
 * time from the nearest seed, and that seed's source. Only the first `count` entries are meaningful.
 */
export type Reached = { count: number; nodes: Int32Array; seconds: Float64Array; source: Int32Array };

/**
 * The seeds of a start on an edge (a station snapped to its road), `startSeconds` in: forward along the
 * edge to its target and against it to its source, where each direction is allowed and the edge open.
 */
export function seedsOf(g: RoadGraph, at: Snap, startSeconds: number, source = 0): ReachSeed[] {
  const e = at.edge;
  if (g.closed[e] !== 0) return [];
  const out: ReachSeed[] = [];
  if (g.edgeCost[e] >= 0) out.push({ node: g.edgeTarget[e], seconds: startSeconds + (1 - at.fraction) * g.edgeCost[e], source });
  if (g.edgeReverseCost[e] >= 0) out.push({ node: g.edgeSource[e], seconds: startSeconds + at.fraction * g.edgeReverseCost[e], source });
  return out;
}

/**
 * Bounded forward searches on the resident graph: every node within `limit` seconds of the seeds, each
 * with the seed that reaches it first. One seed's source per station gives a station's reach; every
 * station's seeds at once give the minutes to the nearest one (a multi-source search). Closed edges
 * are not driven. Keeps its scratch arrays between calls (reset in O(touched)); not re-entrant.
 */
export class ReachSearch {
  private readonly dist: Float64Array;
  private readonly from: Int32Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private readonly heap: IndexedMinHeap;
  /** per edge: the share of it driven so far (roadWithin), and the edges touched */
  private readonly share: Float64Array;
  private readonly shared: Int32Array;

  constructor(private readonly g: RoadGraph) {
    this.share = new Float64Array(g.edgeCount);
    this.shared = new Int32Array(g.edgeCount);
    this.dist = new Float64Array(g.nodeCount).fill(Infinity);
    this.from = new Int32Array(g.nodeCount).fill(-1);
    this.touched = new Int32Array(g.nodeCount);
    this.heap = new IndexedMinHeap(g.nodeCount);
  }

  run(seeds: readonly ReachSeed[], limit: number): Reached {
    const g = this.g;
    const { dist, from, touched, heap } = this;
    for (let i = 0; i < this.touchedCount; i++) {
      dist[touched[i]] = Infinity;
      from[touched[i]] = -1;
    }
    this.touchedCount = 0;
    heap.clear();
    for (const s of seeds) {
      if (s.seconds > limit || !(s.seconds < dist[s.node])) continue;
      if (dist[s.node] === Infinity) touched[this.touchedCount++] = s.node;
      dist[s.node] = s.seconds;
      from[s.node] = s.source;
      heap.push(s.node, s.seconds);
    }
    let nodes = new Int32Array(1024);
    let seconds = new Float64Array(1024);
    let source = new Int32Array(1024);
    let count = 0;
    const { fwdStart, fwdHead, fwdEdge, fwdCost, closed } = g;
    while (heap.size) {
      const d = heap.minKey();
      const v = heap.pop();
      if (count === nodes.length) {
        nodes = grow(nodes, new Int32Array(count * 2));
        seconds = grow(seconds, new Float64Array(count * 2));
        source = grow(source, new Int32Array(count * 2));
      }
      nodes[count] = v;
      seconds[count] = d;
      source[count++] = from[v];
      for (let a = fwdStart[v], end = fwdStart[v + 1]; a < end; a++) {
        if (closed[fwdEdge[a]] !== 0) continue;
        const u = fwdHead[a];
        const nd = d + fwdCost[a];
        if (nd <= limit && nd < dist[u]) {
          if (dist[u] === Infinity) touched[this.touchedCount++] = u;
          dist[u] = nd;
          from[u] = from[v];
          heap.push(u, nd);
        }
      }
    }
    return { count, nodes, seconds, source };
  }

  /**
   * The road length (m) within each threshold of a search's result: of every open edge, the part driven
   * from either end within the threshold (from an end reached at t, a share (T − t) / cost of the edge in
   * that direction; both ends' parts together at most the whole edge).
   */
  roadWithin(r: Reached, thresholds: readonly number[]): number[] {
    return this.roadWithinBy(r, thresholds, null, 1).map((m) => m[0]);
  }

  /**
   * The same, summed per group of edges (`groupOf[e]`: 0 … groups − 1, e.g. the county an edge lies in;
   * negative: in none): per threshold, the metres within it in each group.
   */
  roadWithinBy(r: Reached, thresholds: readonly number[], groupOf: ArrayLike<number> | null, groups: number): Float64Array[] {
    const g = this.g;
    const { share, shared } = this;
    const { fwdStart, fwdEdge, fwdCost, closed, edgeLength } = g;
    return thresholds.map((T) => {
      let touched = 0;
      for (let i = 0; i < r.count && r.seconds[i] <= T; i++) {
        const v = r.nodes[i];
        const left = T - r.seconds[i];
        for (let a = fwdStart[v], end = fwdStart[v + 1]; a < end; a++) {
          const e = fwdEdge[a];
          if (closed[e] !== 0) continue;
          if (share[e] === 0) shared[touched++] = e;
          share[e] += fwdCost[a] <= left ? 1 : left / fwdCost[a];
        }
      }
      const m = new Float64Array(groups);
      for (let i = 0; i < touched; i++) {
        const e = shared[i];
        const k = groupOf ? groupOf[e] : 0;
        if (k >= 0) m[k] += Math.min(1, share[e]) * edgeLength[e];
        share[e] = 0;
      }
      return m;
    });
  }

  /**
   * Where the search stands at T on the roads it has only partly driven: of every open arc leaving a
   * node reached by T that it cannot drive to the end by then, the way along it up to the point
   * (T − t) / cost along (its inner geometry too, the start left out). With the nodes reached, the
   * outline of what is reached by T.
   */
  frontier(r: Reached, T: number): LonLat[] {
    const g = this.g;
    const { fwdStart, fwdEdge, fwdCost, fwdAlong, closed } = g;
    const out: LonLat[] = [];
    for (let i = 0; i < r.count && r.seconds[i] <= T; i++) {
      const v = r.nodes[i];
      const left = T - r.seconds[i];
      for (let a = fwdStart[v], end = fwdStart[v + 1]; a < end; a++) {
        const e = fwdEdge[a];
        if (closed[e] !== 0 || fwdCost[a] <= left) continue;
        const f = left / fwdCost[a];
        const part = fwdAlong[a] === 1 ? edgePart(g, e, 0, f) : edgePart(g, e, 1, 1 - f);
        for (let k = 1; k < part.length; k++) out.push(part[k]);
      }
    }
    return out;
  }

  /** Each node's time in a search's result (Infinity: not reached), into `out` (one array reused across calls). */
  timesOf(r: Reached, out = new Float64Array(this.g.nodeCount)): Float64Array {
    out.fill(Infinity);
    for (let i = 0; i < r.count; i++) out[r.nodes[i]] = r.seconds[i];
    return out;
  }
}

/**
 * The time at a point on an edge from the nodes' times of a forward search: entered from the edge's
 * source along it, or from its target against it, where the edge may be driven so and is open; or
 * straight along the edge from a start on it (`onEdge`: the starts on the same edge, where and how many
 * seconds in).
 */
export function timeAtPoint(g: RoadGraph, times: Float64Array, at: Snap, onEdge: ReadonlyArray<{ fraction: number; seconds: number }> = []): number {
  const e = at.edge;
  if (g.closed[e] !== 0) return Infinity;
  const f = at.fraction;
  let best = Math.min(
    g.edgeCost[e] >= 0 ? times[g.edgeSource[e]] + f * g.edgeCost[e] : Infinity,
    g.edgeReverseCost[e] >= 0 ? times[g.edgeTarget[e]] + (1 - f) * g.edgeReverseCost[e] : Infinity,
  );
  for (const s of onEdge) {
    const along =
      s.fraction <= f
        ? g.edgeCost[e] >= 0
          ? (f - s.fraction) * g.edgeCost[e]
          : Infinity
        : g.edgeReverseCost[e] >= 0
          ? (s.fraction - f) * g.edgeReverseCost[e]
          : Infinity;
    best = Math.min(best, s.seconds + along);
  }
  return best;
}

function grow<T extends Int32Array | Float64Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}
