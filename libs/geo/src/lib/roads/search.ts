import { LonLat } from '../coords';
import { RoadGraph } from './graph';
import { IndexedMinHeap } from './indexed-heap';
import { Snap } from './snap';
import { ManyToOneResult, TravelTime, Walk, walkCoordinates, walkEdgeIds } from './walk';
/**
 * Asked by a many-to-one search whenever more points are final: `known[i]` is the final time of point
 * i (NaN while not yet). Answers the reach (seconds) past which the search may stop (Infinity: not
 * yet); the points not final are then answered null, and lie beyond `lastRadius`.
 */
export type Enough = (known: Float64Array) => number;
export type Route = TravelTime & { coordinates: LonLat[]; edgeIds: number[] };
export type ManyToOneOptions = {
  /** sources slower than this are answered null */
  maxSeconds?: number;
  /** may stop the search early (see Enough) */
  enough?: Enough;
  /** keep each source's way to the target in the result (default true) */
  paths?: boolean;
};

/**
 * Shortest-time searches on the resident graph. One instance keeps its scratch arrays between calls
 * (reset in O(touched)), so a search costs only what it visits. Not re-entrant: calls are synchronous.
 */
export class RoadSearch {
  private readonly dist: Float64Array;
  private readonly len: Float64Array;
  private readonly pred: Int32Array;
  private readonly done: Uint8Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private readonly heap: IndexedMinHeap;
  /** per node: index+1 into the wait lists of the current many-to-one query (0 = none) */
  private readonly waitMark: Int32Array;
  /** reverse searches: the node after this one on its fastest way to the target, and the edge to it */
  private readonly nextNode: Int32Array;
  private readonly nextEdge: Int32Array;
  /** nodes settled by the last search (for benchmarks and tests) */
  lastSettled = 0;

  constructor(private readonly g: RoadGraph) {
    this.dist = new Float64Array(g.nodeCount).fill(Infinity);
    this.len = new Float64Array(g.nodeCount);
    this.pred = new Int32Array(g.nodeCount).fill(-1);
    this.done = new Uint8Array(g.nodeCount);
    this.touched = new Int32Array(g.nodeCount);
    this.heap = new IndexedMinHeap(g.nodeCount);
    this.waitMark = new Int32Array(g.nodeCount);
    this.nextNode = new Int32Array(g.nodeCount).fill(-1);
    this.nextEdge = new Int32Array(g.nodeCount).fill(-1);
  }

