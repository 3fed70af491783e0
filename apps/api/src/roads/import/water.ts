import type { PolygonRings, Water } from '@gan119/geo';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

type Geometry = { type: 'Polygon' | 'MultiPolygon' | 'LineString' | 'MultiLineString'; coordinates: unknown };

/**
 * The real lakes and rivers of Jiangxi from the data pack (Natural Earth 1:10m, `water/`), for the
 * synthetic network to keep off the lakes and cross the rivers only at bridges. Null when the pack has
 * no water directory (the network is then generated without it, as before).
 */
export function readWater(dataDir: string): Water | null {
  const dir = join(dataDir, 'water');
  const lakesFile = join(dir, 'jiangxi_lakes.ne10m.geojson');
  const riversFile = join(dir, 'jiangxi_rivers.ne10m.geojson');
  if (!existsSync(lakesFile) || !existsSync(riversFile)) return null;
  const read = (f: string) => (JSON.parse(readFileSync(f, 'utf8')) as { features: Array<{ geometry: Geometry | null }> }).features.map((x) => x.geometry);
  const lakes: PolygonRings[] = [];
  for (const g of read(lakesFile)) {
    if (g?.type === 'Polygon') lakes.push(g.coordinates as PolygonRings);
    else if (g?.type === 'MultiPolygon') lakes.push(...(g.coordinates as PolygonRings[]));
  }
  const rivers: number[][][] = [];
  for (const g of read(riversFile)) {
    if (g?.type === 'LineString') rivers.push(g.coordinates as number[][]);
    else if (g?.type === 'MultiLineString') rivers.push(...(g.coordinates as number[][][]));
  }
  return { lakes, rivers };
}
