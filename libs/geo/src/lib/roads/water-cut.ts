import { LonLat } from '../coords';
import { pointInMultiPolygon, PolygonRings } from '../polygon';
import { Coords, Way } from './network';

/** Lakes (polygons) and rivers (centre lines), as Natural Earth gives them. */
export type Water = { lakes: PolygonRings[]; rivers: ReadonlyArray<ReadonlyArray<readonly number[]>> };

/** Roads that keep their crossings of a river: expressways and national roads, and any way tagged bridge=yes (provincial roads, a town's main arterials). */
const BRIDGED = new Set(['motorway', 'trunk']);
const CELL = 0.05;

type Seg = [number, number, number, number];

/**
 * Cuts a generated network where it meets water: no road runs through a lake (a piece of road with an
 * end in a lake, or crossing its shore, is removed), and a river is crossed only by the classes that
 * are bridged (BRIDGED, or tagged bridge=yes); every other road stops at the bank. Ways are split at the cuts; pieces of
 * fewer than two nodes are dropped. Pure and deterministic.
 */
export function cutAtWater(ways: readonly Way[], coords: Coords, water: Water): { ways: Way[]; lakeCuts: number; riverCuts: number; bridges: number } {
  const grid = new Map<string, { lake: Seg[]; river: Seg[] }>();
  const index = (s: Seg, kind: 'lake' | 'river') => {
    const [x0, y0, x1, y1] = s;
    for (let i = Math.floor(Math.min(x0, x1) / CELL); i <= Math.floor(Math.max(x0, x1) / CELL); i++)
      for (let j = Math.floor(Math.min(y0, y1) / CELL); j <= Math.floor(Math.max(y0, y1) / CELL); j++) {
        const key = `${i},${j}`;
        let c = grid.get(key);
        if (!c) grid.set(key, (c = { lake: [], river: [] }));
        c[kind].push(s);
      }
  };
  for (const poly of water.lakes)
    for (const ring of poly) for (let k = 1; k < ring.length; k++) index([ring[k - 1][0], ring[k - 1][1], ring[k][0], ring[k][1]], 'lake');
  for (const line of water.rivers) for (let k = 1; k < line.length; k++) index([line[k - 1][0], line[k - 1][1], line[k][0], line[k][1]], 'river');
  const boxes = water.lakes.map((poly) => bbox(poly[0]));
  const inLake = new Map<number, boolean>();
  const nodeInLake = (n: number): boolean => {
    let v = inLake.get(n);
    if (v === undefined) {
      const p: LonLat = [coords.lonLat[2 * n], coords.lonLat[2 * n + 1]];
      v = water.lakes.some((poly, i) => inBox(p, boxes[i]) && pointInMultiPolygon(p, [poly]));
      inLake.set(n, v);
    }
    return v;
  };
  const crosses = (a: number, b: number, kind: 'lake' | 'river'): boolean => {
    const x0 = coords.lonLat[2 * a],
      y0 = coords.lonLat[2 * a + 1],
      x1 = coords.lonLat[2 * b],
      y1 = coords.lonLat[2 * b + 1];
    const seen = new Set<string>();
    for (let i = Math.floor(Math.min(x0, x1) / CELL); i <= Math.floor(Math.max(x0, x1) / CELL); i++)
      for (let j = Math.floor(Math.min(y0, y1) / CELL); j <= Math.floor(Math.max(y0, y1) / CELL); j++) {
        const key = `${i},${j}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const s of grid.get(key)?.[kind] ?? []) if (segmentsCross(x0, y0, x1, y1, s)) return true;
      }
    return false;
  };

  const out: Way[] = [];
  let lakeCuts = 0,
    riverCuts = 0,
    bridges = 0;
  for (const w of ways) {
    const bridged = BRIDGED.has(w.tags.highway ?? '') || w.tags.bridge === 'yes';
    let piece: number[] = [];
    const flush = () => {
      if (piece.length >= 2) out.push({ osmId: w.osmId, nodes: piece, tags: w.tags });
      piece = [];
    };
    for (let k = 0; k < w.nodes.length; k++) {
      const n = w.nodes[k];
      if (k === 0) {
        piece.push(n);
        continue;
      }
      const prev = w.nodes[k - 1];
      if (nodeInLake(prev) || nodeInLake(n) || crosses(prev, n, 'lake')) {
        lakeCuts++;
        flush();
        piece.push(n);
        continue;
      }
      if (crosses(prev, n, 'river')) {
        if (!bridged) {
          riverCuts++;
          flush();
          piece.push(n);
          continue;
        }
        bridges++;
      }
      piece.push(n);
    }
    flush();
  }
  return { ways: out, lakeCuts, riverCuts, bridges };
}

function bbox(ring: ReadonlyArray<readonly number[]>): [number, number, number, number] {
  let a = Infinity,
    b = Infinity,
    c = -Infinity,
    d = -Infinity;
  for (const [x, y] of ring) {
    a = Math.min(a, x);
    b = Math.min(b, y);
    c = Math.max(c, x);
    d = Math.max(d, y);
  }
  return [a, b, c, d];
}

const inBox = (p: LonLat, b: [number, number, number, number]) => p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3];

/** Whether segment (x0,y0)–(x1,y1) and segment s intersect (touching counts). */
function segmentsCross(x0: number, y0: number, x1: number, y1: number, s: Seg): boolean {
  const [x2, y2, x3, y3] = s;
  const d1 = orient(x2, y2, x3, y3, x0, y0),
    d2 = orient(x2, y2, x3, y3, x1, y1),
    d3 = orient(x0, y0, x1, y1, x2, y2),
    d4 = orient(x0, y0, x1, y1, x3, y3);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0) || d1 === 0 || d2 === 0) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0) || d3 === 0 || d4 === 0);
}

const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
