import { LonLat } from '../coords';
import { haversineM } from '../distance';
import { RoadGraph } from './graph';

/** A position on the network: an edge (index in the graph), how far along it (0 = source), the point. */
export type Snap = { edge: number; fraction: number; point: LonLat; distanceM: number };

const DEG_M = 111_195; // metres per degree of latitude (mean Earth radius)

/**
 * Nearest-edge index over every segment of every edge geometry: a uniform grid in scaled degrees
 * (longitude times cos(mean latitude)), searched ring by ring until no nearer segment can exist.
 */
export class SnapIndex {
  private readonly kx: number;
  private readonly cs: number;
  private readonly minX: number;
  private readonly minY: number;
  private readonly w: number;
  private readonly h: number;
  private readonly cellStart: Int32Array;
  /** segment ids: the index of a segment's first coordinate in graph.geom (pairs) */
  private readonly cellSeg: Int32Array;
  private readonly segEdge: Int32Array;

  constructor(
    private readonly g: RoadGraph,
    cellDeg = 0.005,
  ) {
    const pts = g.geom.length / 2;
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity,
      sumLat = 0;
    for (let i = 0; i < pts; i++) sumLat += g.geom[2 * i + 1];
    this.kx = Math.cos(((pts ? sumLat / pts : 0) * Math.PI) / 180);
    for (let i = 0; i < pts; i++) {
      const x = g.geom[2 * i] * this.kx,
        y = g.geom[2 * i + 1];
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
    if (!pts) minX = minY = maxX = maxY = 0;
    this.cs = cellDeg;
    this.minX = minX;
    this.minY = minY;
    this.w = Math.max(1, Math.floor((maxX - minX) / cellDeg) + 1);
    this.h = Math.max(1, Math.floor((maxY - minY) / cellDeg) + 1);
    this.segEdge = new Int32Array(pts);
    const counts = new Int32Array(this.w * this.h + 1);
    const each = (fn: (cell: number, seg: number) => void) => {
      for (let e = 0; e < g.edgeCount; e++) {
        for (let p = g.geomOffset[e]; p < g.geomOffset[e + 1] - 1; p++) {
          const x1 = g.geom[2 * p] * this.kx,
            y1 = g.geom[2 * p + 1],
            x2 = g.geom[2 * p + 2] * this.kx,
            y2 = g.geom[2 * p + 3];
          const cx0 = this.cx(Math.min(x1, x2)),
            cx1 = this.cx(Math.max(x1, x2));
          const cy0 = this.cy(Math.min(y1, y2)),
            cy1 = this.cy(Math.max(y1, y2));
          for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) fn(cy * this.w + cx, p);
        }
      }
    };
    for (let e = 0; e < g.edgeCount; e++) for (let p = g.geomOffset[e]; p < g.geomOffset[e + 1]; p++) this.segEdge[p] = e;
    each((cell) => counts[cell + 1]++);
    for (let i = 0; i < this.w * this.h; i++) counts[i + 1] += counts[i];
    this.cellStart = counts;
    this.cellSeg = new Int32Array(counts[this.w * this.h]);
    const pos = counts.slice(0, this.w * this.h);
    each((cell, seg) => (this.cellSeg[pos[cell]++] = seg));
  }

  private cx(x: number): number {
    return Math.min(this.w - 1, Math.max(0, Math.floor((x - this.minX) / this.cs)));
  }
  private cy(y: number): number {
    return Math.min(this.h - 1, Math.max(0, Math.floor((y - this.minY) / this.cs)));
  }

  /** The nearest open edge within maxDistanceM of the point, or null. */
  nearest(p: LonLat, maxDistanceM: number): Snap | null {
    const g = this.g;
    const px = p[0] * this.kx,
      py = p[1];
    const maxDeg = maxDistanceM / DEG_M;
    const rawCx = Math.floor((px - this.minX) / this.cs),
      rawCy = Math.floor((py - this.minY) / this.cs);
    const maxRing = Math.ceil(maxDeg / this.cs) + 1;
    let best = Infinity,
      bestSeg = -1,
      bestT = 0;
    for (let r = 0; r <= maxRing; r++) {
      for (let cy = rawCy - r; cy <= rawCy + r; cy++) {
        if (cy < 0 || cy >= this.h) continue;
        const edgeRow = cy === rawCy - r || cy === rawCy + r;
        for (let cx = rawCx - r; cx <= rawCx + r; cx += edgeRow ? 1 : 2 * r || 1) {
          if (cx < 0 || cx >= this.w) continue;
          const cell = cy * this.w + cx;
          for (let k = this.cellStart[cell]; k < this.cellStart[cell + 1]; k++) {
            const s = this.cellSeg[k];
            if (g.closed[this.segEdge[s]]) continue;
            const x1 = g.geom[2 * s] * this.kx,
              y1 = g.geom[2 * s + 1],
              x2 = g.geom[2 * s + 2] * this.kx,
              y2 = g.geom[2 * s + 3];
            const dx = x2 - x1,
              dy = y2 - y1;
            const len2 = dx * dx + dy * dy;
            const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len2)) : 0;
            const qx = x1 + t * dx - px,
              qy = y1 + t * dy - py;
            const d = qx * qx + qy * qy;
            if (d < best) {
              best = d;
              bestSeg = s;
              bestT = t;
            }
          }
        }
      }
      // every cell not yet searched lies at least r cells away from the point
      if (bestSeg >= 0 && Math.sqrt(best) <= r * this.cs) break;
    }
    if (bestSeg < 0 || Math.sqrt(best) > maxDeg * 1.01) return null;
    const e = this.segEdge[bestSeg];
    const a: LonLat = [g.geom[2 * bestSeg], g.geom[2 * bestSeg + 1]];
    const b: LonLat = [g.geom[2 * bestSeg + 2], g.geom[2 * bestSeg + 3]];
    const point: LonLat = [a[0] + bestT * (b[0] - a[0]), a[1] + bestT * (b[1] - a[1])];
    let along = 0;
    for (let q = g.geomOffset[e]; q < bestSeg; q++) along += haversineM([g.geom[2 * q], g.geom[2 * q + 1]], [g.geom[2 * q + 2], g.geom[2 * q + 3]]);
    along += haversineM(a, point);
    const total = g.edgeLength[e];
    const distanceM = haversineM(p, point);
    if (distanceM > maxDistanceM) return null;
    return { edge: e, fraction: total > 0 ? Math.min(1, along / total) : 0, point, distanceM };
  }
}
