import 'reflect-metadata';
import { spawnApi } from '@gan119/testing';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { performance } from 'perf_hooks';
import { rawJsonShapeProblem } from '../src/common/body-shape';
import { PositionsBody } from '../src/forces/avl.controller';
import { benchDatabaseUrl, benchDataSource } from './bench-db';
import { quantile, recordBench } from './record';

/**
 * Issue 13, item 1: one request used to freeze the API (350,000 empty objects: 18.6 s during which
 * every request waited). Two measurements in one run:
 * - in process, the naive way (parse, then class-validator over the list, which is what the API did)
 *   beside the fast way (the raw-byte shape check that now refuses it before parsing);
 * - against a running API (real PostgreSQL and Redis): the worst bodies sent to every JSON route for
 *   DURATION_S, four at a time, while a cheap request (GET /api/health) every 20 ms measures how
 *   responsive the API stays (goal: p99 under 100 ms).
 */
const DURATION_S = 10;
const log = (m: string) => console.error(`[bench:hostile] ${m}`);

function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

async function median(runs: number, f: () => Promise<unknown> | unknown): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    t.push(performance.now() - t0);
  }
  return quantile(t, 0.5);
}

async function main(): Promise<void> {
  const ds = await benchDataSource(log);
  await ds.destroy();
  const list = `{"positions":[${Array(300_000).fill('{}').join(',')}]}`; // 0.9 MB, under the 1 MB body limit
  const deep = nested(10_000);
  const listBuf = Buffer.from(list);

  log('in process: class-validator over 300,000 items vs the raw-byte check…');
  const naiveMs = await median(3, async () => validate(plainToInstance(PositionsBody, JSON.parse(list) as object)));
  const fastMs = await median(20, () => rawJsonShapeProblem(listBuf));
  const deepFastMs = await median(20, () => rawJsonShapeProblem(Buffer.from(deep)));

  log('starting the API…');
  const api = await spawnApi(benchDatabaseUrl(), { LOG_LEVEL: 'error', REDIS_PREFIX: `benchhostile${Date.now()}:` });
  try {
    const doc = (await (await fetch(`${api.url}/api/docs-json`)).json()) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([m, o]) => m !== 'get' && o.requestBody)
        .map(([m]) => ({ method: m.toUpperCase(), path: path.replace(/\{[^}]+\}/g, '1') })),
    );
    const bodies = [list, deep];
    const cheap: number[] = [];
    const hostile: number[] = [];
    const statuses = new Map<number, number>();
    const end = performance.now() + DURATION_S * 1000;
    let k = 0;
    const attacker = async () => {
      while (performance.now() < end) {
        const r = routes[k % routes.length];
        const body = bodies[Math.floor(k / routes.length) % bodies.length];
        k++;
        const t0 = performance.now();
        const res = await fetch(`${api.url}${r.path}`, { method: r.method, headers: { 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
        hostile.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    };
    const prober = async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await (await fetch(`${api.url}/api/health`)).arrayBuffer();
        cheap.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    log(`${routes.length} JSON routes, worst bodies for ${DURATION_S} s, a health check every 20 ms…`);
    await Promise.all([prober(), attacker(), attacker(), attacker(), attacker()]);
    const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    recordBench('hostile', {
      naive_validate_300k_items_ms: Math.round(naiveMs),
      fast_raw_check_300k_items_ms: Number(fastMs.toFixed(2)),
      fast_raw_check_10k_deep_ms: Number(deepFastMs.toFixed(2)),
      speedup: Math.round(naiveMs / fastMs),
      json_routes: routes.length,
      hostile_requests: hostile.length,
      hostile_p50_ms: Number(quantile(hostile, 0.5).toFixed(1)),
      hostile_p99_ms: Number(quantile(hostile, 0.99).toFixed(1)),
      hostile_5xx: fivexx,
      statuses: [...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, c]) => `${s}×${c}`)
        .join(' '),
      cheap_requests: cheap.length,
      cheap_p50_ms: Number(quantile(cheap, 0.5).toFixed(1)),
      cheap_p99_ms: Number(quantile(cheap, 0.99).toFixed(1)),
      cheap_max_ms: Number(quantile(cheap, 1).toFixed(1)),
      cheap_goal_p99_ms: 100,
    });
  } finally {
    await api.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
