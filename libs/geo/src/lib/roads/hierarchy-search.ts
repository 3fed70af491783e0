import { Hierarchy } from './contraction';
import { RoadGraph } from './graph';
import { IndexedMinHeap } from './indexed-heap';
import { Snap } from './snap';
import { alongEdge, ManyToOneResult, TravelTime, Walk, walkCoordinates } from './walk';

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
  private readonly bDist: Float64Array;
  private readonly bMeters: Float64Array;
  /** backward search: the hierarchy arc from this node one step down towards the target (-1 at a seed) */
  private readonly bNext: Int32Array;
  private readonly bTouched: number[] = [];
  private readonly fDist: Float64Array;
  private readonly fMeters: Float64Array;
  private readonly fPrev: Int32Array;
  private readonly fTouched: number[] = [];
  private readonly heap: IndexedMinHeap;

  constructor(
    private readonly g: RoadGraph,
    readonly h: Hierarchy,
  ) {
    const n = g.nodeCount;
    this.bDist = new Float64Array(n).fill(Infinity);
    this.bMeters = new Float64Array(n);
    this.bNext = new Int32Array(n).fill(-1);
    this.fDist = new Float64Array(n).fill(Infinity);
    this.fMeters = new Float64Array(n);
    this.fPrev = new Int32Array(n).fill(-1);
    this.heap = new IndexedMinHeap(n);
  }

  /** True once a road has been closed or reopened since the hierarchy was built. */
  get stale(): boolean {
    return this.h.closureVersion !== this.g.closureVersion;
  }

  manyToOne(target: Snap, sources: readonly Snap[], opts: { maxSeconds?: number; paths?: boolean } = {}): ManyToOneResult {
    const g = this.g,
      h = this.h;
    const maxSeconds = opts.maxSeconds ?? Infinity;
    const { bDist, bMeters, bNext, fDist, fMeters, fPrev, heap } = this;
    let settled = 0;

    // the target's whole upward space, climbing against the arcs
    for (const x of this.bTouched) bDist[x] = Infinity;
    this.bTouched.length = 0;
    heap.clear();
    const seedB = (v: number, s: number, m: number) => {
      if (s >= bDist[v]) return;
      if (bDist[v] === Infinity) this.bTouched.push(v);
      bDist[v] = s;
      bMeters[v] = m;
      bNext[v] = -1;
      heap.push(v, s);
    };
    const ce = target.edge,
      cf = target.fraction;
    if (g.edgeCost[ce] >= 0) seedB(g.edgeSource[ce], cf * g.edgeCost[ce], cf * g.edgeLength[ce]);
    if (g.edgeReverseCost[ce] >= 0) seedB(g.edgeTarget[ce], (1 - cf) * g.edgeReverseCost[ce], (1 - cf) * g.edgeLength[ce]);
    while (heap.size) {
      const d = heap.minKey();
      if (d > maxSeconds) break;
      const x = heap.pop();
      settled++;
      for (let k = h.downStart[x], end = h.downStart[x + 1]; k < end; k++) {
        const arc = h.downArc[k];
        const u = h.downTail[k];
        const nd = d + h.arcCost[arc];
        if (nd < bDist[u]) {
          if (bDist[u] === Infinity) this.bTouched.push(u);
          bDist[u] = nd;
          bMeters[u] = bMeters[x] + h.arcMeters[arc];
          bNext[u] = arc;
          heap.push(u, nd);
        }
      }
    }

    const times: Array<TravelTime | null> = [];
    const ways: Array<ChWay | null> = [];
    for (const p of sources) {
      for (const x of this.fTouched) {
        fDist[x] = Infinity;
        fPrev[x] = -1;
      }
      this.fTouched.length = 0;
      heap.clear();
      const seedF = (v: number, s: number, m: number) => {
        if (s >= fDist[v]) return;
        if (fDist[v] === Infinity) this.fTouched.push(v);
        fDist[v] = s;
        fMeters[v] = m;
        fPrev[v] = -1;
        heap.push(v, s);
      };
      const e = p.edge,
        f = p.fraction;
      if (g.edgeCost[e] >= 0) seedF(g.edgeTarget[e], (1 - f) * g.edgeCost[e], (1 - f) * g.edgeLength[e]);
      if (g.edgeReverseCost[e] >= 0) seedF(g.edgeSource[e], f * g.edgeReverseCost[e], f * g.edgeLength[e]);
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
          const nd = d + h.arcCost[arc];
          if (nd < fDist[y]) {
            if (fDist[y] === Infinity) this.fTouched.push(y);
            fDist[y] = nd;
            fMeters[y] = fMeters[x] + h.arcMeters[arc];
            fPrev[y] = arc;
            heap.push(y, nd);
          }
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
    for (; this.fPrev[v] >= 0; v = this.arcTail(this.fPrev[v])) up.push(this.fPrev[v]);
    const start = v;
    up.reverse();
    for (let x = meet; this.bNext[x] >= 0; x = this.arcHead(this.bNext[x])) up.push(this.bNext[x]);
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
