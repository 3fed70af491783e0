import { LonLat } from '../coords';
import { haversineM } from '../distance';
import { RoadGraph } from './graph';
import { Snap } from './snap';

export type TravelTime = { seconds: number; meters: number };

/**
 * A way between two positions on the network: it leaves `from`'s edge at nodes[0], runs edges[j] from
 * nodes[j] to nodes[j + 1], and enters `to`'s edge at the last node. No nodes: straight along the one
 * edge both positions lie on.
 */
export type Walk = { from: Snap; to: Snap; nodes: ArrayLike<number>; edges: ArrayLike<number> };

/** The answer of a many-to-one search, whole: later searches change nothing in it. */
export type ManyToOneResult = {
  /** per source: its travel time to the target; null when unreachable (or, after an early stop, not timed) */
  times: Array<TravelTime | null>;
  /** the reach (s) at which an early stop ended the search: sources without a time lie beyond it. Infinity: every source was timed */
  radius: number;
  /** nodes the search settled (for benchmarks) */
  settled: number;
  /** the way from source i to the target; null when it has no time */
  path(i: number): LonLat[] | null;
};

/** The coordinates of a walk, in travel order, without repeated points. */
export function walkCoordinates(g: RoadGraph, w: Walk): LonLat[] {
  const fe = w.from.edge,
    te = w.to.edge;
  if (w.nodes.length === 0) return edgePart(g, fe, w.from.fraction, w.to.fraction);
  const coords: LonLat[] = [];
  const push = (pts: LonLat[]) => {
    for (const q of pts) {
      const last = coords[coords.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) coords.push(q);
    }
  };
  push(edgePart(g, fe, w.from.fraction, w.nodes[0] === g.edgeTarget[fe] ? 1 : 0));
  for (let j = 0; j < w.edges.length; j++) {
    const e = w.edges[j];
    const along = g.edgeSource[e] === w.nodes[j] && g.edgeTarget[e] === w.nodes[j + 1];
    push(edgePart(g, e, along ? 0 : 1, along ? 1 : 0));
  }
  const end = w.nodes[w.nodes.length - 1];
  push(edgePart(g, te, g.edgeSource[te] === end && g.edgeCost[te] >= 0 ? 0 : 1, w.to.fraction));
  return coords;
}

/** The database ids of the edges a walk uses, its end edges included. */
export function walkEdgeIds(g: RoadGraph, w: Walk): number[] {
  const ids = [g.edgeId[w.from.edge]];
  for (let j = 0; j < w.edges.length; j++) ids.push(g.edgeId[w.edges[j]]);
  if (ids[ids.length - 1] !== g.edgeId[w.to.edge]) ids.push(g.edgeId[w.to.edge]);
  return ids;
}

/** The part of edge e's geometry between two fractions (in travel order). */
export function edgePart(g: RoadGraph, e: number, f0: number, f1: number): LonLat[] {
  const pts: LonLat[] = [];
  for (let p = g.geomOffset[e]; p < g.geomOffset[e + 1]; p++) pts.push([g.geom[2 * p], g.geom[2 * p + 1]]);
  // a whole edge (every edge of a route but its first and last): its points as they are, no lengths to measure
  if (f0 === 0 && f1 === 1) return pts;
  if (f0 === 1 && f1 === 0) return pts.reverse();
  const cum = [0];
  for (let i = 1; i < pts.length; i++) cum.push(cum[i - 1] + haversineM(pts[i - 1], pts[i]));
  const total = cum[cum.length - 1] || 1;
  const at = (f: number): LonLat => {
    const target = f * total;
    let i = 1;
    while (i < pts.length - 1 && cum[i] < target) i++;
    const seg = cum[i] - cum[i - 1] || 1;
    const t = Math.max(0, Math.min(1, (target - cum[i - 1]) / seg));
    return [pts[i - 1][0] + t * (pts[i][0] - pts[i - 1][0]), pts[i - 1][1] + t * (pts[i][1] - pts[i - 1][1])];
  };
  const lo = Math.min(f0, f1),
    hi = Math.max(f0, f1);
  const out: LonLat[] = [at(lo)];
  for (let i = 1; i < pts.length - 1; i++) if (cum[i] / total > lo && cum[i] / total < hi) out.push(pts[i]);
  out.push(at(hi));
  return f0 <= f1 ? out : out.reverse();
}

/** Time along one edge between two fractions, in the direction of travel; Infinity when that direction is not allowed. */
export function alongEdge(g: RoadGraph, e: number, from: number, to: number): TravelTime | null {
  const c = from <= to ? g.edgeCost[e] : g.edgeReverseCost[e];
  if (c < 0) return null;
  return { seconds: Math.abs(to - from) * c, meters: Math.abs(to - from) * g.edgeLength[e] };
}

/**
 * A route's travel time split by a key of its edges (a road class or group): each edge between the
 * first and the last counts whole (at its cost in the allowed direction); the rest of the route's time
 * lies on its first and last edges and is shared between them in proportion to their costs.
 */
export function secondsByEdgeKey<K extends string>(
  g: RoadGraph,
  route: { seconds: number; edgeIds: readonly number[] },
  keyOf: (edge: number) => K,
): Map<K, number> {
  const out = new Map<K, number>();
  const add = (k: K, s: number) => out.set(k, (out.get(k) ?? 0) + s);
  const cost = (e: number) => {
    const f = g.edgeCost[e],
      r = g.edgeReverseCost[e];
    return f < 0 ? r : r < 0 ? f : Math.min(f, r);
  };
  const edges = route.edgeIds.map((id) => g.edgeIndex(id)).filter((e): e is number => e !== undefined);
  let interior = 0;
  for (let j = 1; j < edges.length - 1; j++) {
    const c = cost(edges[j]);
    interior += c;
    add(keyOf(edges[j]), c);
  }
  const rest = Math.max(0, route.seconds - interior);
  if (edges.length === 0 || rest === 0) return out;
  const first = edges[0],
    last = edges[edges.length - 1];
  const cf = cost(first),
    cl = first === last ? 0 : cost(last);
  const share = cf + cl > 0 ? cf / (cf + cl) : 1;
  add(keyOf(first), rest * share);
  if (first !== last) add(keyOf(last), rest * (1 - share));
  return out;
}

/** A road vertex's position: the end of one of its edges' geometry it stands at. */
export function nodePosition(g: RoadGraph, node: number): LonLat | null {
  for (let a = g.fwdStart[node]; a < g.fwdStart[node + 1]; a++) {
    const e = g.fwdEdge[a];
    const from = g.geomOffset[e],
      to = g.geomOffset[e + 1] - 1;
    const i = g.fwdAlong[a] ? from : to; // the arc leaves this vertex: along the geometry it is the edge's start
    return [g.geom[2 * i], g.geom[2 * i + 1]];
  }
  for (let a = g.revStart[node]; a < g.revStart[node + 1]; a++) {
    const e = g.revEdge[a];
    const i = g.edgeTarget[e] === node ? g.geomOffset[e + 1] - 1 : g.geomOffset[e];
    return [g.geom[2 * i], g.geom[2 * i + 1]];
  }
  return null;
}
