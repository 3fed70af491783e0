import { LonLat } from './coords';

/** Polygon rings as GeoJSON gives them: outer ring first, then holes. */
export type PolygonRings = ReadonlyArray<ReadonlyArray<readonly number[]>>;

function inRing(p: LonLat, ring: ReadonlyArray<readonly number[]>): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point lies in a (multi)polygon given as GeoJSON coordinates (even-odd rule, holes honoured). */
export function pointInMultiPolygon(p: LonLat, polygons: ReadonlyArray<PolygonRings>): boolean {
  return polygons.some((rings) => rings.length > 0 && inRing(p, rings[0]) && !rings.slice(1).some((h) => inRing(p, h)));
}
