import { Hierarchy } from './contraction';
import { RoadGraph } from './graph';
import { IndexedMinHeap } from './indexed-heap';
import { Snap } from './snap';
import { alongEdge, ManyToOneResult, TravelTime, Walk, walkCoordinates } from './walk';

/** One direction's search state: times, lengths, the arc taken at each node, and what to reset (O(touched)). */
class Side {
  readonly dist: Float64Array;
  readonly meters: Float64Array;
  /** backward: the arc one step down towards the target; forward: the arc that reached the node; -1 at a seed */
  readonly step: Int32Array;
  private readonly touched: number[] = [];

  constructor(n: number) {
    this.dist = new Float64Array(n).fill(Infinity);
    this.meters = new Float64Array(n);
    this.step = new Int32Array(n).fill(-1);
  }

  reset(heap: IndexedMinHeap): void {
    for (const x of this.touched) {
      this.dist[x] = Infinity;
      this.step[x] = -1;
    }
    this.touched.length = 0;
    heap.clear();
  }

  /** Reaches v in s seconds and m metres by `arc` (-1: a seed); false when it already had a time as good. */
  reach(heap: IndexedMinHeap, v: number, s: number, m: number, arc: number): boolean {
    if (s >= this.dist[v]) return false;
    if (this.dist[v] === Infinity) this.touched.push(v);
    this.dist[v] = s;
    this.meters[v] = m;
    this.step[v] = arc;
    heap.push(v, s);
    return true;
  }
}

/** One source's way through the hierarchy: the node it left its edge at and the hierarchy arcs up to the top and down to the target. */
type ChWay = { start: number; arcs: Int32Array } | 'along';

/**
 * Many-to-one times on a contraction hierarchy: one upward search against the arcs from the target
 * (its whole, small, search space), then one upward search from each source that stops as soon as
 * nothing it could still settle beats the best meeting found. Exact like the plain Dijkstra; its work
 * depends on the hierarchy's depth, not on how far the sources are.
 *
 * Valid only while the graph has no closure change since the hierarchy was built (`stale`): the
 * caller then answers with the plain search until a new hierarchy is built.
 */
export class HierarchySearch {
  /** the target's upward space, climbed against the arcs */
  private readonly back: Side;
  /** one source's upward search */
  private readonly fwd: Side;
  private readonly heap: IndexedMinHeap;

  constructor(
    private readonly g: RoadGraph,
    readonly h: Hierarchy,
  ) {
    this.back = new Side(g.nodeCount);
    this.fwd = new Side(g.nodeCount);
    this.heap = new IndexedMinHeap(g.nodeCount);
  }

  /** True once a road has been closed or reopened since the hierarchy was built. */
  get stale(): boolean {
    return this.h.closureVersion !== this.g.closureVersion;
  }

