import { RoadGraph } from './graph';
import { IndexedMinHeap } from './indexed-heap';

/**
 * A contraction hierarchy of the resident graph (Geisberger et al. 2008): nodes are ranked from
 * least to most important and each is "contracted" in turn, adding a shortcut u → w wherever the only
 * shortest way from u to w passed through it. A query then only climbs: upward from each source and
 * upward (against the arcs) from the target, meeting at the highest node of the fastest way; its
 * search space does not grow with the distance between them.
 *
 * Arcs are the graph's forward arcs (open edges only, at build time: `closureVersion`) and the
 * shortcuts; a shortcut remembers its two halves, so a route unpacks into the graph's own edges.
 */
export type Hierarchy = {
  nodeCount: number;
  /** the graph's closure version the hierarchy was built at: any closure or reopening since makes it stale */
  closureVersion: number;
  rank: Int32Array;
  /** upward arcs leaving u (rank[head] > rank[u]): upStart[u]..upStart[u+1] */
  upStart: Int32Array;
  upHead: Int32Array;
  upArc: Int32Array;
  /** arcs entering w from above (rank[tail] > rank[w]), listed at w: the backward search climbs them */
  downStart: Int32Array;
  downTail: Int32Array;
  downArc: Int32Array;
  /** every arc: its cost (s) and length (m); a graph arc has halfA = -1 and halfB = its forward-arc index in the graph */
  arcCost: Float64Array;
  arcMeters: Float64Array;
  arcHalfA: Int32Array;
  arcHalfB: Int32Array;
  shortcuts: number;
};

export type ContractionProgress = { contracted: number; nodeCount: number };

/** How far a witness search may look before a shortcut is added anyway (more shortcuts, never a wrong time). */
const WITNESS_SETTLE = 400;
const SIMULATE_SETTLE = 60;

/**
 * Builds the hierarchy, yielding progress every `sliceNodes` contractions so that a caller can spread
 * the work over its event loop (`for (const p of it) await tick()`) or run it at once (`runToEnd`).
 */
