import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { FeatureCollection } from 'geojson';

/** The lakes and rivers files of the data set (Natural Earth 1:10m, Jiangxi's bbox). */
const FILES = { lakes: 'water/jiangxi_lakes.ne10m.geojson', rivers: 'water/jiangxi_rivers.ne10m.geojson' } as const;

export type WaterBodies = { available: boolean; lakes: FeatureCollection; rivers: FeatureCollection; attribution: string | null };

/**
 * Lakes and rivers for the offline basemap, read once from the data directory when the data set has
 * them (Poyang Lake, the Gan, the Yangtze …); an empty answer, saying so, when it does not.
 */
export function readWaterBodies(dataDir: string): WaterBodies {
  const read = (rel: string): FeatureCollection | null => {
    const path = join(dataDir, rel);
    if (!existsSync(path)) return null;
    const doc = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection;
    return doc?.type === 'FeatureCollection' && Array.isArray(doc.features) ? doc : null;
  };
  const lakes = read(FILES.lakes),
    rivers = read(FILES.rivers);
  const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
  return { available: !!(lakes || rivers), lakes: lakes ?? empty, rivers: rivers ?? empty, attribution: lakes || rivers ? 'Natural Earth' : null };
}
