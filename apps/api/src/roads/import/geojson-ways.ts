import { readFileSync } from 'fs';
import type { Coords, Way } from '@gan119/geo';
import type { FeatureCollection, Geometry } from 'geojson';

/**
 * GeoJSON LineStrings (or MultiLineStrings) whose properties carry OSM tags (highway, oneway,
 * maxspeed …), such as an ogr2ogr export. Ways share a node where they share an exact coordinate,
 * which is where OSM ways meet; a crossing without a shared vertex (a bridge) stays a crossing.
 */
export function parseGeoJsonWays(path: string): { ways: Way[]; coords: Coords; skippedFeatures: number } {
  let fc: FeatureCollection<Geometry | null, Record<string, unknown> | null>;
  try {
    fc = JSON.parse(readFileSync(path, 'utf8')) as typeof fc;
  } catch (e) {
    throw new Error(`not valid JSON: ${(e as Error).message}`);
  }
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error('not a GeoJSON FeatureCollection');
  const index = new Map<string, number>();
  const lonLat: number[] = [];
  const node = (c: number[]): number => {
    const key = `${c[0]},${c[1]}`;
    let i = index.get(key);
    if (i === undefined) {
      i = lonLat.length / 2;
      index.set(key, i);
      lonLat.push(c[0], c[1]);
    }
    return i;
  };
  const ways: Way[] = [];
  let skipped = 0;
  fc.features.forEach((f, k) => {
    const g = f.geometry;
    const lines = g?.type === 'LineString' ? [g.coordinates] : g?.type === 'MultiLineString' ? g.coordinates : null;
    const props = f.properties ?? {};
    if (!lines || typeof props.highway !== 'string') {
      skipped++;
      return;
    }
    const tags: Record<string, string> = {};
    for (const [key, v] of Object.entries(props)) if (v !== null && v !== undefined && typeof v !== 'object') tags[key] = String(v);
    const osmId = Number(props.osm_id ?? props.id ?? -(k + 1));
    for (const line of lines) {
      const valid = line.filter((c) => Number.isFinite(c[0]) && Number.isFinite(c[1]));
      if (valid.length >= 2) ways.push({ osmId: Number.isFinite(osmId) ? osmId : -(k + 1), nodes: valid.map(node), tags });
    }
  });
  return { ways, coords: { lonLat: Float64Array.from(lonLat), count: lonLat.length / 2 }, skippedFeatures: skipped };
}