export function* contractGraph(g: RoadGraph, sliceNodes = 2000): Generator<ContractionProgress, Hierarchy> {
  const n = g.nodeCount;
  const closureVersion = g.closureVersion;
  const from: number[] = [],
    to: number[] = [],
    cost: number[] = [],
    meters: number[] = [],
    halfA: number[] = [],
    halfB: number[] = [];
  const dead: boolean[] = [];
  const outs: number[][] = Array.from({ length: n }, () => []);
  const ins: number[][] = Array.from({ length: n }, () => []);
  const addArc = (u: number, w: number, c: number, m: number, a: number, b: number): void => {
    // a parallel arc: keep the cheaper one only
    const list = outs[u];
    for (let k = 0; k < list.length; k++) {
      const x = list[k];
      if (to[x] !== w) continue;
      if (cost[x] <= c) return;
      dead[x] = true;
      list[k] = list[list.length - 1];
      list.pop();
      removeFrom(ins[w], x);
      break;
    }
    const id = from.length;
    from.push(u);
    to.push(w);
    cost.push(c);
    meters.push(m);
    halfA.push(a);
    halfB.push(b);
    dead.push(false);
    outs[u].push(id);
    ins[w].push(id);
  };
  for (let u = 0; u < n; u++) {
    for (let a = g.fwdStart[u]; a < g.fwdStart[u + 1]; a++) {
      const e = g.fwdEdge[a];
      const w = g.fwdHead[a];
      if (g.closed[e] || w === u) continue;
      addArc(u, w, g.fwdCost[a], g.edgeLength[e], -1, a);
    }
    // copying a node's arcs costs far less than contracting it: a step copies 20 slices' worth
    if ((u + 1) % (sliceNodes * 20) === 0) yield { contracted: 0, nodeCount: n };
  }

  const contracted = new Uint8Array(n);
  const level = new Int32Array(n);
  const gone = new Int32Array(n);
  const rank = new Int32Array(n).fill(-1);
  const wDist = new Float64Array(n).fill(Infinity);
  const wTouched: number[] = [];
  const wHeap = new IndexedMinHeap(n);

  /** Dijkstra from u among the nodes not yet contracted, never through `skip`, up to `limit` seconds or `settleMax` nodes. */
  const witness = (u: number, skip: number, limit: number, settleMax: number): void => {
    for (const x of wTouched) wDist[x] = Infinity;
    wTouched.length = 0;
    wHeap.clear();
    wDist[u] = 0;
    wTouched.push(u);
    wHeap.push(u, 0);
    let settled = 0;
    while (wHeap.size) {
      const d = wHeap.minKey();
      if (d > limit || settled++ >= settleMax) break;
      const x = wHeap.pop();
      for (const arc of outs[x]) {
        const y = to[arc];
        if (y === skip || contracted[y]) continue;
        const nd = d + cost[arc];
        if (nd < wDist[y]) {
          if (wDist[y] === Infinity) wTouched.push(y);
          wDist[y] = nd;
          wHeap.push(y, nd);
        }
      }
    }
  };

  /** The shortcuts contracting v needs (as [inArc, outArc] pairs), found by witness searches. */
  const shortcutsFor = (v: number, settleMax: number): number[] => {
    const pairs: number[] = [];
    for (const a of ins[v]) {
      const u = from[a];
      let limit = 0;
      for (const b of outs[v]) if (to[b] !== u) limit = Math.max(limit, cost[a] + cost[b]);
      if (limit === 0) continue;
      witness(u, v, limit, settleMax);
      for (const b of outs[v]) {
        const w = to[b];
        if (w === u) continue;
        if (wDist[w] <= cost[a] + cost[b]) continue;
        pairs.push(a, b);
      }
    }
    return pairs;
  };

  const priority = (v: number): number => {
    const added = shortcutsFor(v, SIMULATE_SETTLE).length / 2;
    // edge difference, spread (neighbours already contracted) and depth: keeps the hierarchy shallow and its shortcuts few
    return 2 * (added - ins[v].length - outs[v].length) + gone[v] + level[v];
  };

  // every node's first priority takes a few witness searches each: yielded in slices too, so the
  // event loop of a caller building in the background is never held for the whole graph at once
  const queue = new IndexedMinHeap(n);
  for (let v = 0; v < n; v++) {
    queue.push(v, priority(v));
    if ((v + 1) % sliceNodes === 0) yield { contracted: 0, nodeCount: n };
  }

  let order = 0;
  let shortcuts = 0;
  while (queue.size) {
    const v = queue.pop();
    // lazy update: its priority may have grown since it was queued
    const p = priority(v);
    if (queue.size && p > queue.minKey()) {
      queue.push(v, p);
      continue;
    }
    const pairs = shortcutsFor(v, WITNESS_SETTLE);
    for (let k = 0; k < pairs.length; k += 2) {
      const a = pairs[k],
        b = pairs[k + 1];
      const before = from.length;
      addArc(from[a], to[b], cost[a] + cost[b], meters[a] + meters[b], a, b);
      if (from.length > before) shortcuts++;
    }
    contracted[v] = 1;
    rank[v] = order++;
    for (const a of ins[v]) {
      const u = from[a];
      removeFrom(outs[u], a);
      gone[u]++;
      level[u] = Math.max(level[u], level[v] + 1);
    }
    for (const b of outs[v]) {
      const w = to[b];
      removeFrom(ins[w], b);
      gone[w]++;
      level[w] = Math.max(level[w], level[v] + 1);
    }
    if (order % sliceNodes === 0) yield { contracted: order, nodeCount: n };
  }

  // the query graph: every live arc, upward at its tail or (climbing backwards) at its head
  const m = from.length;
  const upCount = new Int32Array(n + 1);
  const downCount = new Int32Array(n + 1);
  for (let x = 0; x < m; x++) {
    if (dead[x]) continue;
    if (rank[from[x]] < rank[to[x]]) upCount[from[x] + 1]++;
    else downCount[to[x] + 1]++;
  }
  for (let i = 0; i < n; i++) {
    upCount[i + 1] += upCount[i];
    downCount[i + 1] += downCount[i];
  }
  yield { contracted: n, nodeCount: n };
  const upHead = new Int32Array(upCount[n]);
  const upArc = new Int32Array(upCount[n]);
  const downTail = new Int32Array(downCount[n]);
  const downArc = new Int32Array(downCount[n]);
  const up = upCount.slice(0, n);
  const down = downCount.slice(0, n);
  for (let x = 0; x < m; x++) {
    if (dead[x]) continue;
    if (rank[from[x]] < rank[to[x]]) {
      const k = up[from[x]]++;
      upHead[k] = to[x];
      upArc[k] = x;
    } else {
      const k = down[to[x]]++;
      downTail[k] = from[x];
      downArc[k] = x;
    }
  }
  yield { contracted: n, nodeCount: n };
  return {
    nodeCount: n,
    closureVersion,
    rank,
    upStart: upCount,
    upHead,
    upArc,
    downStart: downCount,
    downTail,
    downArc,
    arcCost: Float64Array.from(cost),
    arcMeters: Float64Array.from(meters),
    arcHalfA: Int32Array.from(halfA),
    arcHalfB: Int32Array.from(halfB),
    shortcuts,
  };
}

/** Builds the hierarchy in one go (tests, benchmarks, tools). */
export function buildHierarchy(g: RoadGraph): Hierarchy {
  const it = contractGraph(g, Number.MAX_SAFE_INTEGER);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/** Approximate resident size of a hierarchy, in bytes. */
export function hierarchyBytes(h: Hierarchy): number {
  return [h.rank, h.upStart, h.upHead, h.upArc, h.downStart, h.downTail, h.downArc, h.arcCost, h.arcMeters, h.arcHalfA, h.arcHalfB].reduce(
    (s, a) => s + a.byteLength,
    0,
  );
}

function removeFrom(list: number[], x: number): void {
  const i = list.indexOf(x);
  if (i < 0) return;
  list[i] = list[list.length - 1];
  list.pop();
}
