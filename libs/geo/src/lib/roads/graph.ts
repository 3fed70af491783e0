/**
 * The resident road graph: the pgRouting edge table (source, target, cost, reverse_cost in seconds,
 * negative = not allowed) held in compressed adjacency arrays, forward and reverse, with each edge's
 * geometry for snapping and route drawing. Closures are a per-edge flag honoured by every search.
 */
export type RoadGraphInput = {
  /** database ids, one per edge */
  edgeIds: ArrayLike<number>;
  /** database vertex ids at each end */
  sourceIds: ArrayLike<number>;
  targetIds: ArrayLike<number>;
  cost: ArrayLike<number>;
  reverseCost: ArrayLike<number>;
  lengthM: ArrayLike<number>;
  /** coordinates of edge e are geom[2*geomOffset[e] .. 2*geomOffset[e+1]) as lon,lat pairs */
  geomOffset: Int32Array;
  geom: Float64Array;
  closed?: ArrayLike<number | boolean>;
};

export class RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly arcCount: number;
  readonly edgeId: Float64Array;
  readonly edgeSource: Int32Array;
  readonly edgeTarget: Int32Array;
  readonly edgeCost: Float64Array;
  readonly edgeReverseCost: Float64Array;
  readonly edgeLength: Float64Array;
  readonly geomOffset: Int32Array;
  readonly geom: Float64Array;
  readonly closed: Uint8Array;
  readonly vertexIds: Float64Array;
  /** forward adjacency: arcs leaving node u are fwdStart[u]..fwdStart[u+1] */
  readonly fwdStart: Int32Array;
  readonly fwdHead: Int32Array;
  readonly fwdTail: Int32Array;
  /** 1 when the arc runs along the edge's geometry (source → target), 0 against it */
  readonly fwdAlong: Uint8Array;
  readonly fwdEdge: Int32Array;
  readonly fwdCost: Float64Array;
  /** reverse adjacency: arcs entering node v, listed at v, with their tail */
  readonly revStart: Int32Array;
  readonly revTail: Int32Array;
  readonly revEdge: Int32Array;
  readonly revCost: Float64Array;
  /** the fastest any edge is driven (m/s): no way between two points takes less than their distance at this speed */
  readonly topSpeedMps: number;
  /** counts every change of a closure: a structure built from the graph is stale once this moves on */
  closureVersion = 0;
  private readonly edgeIndexById = new Map<number, number>();
  private readonly nodeIndexById = new Map<number, number>();

  constructor(g: RoadGraphInput) {
    const m = g.edgeIds.length;
    this.edgeCount = m;
    this.edgeId = Float64Array.from(g.edgeIds);
    this.edgeCost = Float64Array.from(g.cost);
    this.edgeReverseCost = Float64Array.from(g.reverseCost);
    this.edgeLength = Float64Array.from(g.lengthM);
    this.geomOffset = g.geomOffset;
    this.geom = g.geom;
    this.closed = new Uint8Array(m);
    if (g.closed) for (let e = 0; e < m; e++) this.closed[e] = g.closed[e] ? 1 : 0;
    this.edgeSource = new Int32Array(m);
    this.edgeTarget = new Int32Array(m);
    const vids: number[] = [];
    const node = (id: number): number => {
      let i = this.nodeIndexById.get(id);
      if (i === undefined) {
        i = vids.length;
        vids.push(id);
        this.nodeIndexById.set(id, i);
      }
      return i;
    };
    for (let e = 0; e < m; e++) {
      this.edgeIndexById.set(this.edgeId[e], e);
      this.edgeSource[e] = node(g.sourceIds[e]);
      this.edgeTarget[e] = node(g.targetIds[e]);
    }
    this.vertexIds = Float64Array.from(vids);
    let top = 0;
    for (let e = 0; e < m; e++) {
      if (this.edgeCost[e] > 0) top = Math.max(top, this.edgeLength[e] / this.edgeCost[e]);
      if (this.edgeReverseCost[e] > 0) top = Math.max(top, this.edgeLength[e] / this.edgeReverseCost[e]);
    }
    this.topSpeedMps = top;
    const n = vids.length;
    this.nodeCount = n;

    const fwdCount = new Int32Array(n + 1);
    const revCount = new Int32Array(n + 1);
    let arcs = 0;
    for (let e = 0; e < m; e++) {
      if (this.edgeCost[e] >= 0) {
        fwdCount[this.edgeSource[e] + 1]++;
        revCount[this.edgeTarget[e] + 1]++;
        arcs++;
      }
      if (this.edgeReverseCost[e] >= 0) {
        fwdCount[this.edgeTarget[e] + 1]++;
        revCount[this.edgeSource[e] + 1]++;
        arcs++;
      }
    }
    this.arcCount = arcs;
    for (let i = 0; i < n; i++) {
      fwdCount[i + 1] += fwdCount[i];
      revCount[i + 1] += revCount[i];
    }
    this.fwdStart = fwdCount;
    this.revStart = revCount;
    this.fwdHead = new Int32Array(arcs);
    this.fwdTail = new Int32Array(arcs);
    this.fwdAlong = new Uint8Array(arcs);
    this.fwdEdge = new Int32Array(arcs);
    this.fwdCost = new Float64Array(arcs);
    this.revTail = new Int32Array(arcs);
    this.revEdge = new Int32Array(arcs);
    this.revCost = new Float64Array(arcs);
    const fpos = fwdCount.slice(0, n);
    const rpos = revCount.slice(0, n);
    const add = (u: number, v: number, e: number, c: number, along: boolean) => {
      const f = fpos[u]++;
      this.fwdHead[f] = v;
      this.fwdTail[f] = u;
      this.fwdAlong[f] = along ? 1 : 0;
      this.fwdEdge[f] = e;
      this.fwdCost[f] = c;
      const r = rpos[v]++;
      this.revTail[r] = u;
      this.revEdge[r] = e;
      this.revCost[r] = c;
    };
    for (let e = 0; e < m; e++) {
      if (this.edgeCost[e] >= 0) add(this.edgeSource[e], this.edgeTarget[e], e, this.edgeCost[e], true);
      if (this.edgeReverseCost[e] >= 0) add(this.edgeTarget[e], this.edgeSource[e], e, this.edgeReverseCost[e], false);
    }
  }

  edgeIndex(id: number): number | undefined {
    return this.edgeIndexById.get(id);
  }

  nodeIndex(vertexId: number): number | undefined {
    return this.nodeIndexById.get(vertexId);
  }

  /** Closes or reopens an edge by database id; returns false when the graph has no such edge. */
  setClosed(edgeId: number, closed: boolean): boolean {
    const e = this.edgeIndexById.get(edgeId);
    if (e === undefined) return false;
    if (this.closed[e] !== (closed ? 1 : 0)) this.closureVersion++;
    this.closed[e] = closed ? 1 : 0;
    return true;
  }

  /** Approximate resident size of the arrays, in bytes. */
  byteSize(): number {
    const arrays = [
      this.edgeId,
      this.edgeSource,
      this.edgeTarget,
      this.edgeCost,
      this.edgeReverseCost,
      this.edgeLength,
      this.geomOffset,
      this.geom,
      this.closed,
      this.vertexIds,
      this.fwdStart,
      this.fwdHead,
      this.fwdTail,
      this.fwdAlong,
      this.fwdEdge,
      this.fwdCost,
      this.revStart,
      this.revTail,
      this.revEdge,
      this.revCost,
    ];
    // the two id maps: ~ 80 bytes an entry in V8
    return arrays.reduce((s, a) => s + a.byteLength, 0) + 80 * (this.edgeCount + this.nodeCount);
  }
}