  private reset(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const n = this.touched[i];
      this.dist[n] = Infinity;
      this.pred[n] = -1;
      this.nextNode[n] = -1;
      this.done[n] = 0;
    }
    this.touchedCount = 0;
    this.heap.clear();
  }

  private seed(node: number, seconds: number, meters: number): void {
    if (seconds < this.dist[node]) {
      if (this.dist[node] === Infinity) this.touched[this.touchedCount++] = node;
      this.dist[node] = seconds;
      this.len[node] = meters;
      this.pred[node] = -1;
      this.nextNode[node] = -1;
      this.heap.push(node, seconds);
    }
  }

  /**
   * Travel time from each source position to the target, by one reverse search from the target. A
   * source is final once the search has passed its best time so far (or settled both ends of its
   * edge); the search stops when every source is final or `maxSeconds` is passed. null = unreachable.
   */
  manyToOne(target: Snap, sources: readonly Snap[], opts: ManyToOneOptions = {}): ManyToOneResult {
    const r = this.multi(target, sources, opts.maxSeconds ?? Infinity, false, opts.enough);
    // each way is copied out of the search tree now: the next search reuses the tree
    const walks = opts.paths === false ? [] : sources.map((p, i) => (r.times[i] ? this.walkToCentre(p, target, r.join[i]) : null));
    const g = this.g;
    return { times: r.times, radius: r.radius, settled: r.settled, path: (i) => (walks[i] ? walkCoordinates(g, walks[i]) : null) };
  }

  /** Travel time from the origin to each destination, by one forward search (the mirror of manyToOne). */
  oneToMany(origin: Snap, destinations: readonly Snap[], maxSeconds = Infinity): Array<TravelTime | null> {
    return this.multi(origin, destinations, maxSeconds, true).times;
  }

  /**
   * One search from `centre` to or from every point. Forward: time centre → point; otherwise point →
   * centre. A point on edge (s → t) at fraction f is joined at s or t: forward it is entered from s
   * (f · cost) or from t ((1 − f) · reverse cost); backward it leaves to t ((1 − f) · cost) or to s
   * (f · reverse cost).
   */
  private multi(
    centre: Snap,
    points: readonly Snap[],
    maxSeconds: number,
    forward: boolean,
    enough?: Enough,
  ): { times: Array<TravelTime | null>; join: Int32Array; radius: number; settled: number } {
    const g = this.g;
    this.reset();
    let radius = Infinity;
    const ce = centre.edge;
    const cf = centre.fraction;
    // seeds: forward, the centre leaves along its edge; backward, the centre is reached along it
    if (g.edgeCost[ce] >= 0) {
      if (forward) this.seed(g.edgeTarget[ce], (1 - cf) * g.edgeCost[ce], (1 - cf) * g.edgeLength[ce]);
      else this.seed(g.edgeSource[ce], cf * g.edgeCost[ce], cf * g.edgeLength[ce]);
    }
    if (g.edgeReverseCost[ce] >= 0) {
      if (forward) this.seed(g.edgeSource[ce], cf * g.edgeReverseCost[ce], cf * g.edgeLength[ce]);
      else this.seed(g.edgeTarget[ce], (1 - cf) * g.edgeReverseCost[ce], (1 - cf) * g.edgeLength[ce]);
    }
    const k = points.length;
    const join = new Int32Array(k).fill(-1);
    const best = new Float64Array(k).fill(Infinity);
    const bestM = new Float64Array(k);
    const pendingEnds = new Uint8Array(k);
    const waitLists: number[][] = [];
    const waitMark = this.waitMark;
    const wait = (node: number, i: number) => {
      if (waitMark[node] === 0) {
        waitLists.push([i]);
        waitMark[node] = waitLists.length;
      } else waitLists[waitMark[node] - 1].push(i);
    };
    // a point joins the search at the node of its edge that the allowed direction passes through
    const viaSource = (e: number) => (forward ? g.edgeCost[e] >= 0 : g.edgeReverseCost[e] >= 0);
    const viaTarget = (e: number) => (forward ? g.edgeReverseCost[e] >= 0 : g.edgeCost[e] >= 0);
    for (let i = 0; i < k; i++) {
      const p = points[i];
      const e = p.edge;
      if (viaSource(e)) {
        pendingEnds[i]++;
        wait(g.edgeSource[e], i);
      }
      if (viaTarget(e)) {
        pendingEnds[i]++;
        wait(g.edgeTarget[e], i);
      }
      if (e !== ce) continue;
      // on the centre's own edge: straight along it when the direction allows
      const from = forward ? cf : p.fraction;
      const to = forward ? p.fraction : cf;
      const along =
        from <= to ? (g.edgeCost[e] >= 0 ? (to - from) * g.edgeCost[e] : Infinity) : g.edgeReverseCost[e] >= 0 ? (from - to) * g.edgeReverseCost[e] : Infinity;
      if (along < best[i]) {
        best[i] = along;
        bestM[i] = Math.abs(to - from) * g.edgeLength[e];
      }
    }
    const final = new Uint8Array(k);
    const known = new Float64Array(k);
    let openAsked = -1;
    let stopPast = Infinity;
    let open = k;
    let settled = 0;
    const { dist, len, done, heap, touched } = this;
    const start = forward ? g.fwdStart : g.revStart;
    const other = forward ? g.fwdHead : g.revTail;
    const arcEdge = forward ? g.fwdEdge : g.revEdge;
    const arcCost = forward ? g.fwdCost : g.revCost;
    const closed = g.closed,
      edgeLength = g.edgeLength;
    while (heap.size && open > 0) {
      const d = heap.minKey();
      if (d > maxSeconds) break;
      const v = heap.pop();
      done[v] = 1;
      settled++;
      if (waitMark[v] !== 0) {
        for (const i of waitLists[waitMark[v] - 1]) {
          const p = points[i];
          const e = p.edge;
          // the part of the point's edge between node v and the point
          const atSource = g.edgeSource[e] === v && viaSource(e);
          const part = atSource ? p.fraction : 1 - p.fraction;
          const partCost = atSource === forward ? g.edgeCost[e] : g.edgeReverseCost[e];
          const t = d + part * partCost;
          if (t < best[i]) {
            best[i] = t;
            bestM[i] = len[v] + part * g.edgeLength[e];
            join[i] = v;
          }
          if (g.edgeSource[e] === g.edgeTarget[e] && viaSource(e) && viaTarget(e)) {
            // a loop joins at the same node both ways
            const t2 = d + (1 - part) * (atSource === forward ? g.edgeReverseCost[e] : g.edgeCost[e]);
            if (t2 < best[i]) {
              best[i] = t2;
              bestM[i] = len[v] + (1 - part) * g.edgeLength[e];
              join[i] = v;
            }
            pendingEnds[i] = 0;
          } else if (pendingEnds[i] > 0) pendingEnds[i]--;
          if (!final[i] && pendingEnds[i] === 0) {
            final[i] = 1;
            open--;
          }
        }
      }
      if ((settled & 31) === 0) {
        // any point whose best lies below the search radius can no longer improve
        for (let i = 0; i < k; i++) {
          if (!final[i] && best[i] <= d) {
            final[i] = 1;
            open--;
          }
        }
        if (open === 0) break;
        if (enough) {
          if (open !== openAsked) {
            for (let i = 0; i < k; i++) known[i] = final[i] ? best[i] : NaN;
            stopPast = enough(known);
            openAsked = open;
          }
          if (d > stopPast) {
            radius = d;
            break;
          }
        }
      }
      const lenV = len[v];
      for (let a = start[v], end = start[v + 1]; a < end; a++) {
        const e = arcEdge[a];
        if (closed[e] !== 0) continue;
        const u = other[a];
        const nd = d + arcCost[a];
        if (nd < dist[u]) {
          if (dist[u] === Infinity) touched[this.touchedCount++] = u;
          dist[u] = nd;
          len[u] = lenV + edgeLength[e];
          if (!forward) {
            this.nextNode[u] = v;
            this.nextEdge[u] = e;
          }
          heap.push(u, nd);
        }
      }
    }
    for (let i = 0; i < k; i++) {
      const e = points[i].edge;
      waitMark[g.edgeSource[e]] = 0;
      waitMark[g.edgeTarget[e]] = 0;
    }
    this.lastSettled = settled;
    const out: Array<TravelTime | null> = [];
    const stopped = radius < Infinity;
    for (let i = 0; i < k; i++) out.push((!stopped || final[i]) && best[i] < Infinity && best[i] <= maxSeconds ? { seconds: best[i], meters: bestM[i] } : null);
    return { times: out, join, radius, settled };
  }

  /** A point's way to the centre of the reverse search just run, read off its tree (join: the node the point joined it at, -1: along the centre's edge). */
  private walkToCentre(p: Snap, centre: Snap, joinAt: number): Walk | null {
    if (joinAt < 0) return p.edge === centre.edge ? { from: p, to: centre, nodes: [], edges: [] } : null;
    const nodes = [joinAt];
    const edges: number[] = [];
    for (let v = joinAt; this.nextNode[v] >= 0 && edges.length < this.g.nodeCount; v = this.nextNode[v]) {
      edges.push(this.nextEdge[v]);
      nodes.push(this.nextNode[v]);
    }
    return { from: p, to: centre, nodes, edges };
  }

  /** The fastest route from one position to another, with its geometry; null when unreachable. */
  route(from: Snap, to: Snap, maxSeconds = Infinity): Route | null {
    const g = this.g;
    this.reset();
    const fe = from.edge;
    if (g.edgeCost[fe] >= 0) this.seed(g.edgeTarget[fe], (1 - from.fraction) * g.edgeCost[fe], (1 - from.fraction) * g.edgeLength[fe]);
    if (g.edgeReverseCost[fe] >= 0) this.seed(g.edgeSource[fe], from.fraction * g.edgeReverseCost[fe], from.fraction * g.edgeLength[fe]);
    const te = to.edge;
    const viaSource = g.edgeCost[te] >= 0 ? g.edgeSource[te] : -1; // enter the target edge at its source, drive forward
    const viaTarget = g.edgeReverseCost[te] >= 0 ? g.edgeTarget[te] : -1;
    const { dist, len, done, heap, touched, pred } = this;
    let settled = 0;
    while (heap.size) {
      const d = heap.minKey();
      if (d > maxSeconds) break;
      const v = heap.pop();
      done[v] = 1;
      settled++;
      if ((viaSource < 0 || done[viaSource]) && (viaTarget < 0 || done[viaTarget])) break;
      for (let a = g.fwdStart[v]; a < g.fwdStart[v + 1]; a++) {
        const e = g.fwdEdge[a];
        if (g.closed[e]) continue;
        const u = g.fwdHead[a];
        const nd = d + g.fwdCost[a];
        if (nd < dist[u]) {
          if (dist[u] === Infinity) touched[this.touchedCount++] = u;
          dist[u] = nd;
          len[u] = len[v] + g.edgeLength[e];
          pred[u] = a;
          heap.push(u, nd);
        }
      }
    }
    this.lastSettled = settled;
    /** end: the node the path enters the target edge from, or -1 when it stays on the start edge */
    type Option = { seconds: number; meters: number; end: number; forward: boolean };
    const options: Option[] = [];
    if (viaSource >= 0 && done[viaSource])
      options.push({
        seconds: dist[viaSource] + to.fraction * g.edgeCost[te],
        meters: len[viaSource] + to.fraction * g.edgeLength[te],
        end: viaSource,
        forward: true,
      });
    if (viaTarget >= 0 && done[viaTarget])
      options.push({
        seconds: dist[viaTarget] + (1 - to.fraction) * g.edgeReverseCost[te],
        meters: len[viaTarget] + (1 - to.fraction) * g.edgeLength[te],
        end: viaTarget,
        forward: false,
      });
    if (fe === te) {
      if (from.fraction <= to.fraction && g.edgeCost[fe] >= 0)
        options.push({
          seconds: (to.fraction - from.fraction) * g.edgeCost[fe],
          meters: (to.fraction - from.fraction) * g.edgeLength[fe],
          end: -1,
          forward: true,
        });
      if (from.fraction >= to.fraction && g.edgeReverseCost[fe] >= 0)
        options.push({
          seconds: (from.fraction - to.fraction) * g.edgeReverseCost[fe],
          meters: (from.fraction - to.fraction) * g.edgeLength[fe],
          end: -1,
          forward: false,
        });
    }
    const best = options.filter((o) => o.seconds <= maxSeconds).sort((a, b) => a.seconds - b.seconds)[0];
    if (!best) return null;
    // walk back the arcs from the end node to the node the search was seeded with
    const nodes: number[] = [];
    const edges: number[] = [];
    if (best.end >= 0) {
      let v = best.end;
      for (; pred[v] >= 0; v = g.fwdTail[pred[v]]) {
        nodes.push(v);
        edges.push(g.fwdEdge[pred[v]]);
      }
      nodes.push(v);
      nodes.reverse();
      edges.reverse();
    }
    const walk: Walk = { from, to, nodes, edges };
    return { seconds: best.seconds, meters: best.meters, coordinates: walkCoordinates(g, walk), edgeIds: walkEdgeIds(g, walk) };
  }
}
