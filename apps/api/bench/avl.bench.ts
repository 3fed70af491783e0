import 'reflect-metadata';
import { performance } from 'perf_hooks';
import { AvlFix } from '@gan119/resources';
import { configFromProcess } from '../src/config/env';
import { createRedis } from '../src/infra/redis/redis.module';
import { AvlRepository } from '../src/forces/avl.repository';
import { AvlService } from '../src/forces/avl.service';
import { benchDataSource } from './bench-db';
import { recordBench } from './record';

/**
 * AVL ingest sustained rate: every demo unit reporting, in batches of 2,000 (live store in Redis +
 * history appended to PostgreSQL per batch), beside the naive way (one INSERT and one HSET per fix).
 */
const BATCH = 2000;
const BATCHES = 100;
const SINGLE = 5000;

async function main(): Promise<void> {
  const log = (m: string) => console.error(`[bench:avl] ${m}`);
  const ds = await benchDataSource(log);
  const config = configFromProcess({ ROLE: 'worker', REDIS_PREFIX: 'bench:' });
  const redis = createRedis(config.redis.url, 'bench');
  const avl = new AvlService(new AvlRepository(ds), redis, config);
  const ids = ((await ds.query('SELECT id FROM unit ORDER BY id')) as Array<{ id: number }>).map((r) => r.id);
  await ds.query('TRUNCATE avl_position');
  await redis.del('bench:avl:live');
  const t0 = Date.now() - 3600_000;
  let k = 0;
  const next = (): AvlFix => {
    const i = k++;
    const unitId = ids[i % ids.length];
    const step = Math.floor(i / ids.length);
    return { unitId, ts: t0 + step * 1000, lon: 115.8 + (unitId % 100) * 0.001 + step * 1e-5, lat: 28.6 + step * 1e-5, speedKmh: 40, heading: 90 };
  };
  await avl.ingest(Array.from({ length: BATCH }, next), Date.now()); // warm-up
  const start = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    const r = await avl.ingest(Array.from({ length: BATCH }, next), Date.now());
    if (r.rejected.length) throw new Error(`rejected: ${JSON.stringify(r.rejected[0])}`);
  }
  const batchedS = (performance.now() - start) / 1000;
  const rate = (BATCH * BATCHES) / batchedS;
  log(`batched: ${rate.toFixed(0)} positions/s`);

  const s0 = performance.now();
  for (let i = 0; i < SINGLE; i++) {
    const f = next();
    await ds.query('INSERT INTO avl_position (unit_id, ts, lon, lat, speed_kmh, heading) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
      f.unitId,
      new Date(f.ts).toISOString(),
      f.lon,
      f.lat,
      f.speedKmh,
      f.heading,
    ]);
    await redis.hset('bench:avl:live', String(f.unitId), `${f.ts}|${JSON.stringify([f.lon, f.lat])}`);
  }
  const singleRate = SINGLE / ((performance.now() - s0) / 1000);
  redis.disconnect();
  await ds.destroy();
  recordBench('avl', {
    rate_per_s: Math.round(rate),
    single_row_rate_per_s: Math.round(singleRate),
    positions: BATCH * BATCHES,
    batch: BATCH,
    units: ids.length,
  });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
