import 'reflect-metadata';
import { configFromProcess } from '../config/env';
import { withDb } from '../infra/db/data-source';
import { readWater } from '../roads/import/water';
import { importRoads, RoadSource } from '../roads/import/import-roads';

const USAGE = `usage: nx run api:import-roads -- --region <name> (--file <path.osm|.osm.pbf|.geojson> | --synthetic small|full)`;

function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument "${argv[i]}"\n${USAGE}`);
    out[m[1]] = m[2] ?? argv[++i] ?? '';
  }
  return out;
}

/** Imports a road network into the pgRouting tables, replacing the region. */
async function main(): Promise<void> {
  const a = args(process.argv.slice(2));
  if (!a.region || (!a.file && !a.synthetic) || (a.synthetic && !['small', 'full'].includes(a.synthetic))) throw new Error(USAGE);
  const config = configFromProcess({ ROLE: 'worker' });
  const source: RoadSource = a.file
    ? { kind: 'file', path: a.file, attribution: a.attribution }
    : { kind: 'synthetic', size: a.synthetic as 'small' | 'full', water: readWater(config.dataDir) };
  const r = await withDb(config, (db) => importRoads(db, a.region, source, (m) => console.error(`[import-roads] ${m}`)));
  console.log(JSON.stringify(r));
}

main().catch((e: unknown) => {
  console.error(`[import-roads] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
