import type { PolygonRings, Water } from '@gan119/geo';
import type { Geometry } from 'geojson';
import { readWaterBodies } from '../../basemap/water-bodies';

/**
 * The real lakes and rivers of the data set (the basemap's, Natural Earth 1:10m) as the synthetic
 * network's generator takes them, to keep off the lakes and cross the rivers only at bridges. Null
 * when the data set has none (the network is then generated without them).
 */
export function readWater(dataDir: string): Water | null {
  const w = readWaterBodies(dataDir);
  if (!w.available) return null;
  const geometries = (fc: { features: Array<{ geometry: Geometry | null }> }) => fc.features.map((f) => f.geometry);
  const lakes: PolygonRings[] = [];
  for (const g of geometries(w.lakes)) {
    if (g?.type === 'Polygon') lakes.push(g.coordinates);
    else if (g?.type === 'MultiPolygon') lakes.push(...g.coordinates);
  }
  const rivers: number[][][] = [];
  for (const g of geometries(w.rivers)) {
    if (g?.type === 'LineString') rivers.push(g.coordinates);
    else if (g?.type === 'MultiLineString') rivers.push(...g.coordinates);
  }
  return { lakes, rivers };
}
