import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { configFromProcess } from '../src/config/env';
import { createDataSource, runMigrations } from '../src/infra/db/data-source';
import { loadDemo } from '../src/demo/load-demo';
import { RoadRepository } from '../src/roads/road.repository';
import { Db } from '../src/infra/db/unit-of-work';

const BENCH_DB = 'gan119_bench';

/** The URL of the benchmarks' database (beside the configured one, on the same server). */
export function benchDatabaseUrl(): string {
  const url = new URL(configFromProcess({ ROLE: 'worker' }).db.url);
  url.pathname = `/${BENCH_DB}`;
  return url.toString();
}

/**
 * The benchmarks' own database (never the demo's): created on first use with every migration and the
 * full synthetic Jiangxi network, then reused.
 */
export async function benchDataSource(log: (m: string) => void): Promise<DataSource> {
  const url = new URL(benchDatabaseUrl());
  const admin = new Client({ connectionString: Object.assign(new URL(url.toString()), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DB])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${BENCH_DB}`);
  await admin.end();
  const config = configFromProcess({ ROLE: 'worker', DATABASE_URL: url.toString(), DB_STATEMENT_TIMEOUT_MS: '600000' });
  await runMigrations(config);
  const ds = createDataSource(config);
  await ds.initialize();
  const regions = await new RoadRepository(ds).regions();
  if (!regions.some((r) => r.name === 'jiangxi' && r.source === 'synthetic:full+water')) {
    log('preparing the bench database: boundaries and the full synthetic Jiangxi network with its lakes and rivers (once)…');
    await ds.query("DELETE FROM road_region WHERE name = 'jiangxi'");
    await loadDemo(new Db(ds), config.dataDir, { roads: 'full' }, log);
  }
  const [{ units }] = (await ds.query('SELECT count(*)::int AS units FROM unit')) as [{ units: number }];
  if (units === 0) await loadDemo(new Db(ds), config.dataDir, { roads: 'none' }, log);
  return ds;
}
