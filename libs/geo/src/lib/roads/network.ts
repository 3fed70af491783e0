import { haversineM } from '../distance';
import { isRoadClass, RoadClass, speedKmh, wayDirection } from './road-classes';
import type { RoadGraphInput } from './graph';

/** A way as read from OSM (or built by the synthetic generator): node indices into a coordinate store. */
export type Way = { osmId: number; nodes: ArrayLike<number>; tags: Readonly<Record<string, string | undefined>> };

/** Node coordinates by node index: lon at 2i, lat at 2i+1. */
export type Coords = { lonLat: Float64Array; count: number };

/** One directed-pair road edge between two junctions; cost in seconds, -1 where that way is not allowed. */
export type RoadEdge = {
  source: number;
  target: number;
  cost: number;
  reverseCost: number;
  lengthM: number;
  cls: RoadClass;
  name: string | null;
  kmh: number;
  osmId: number;
  /** lon,lat pairs along the edge, source first */
  coords: number[];
};

export type RoadNetwork = { vertexCoords: Float64Array; vertexCount: number; edges: RoadEdge[]; skippedWays: number };

/**
 * Turns ways into a routable network: keeps the drivable classes, splits every way at each node it
 * shares with another way (junctions) and at its ends, and gives each piece its length and its
 * travel time each way. Vertices are renumbered 0..n-1 (only junctions and ends become vertices).
 */
export function buildNetwork(ways: Iterable<Way>, coords: Coords): RoadNetwork {
  const drivable: Way[] = [];
  let skippedWays = 0;
  const uses = new Uint16Array(coords.count);
  for (const w of ways) {
    const cls = w.tags.highway;
    if (!isRoadClass(cls) || wayDirection(w.tags) === 'none' || w.nodes.length < 2) {
      skippedWays++;
      continue;
    }
    drivable.push(w);
    for (let i = 0; i < w.nodes.length; i++) {
      const n = w.nodes[i];
      // ends count twice so that they always split; a node twice in one way (a loop) also splits
      const add = i === 0 || i === w.nodes.length - 1 ? 2 : 1;
      uses[n] = Math.min(65535, uses[n] + add);
    }
  }
  const vertexOf = new Int32Array(coords.count).fill(-1);
  const vertexLonLat: number[] = [];
  const vertex = (n: number): number => {
    if (vertexOf[n] < 0) {
      vertexOf[n] = vertexLonLat.length / 2;
      vertexLonLat.push(coords.lonLat[2 * n], coords.lonLat[2 * n + 1]);
    }
    return vertexOf[n];
  };
  const edges: RoadEdge[] = [];
  for (const w of drivable) {
    const cls = w.tags.highway as RoadClass;
    const kmh = speedKmh(cls, w.tags.maxspeed);
    const dir = wayDirection(w.tags);
    let start = 0;
    for (let i = 1; i < w.nodes.length; i++) {
      if (uses[w.nodes[i]] < 2 && i < w.nodes.length - 1) continue;
      const piece: number[] = [];
      let lengthM = 0;
      for (let j = start; j <= i; j++) {
        const n = w.nodes[j];
        piece.push(coords.lonLat[2 * n], coords.lonLat[2 * n + 1]);
        if (j > start) {
          const m = w.nodes[j - 1];
          lengthM += haversineM([coords.lonLat[2 * m], coords.lonLat[2 * m + 1]], [coords.lonLat[2 * n], coords.lonLat[2 * n + 1]]);
        }
      }
      const seconds = lengthM / (kmh / 3.6);
      const source = vertex(w.nodes[start]);
      const target = vertex(w.nodes[i]);
      start = i;
      if (source === target && lengthM === 0) continue;
      edges.push({
        source,
        target,
        cost: dir === 'both' || dir === 'forward' ? seconds : -1,
        reverseCost: dir === 'both' || dir === 'backward' ? seconds : -1,
        lengthM,
        cls,
        name: w.tags.name ?? w.tags.ref ?? null,
        kmh,
        osmId: w.osmId,
        coords: piece,
      });
    }
  }
  return { vertexCoords: Float64Array.from(vertexLonLat), vertexCount: vertexLonLat.length / 2, edges, skippedWays };
}

/** A network straight into the resident graph's input (ids 1..m), without the database in between: for tests and benchmarks. */
export function graphInputOf(net: RoadNetwork): RoadGraphInput {
  const off = [0];
  const geom: number[] = [];
  for (const e of net.edges) {
    for (const c of e.coords) geom.push(c);
    off.push(geom.length / 2);
  }
  return {
    edgeIds: net.edges.map((_, i) => i + 1),
    sourceIds: net.edges.map((e) => e.source),
    targetIds: net.edges.map((e) => e.target),
    cost: net.edges.map((e) => e.cost),
    reverseCost: net.edges.map((e) => e.reverseCost),
    lengthM: net.edges.map((e) => e.lengthM),
    geomOffset: Int32Array.from(off),
    geom: Float64Array.from(geom),
  };
}
