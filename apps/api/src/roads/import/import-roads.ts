import { buildNetwork, Coords, syntheticJiangxi, SyntheticSize, Water, Way } from '@gan119/geo';
import { existsSync, statSync } from 'fs';
import { basename } from 'path';
import { Db } from '../../infra/db/unit-of-work';
import { AdminAreaRepository } from '../../admin-areas/admin-area.repository';
import { ImportCounts, RoadRepository } from '../road.repository';
import { parseGeoJsonWays } from './geojson-ways';
import { parseOsmPbfFile } from './osm-pbf';
import { parseOsmXmlFile } from './osm-xml';

/** A synthetic network with `water` (readWater) keeps off the lakes and crosses rivers only at bridges. */
export type RoadSource = { kind: 'file'; path: string; attribution?: string } | { kind: 'synthetic'; size: SyntheticSize; water?: Water | null };
export type ImportReport = ImportCounts & { region: string; synthetic: boolean; waysRead: number; skippedWays: number; seconds: number };
export type Log = (msg: string) => void;

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors (ODbL 1.0)';
export const SYNTHETIC_ATTRIBUTION = 'Synthetic network generated from Aliyun DataV.GeoAtlas seats and outline — not real roads';

export class ImportError extends Error {}

async function readWays(source: RoadSource, db: Db, log: Log): Promise<{ ways: Way[]; coords: Coords; waysRead: number }> {
  if (source.kind === 'synthetic') {
    const { seats, province } = await db.get(AdminAreaRepository).seatsAndProvince();
    const { ways, coords, water } = syntheticJiangxi(seats, province, source.size, source.water ?? undefined);
    log(`generated ${ways.length} synthetic ways (${source.size}) from ${seats.length} seats`);
    if (water) log(`water: ${water.lakeCuts} road pieces off the lakes, ${water.riverCuts} stopped at a river bank, ${water.bridges} bridges`);
    return { ways, coords, waysRead: ways.length };
  }
  const { path } = source;
  if (!existsSync(path) || !statSync(path).isFile()) throw new ImportError(`no such file: ${path}`);
  const progress = (nodes: number, ways: number) => log(`read ${nodes.toLocaleString()} nodes, ${ways.toLocaleString()} ways…`);
  if (/\.osm\.pbf$|\.pbf$/i.test(path)) {
    const r = await parseOsmPbfFile(path, progress);
    return { ways: r.ways, coords: r.coords, waysRead: r.waysRead };
  }
  if (/\.osm$|\.xml$/i.test(path)) {
    const r = await parseOsmXmlFile(path, progress);
    return { ways: r.ways, coords: r.coords, waysRead: r.waysRead };
  }
  if (/\.(geo)?json$/i.test(path)) {
    const r = parseGeoJsonWays(path);
    return { ways: r.ways, coords: r.coords, waysRead: r.ways.length + r.skippedFeatures };
  }
  throw new ImportError(`unknown road file type: ${path} (expected .osm, .osm.pbf or .geojson)`);
}

/** Reads a road source, builds the network and replaces the region in the database, reporting as it goes. */
export async function importRoads(db: Db, region: string, source: RoadSource, log: Log = () => undefined): Promise<ImportReport> {
  if (!/^[a-z0-9_-]{1,40}$/.test(region)) throw new ImportError(`region must be 1-40 of a-z, 0-9, _ and - (got "${region}")`);
  const t0 = Date.now();
  const { ways, coords, waysRead } = await readWays(source, db, log);
  const net = buildNetwork(ways, coords);
  if (net.edges.length === 0) throw new ImportError('the source has no drivable roads');
  log(`network: ${net.vertexCount.toLocaleString()} vertices, ${net.edges.length.toLocaleString()} edges (${net.skippedWays} ways not drivable)`);
  const synthetic = source.kind === 'synthetic';
  let lastPct = -1;
  const counts = await db.get(RoadRepository).replaceRegion(
    {
      name: region,
      synthetic,
      source: synthetic ? `synthetic:${source.size}${source.water ? '+water' : ''}` : basename(source.path),
      attribution: synthetic ? SYNTHETIC_ATTRIBUTION : (source.attribution ?? OSM_ATTRIBUTION),
    },
    net,
    (phase, done, total) => {
      const pct = Math.floor((100 * done) / total);
      if (pct >= lastPct + 10 || done === total) {
        lastPct = done === total ? -1 : pct;
        log(`writing ${phase}: ${done.toLocaleString()}/${total.toLocaleString()} (${pct}%)`);
      }
    },
  );
  return { ...counts, region, synthetic, waysRead, skippedWays: net.skippedWays, seconds: (Date.now() - t0) / 1000 };
}