  manyToOne(target: Snap, sources: readonly Snap[], opts: { maxSeconds?: number; paths?: boolean } = {}): ManyToOneResult {
    const g = this.g,
      h = this.h;
    const maxSeconds = opts.maxSeconds ?? Infinity;
    const { back, fwd, heap } = this;
    const bDist = back.dist,
      bMeters = back.meters,
      fDist = fwd.dist,
      fMeters = fwd.meters;
    let settled = 0;

    // the target's whole upward space, climbing against the arcs
    back.reset(heap);
    const ce = target.edge,
      cf = target.fraction;
    if (g.edgeCost[ce] >= 0) back.reach(heap, g.edgeSource[ce], cf * g.edgeCost[ce], cf * g.edgeLength[ce], -1);
    if (g.edgeReverseCost[ce] >= 0) back.reach(heap, g.edgeTarget[ce], (1 - cf) * g.edgeReverseCost[ce], (1 - cf) * g.edgeLength[ce], -1);
    while (heap.size) {
      const d = heap.minKey();
      if (d > maxSeconds) break;
      const x = heap.pop();
      settled++;
      for (let k = h.downStart[x], end = h.downStart[x + 1]; k < end; k++) {
        const arc = h.downArc[k];
        const u = h.downTail[k];
        back.reach(heap, u, d + h.arcCost[arc], bMeters[x] + h.arcMeters[arc], arc);
      }
    }

    const times: Array<TravelTime | null> = [];
    const ways: Array<ChWay | null> = [];
    for (const p of sources) {
      fwd.reset(heap);
      const e = p.edge,
        f = p.fraction;
      if (g.edgeCost[e] >= 0) fwd.reach(heap, g.edgeTarget[e], (1 - f) * g.edgeCost[e], (1 - f) * g.edgeLength[e], -1);
      if (g.edgeReverseCost[e] >= 0) fwd.reach(heap, g.edgeSource[e], f * g.edgeReverseCost[e], f * g.edgeLength[e], -1);
      let best = Infinity,
        bestM = 0,
        meet = -1;
      if (e === ce) {
        const direct = alongEdge(g, e, f, cf);
        if (direct) {
          best = direct.seconds;
          bestM = direct.meters;
        }
      }
      while (heap.size) {
        const d = heap.minKey();
        if (d >= best || d > maxSeconds) break;
        const x = heap.pop();
        settled++;
        if (bDist[x] < Infinity && d + bDist[x] < best) {
          best = d + bDist[x];
          bestM = fMeters[x] + bMeters[x];
          meet = x;
        }
        // stall on demand: a node reached more cheaply from above is not worth climbing from
        let stalled = false;
        for (let k = h.downStart[x], end = h.downStart[x + 1]; k < end; k++) {
          if (fDist[h.downTail[k]] + h.arcCost[h.downArc[k]] < d) {
            stalled = true;
            break;
          }
        }
        if (stalled) continue;
        for (let k = h.upStart[x], end = h.upStart[x + 1]; k < end; k++) {
          const arc = h.upArc[k];
          const y = h.upHead[k];
          fwd.reach(heap, y, d + h.arcCost[arc], fMeters[x] + h.arcMeters[arc], arc);
        }
      }
      if (best > maxSeconds || best === Infinity) {
        times.push(null);
        ways.push(null);
        continue;
      }
      times.push({ seconds: best, meters: bestM });
      ways.push(opts.paths === false ? null : meet < 0 ? 'along' : this.wayVia(meet));
    }
    return {
      times,
      radius: Infinity,
      settled,
      path: (i) => {
        const w = ways[i];
        return w ? walkCoordinates(g, this.unpack(sources[i], target, w)) : null;
      },
    };
  }

  /** The arcs of the way just found through `meet`: up from the source's seed, then down to the target's. */
  private wayVia(meet: number): ChWay {
    const up: number[] = [];
    let v = meet;
    for (; this.fwd.step[v] >= 0; v = this.arcTail(this.fwd.step[v])) up.push(this.fwd.step[v]);
    const start = v;
    up.reverse();
    for (let x = meet; this.back.step[x] >= 0; x = this.arcHead(this.back.step[x])) up.push(this.back.step[x]);
    return { start, arcs: Int32Array.from(up) };
  }

  private arcTail(arc: number): number {
    const h = this.h;
    while (h.arcHalfA[arc] >= 0) arc = h.arcHalfA[arc];
    return this.g.fwdTail[h.arcHalfB[arc]];
  }

  private arcHead(arc: number): number {
    const h = this.h;
    while (h.arcHalfA[arc] >= 0) arc = h.arcHalfB[arc];
    return this.g.fwdHead[h.arcHalfB[arc]];
  }

  /** A hierarchy way as the graph's own nodes and edges. */
  private unpack(from: Snap, to: Snap, way: ChWay): Walk {
    if (way === 'along') return { from, to, nodes: [], edges: [] };
    const h = this.h,
      g = this.g;
    const nodes = [way.start];
    const edges: number[] = [];
    const stack: number[] = [];
    for (let i = way.arcs.length - 1; i >= 0; i--) stack.push(way.arcs[i]);
    while (stack.length) {
      const arc = stack[stack.length - 1];
      stack.length--;
      if (h.arcHalfA[arc] < 0) {
        const a = h.arcHalfB[arc];
        edges.push(g.fwdEdge[a]);
        nodes.push(g.fwdHead[a]);
      } else stack.push(h.arcHalfB[arc], h.arcHalfA[arc]);
    }
    return { from, to, nodes, edges };
  }
}
