import { lonLatProblem } from './coords';

export type AreaGeometry =
  { type: 'Point'; coordinates: number[] } | { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

/**
 * Why a GeoJSON Point, Polygon or MultiPolygon is unusable (null when its shape is sound): wrong type,
 * non-numeric or out-of-range coordinates, unclosed or too short rings, too many vertices.
 * Self-intersection is left to PostGIS (ST_IsValidReason).
 */
export function geometryProblem(g: unknown, maxVertices = 10000): string | null {
  if (!g || typeof g !== 'object') return 'geometry must be a GeoJSON object';
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  const point = (c: unknown, where: string): string | null => {
    if (!Array.isArray(c) || c.length < 2 || c.length > 3) return `${where}: a position is [lon, lat]`;
    const p = lonLatProblem(c[0], c[1]);
    return p ? `${where}: ${p}` : null;
  };
  let vertices = 0;
  const ring = (r: unknown, where: string): string | null => {
    if (!Array.isArray(r)) return `${where}: a ring is an array of positions`;
    if (r.length < 4) return `${where}: a ring needs at least 4 positions (closed)`;
    vertices += r.length;
    if (vertices > maxVertices) return `too many vertices (more than ${maxVertices})`;
    for (let i = 0; i < r.length; i++) {
      const p = point(r[i], `${where}, position ${i}`);
      if (p) return p;
    }
    const a = r[0] as number[],
      z = r[r.length - 1] as number[];
    if (a[0] !== z[0] || a[1] !== z[1]) return `${where}: the ring is not closed (first and last positions differ)`;
    return null;
  };
  const polygon = (p: unknown, where: string): string | null => {
    if (!Array.isArray(p) || p.length === 0) return `${where}: a polygon is an array of rings`;
    for (let i = 0; i < p.length; i++) {
      const e = ring(p[i], `${where}, ring ${i}`);
      if (e) return e;
    }
    return null;
  };
  if (type === 'Point') return point(coordinates, 'Point');
  if (type === 'Polygon') return polygon(coordinates, 'Polygon');
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) return 'MultiPolygon: an array of polygons';
    for (let i = 0; i < coordinates.length; i++) {
      const e = polygon(coordinates[i], `MultiPolygon, polygon ${i}`);
      if (e) return e;
    }
    return null;
  }
  return `geometry type must be Point, Polygon or MultiPolygon (got ${JSON.stringify(type)})`;
}
