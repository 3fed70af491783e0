import 'reflect-metadata';
import { DAY_MS as DAY, localDate, startOfLocalDate } from '@gan119/dispatch';
import { performance } from 'perf_hooks';
import { Db } from '../src/infra/db/unit-of-work';
import { storeSyntheticHistory } from '../src/stats/demo-history';
import { LiveRefresh } from '../src/stats/live-refresh';
import { StatsFilter } from '../src/stats/response-stats.repository';
import { defaultThresholds, Statistics, StatsPart } from '../src/stats/statistics';
import { benchDataSource } from './bench-db';
import { benchArg, quantile, recordBench, seededRandom } from './record';

/**
 * The statistics endpoint's work (every figure of GET /stats: ten SQL aggregations side by side) over
 * 1,000,000 synthetic incidents of one year (about 2 million unit responses, marked synthetic), for
 * a province-wide month and a one-county year; beside it, the naive way: the same period's rows
 * loaded into Node and aggregated there (the counts and medians checked equal).
 */
const N = Number(benchArg('incidents', '1000000'));
const RUNS = Number(benchArg('runs', '40'));
const NAIVE_RUNS = Number(benchArg('naive', '5'));
const START = startOfLocalDate('2025-01-01');
/** the instant month m (0–11) of 2025 begins, locally */
const monthStart = (m: number) => startOfLocalDate(new Date(Date.UTC(2025, m, 1)).toISOString().slice(0, 10));

async function main(): Promise<void> {
  const log = (m: string) => console.error(`[bench:stats] ${m}`);
  const ds = await benchDataSource(log);
  const db = new Db(ds);
  const batch = `bench-${N}`;
  const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM response_incident WHERE origin = 'synthetic' AND batch = $1`, [batch])) as [{ n: number }];
  if (n < N * 0.98) {
    log(`generating ${N.toLocaleString()} synthetic incidents over 365 days (once; kept in the bench database)…`);
    const t0 = performance.now();
    const stored = await storeSyntheticHistory(db, { batch, start: START, days: 365, perDay: N / 365, seed: 17 }, (k) => {
      if (k % 100_000 < 2000) log(`  ${k.toLocaleString()} stored`);
    });
    // as autovacuum would in time: the rollup's new rows visible without a look at each one, and its statistics known
    for (const t of ['response_incident', 'response_unit', 'response_cell', 'response_sample']) await ds.query(`VACUUM ANALYZE ${t}`);
    log(`stored ${stored.toLocaleString()} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const [{ incidents, units }] = (await ds.query(
    `SELECT (SELECT count(*)::int FROM response_incident) AS incidents, (SELECT count(*)::int FROM response_unit) AS units`,
  )) as [{ incidents: number; units: number }];
  const counties = (
    (await ds.query(`SELECT county_adcode AS c FROM response_incident WHERE batch = $1 AND county_adcode IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC`, [
      batch,
    ])) as Array<{ c: number }>
  ).map((r) => r.c);
  const stats = new Statistics(db, new LiveRefresh(db));
  const t = defaultThresholds();
  const r = seededRandom(3);
  const base = { scope: null, origins: ['live', 'import', 'synthetic'] as const };
  const month = (): StatsFilter => {
    const m = Math.floor(r() * 12);
    return { ...base, origins: [...base.origins], from: new Date(monthStart(m)), to: new Date(monthStart(m + 1)) };
  };
  /** thirty days ending on a random day: not a calendar month, so partly read from the record (reported beside the goal) */
  const lastThirtyDays = (): StatsFilter => {
    const end = START + (31 + Math.floor(r() * 330)) * DAY;
    return { ...base, origins: [...base.origins], from: new Date(end - 30 * DAY), to: new Date(end) };
  };
  const countyYear = (): StatsFilter => ({
    ...base,
    origins: [...base.origins],
    county: counties[Math.floor(r() * counties.length)],
    from: new Date(START),
    to: new Date(START + 365 * DAY),
  });
  const time = async (f: StatsFilter, parts?: ReadonlySet<StatsPart>) => {
    const t0 = performance.now();
    const a = await stats.answer(f, t, parts);
    return { ms: performance.now() - t0, a };
  };
  await time(month()); // warm the caches and the pool
  const results: Record<string, number | string | object> = {
    incidents,
    unit_responses: units,
    synthetic: `all ${N.toLocaleString()} generated (syntheticHistory), batch ${batch}`,
  };
  for (const [name, make, runs] of [
    ['province_month', month, RUNS],
    ['county_year', countyYear, RUNS],
    ['province_30_days', lastThirtyDays, Math.ceil(RUNS / 4)],
  ] as const) {
    const ms: number[] = [];
    const first: number[] = [];
    const tables: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const f = make();
      const x = await time(f);
      ms.push(x.ms);
      rows += x.a.counts.incidents;
      results[`${name}_source`] = x.a.source;
      // as the console asks: everything but the station and unit tables, then those two
      first.push((await time(f, FIRST)).ms);
      tables.push((await time(f, TABLES)).ms);
    }
    results[`${name}_p50_ms`] = round(quantile(ms, 0.5));
    results[`${name}_p99_ms`] = round(quantile(ms, 0.99));
    results[`${name}_first_screen_p50_ms`] = round(quantile(first, 0.5));
    results[`${name}_first_screen_p99_ms`] = round(quantile(first, 0.99));
    results[`${name}_station_unit_tables_p50_ms`] = round(quantile(tables, 0.5));
    results[`${name}_station_unit_tables_p99_ms`] = round(quantile(tables, 0.99));
    results[`${name}_incidents_avg`] = Math.round(rows / runs);
    // the naive way: the rows into Node, then the same figures
    const naive: number[] = [];
    for (let i = 0; i < NAIVE_RUNS; i++) {
      const f = make();
      const t0 = performance.now();
      const got = await naiveAnswer(ds, f);
      naive.push(performance.now() - t0);
      const sql = await stats.answer(f, t);
      // the rollup's medians are interpolated within their 2-s bins (below 2 min)
      if (got.incidents !== sql.counts.incidents || Math.abs((got.processingP50 ?? 0) - (sql.intervals.processing.p50 ?? 0)) > 2) {
        throw new Error(`naive and SQL disagree: ${JSON.stringify(got)} vs ${sql.counts.incidents} / ${sql.intervals.processing.p50}`);
      }
    }
    results[`${name}_naive_p50_ms`] = round(quantile(naive, 0.5));
    results[`${name}_naive_max_ms`] = round(Math.max(...naive));
    log(
      `${name}: whole answer p50 ${results[`${name}_p50_ms`]} ms, p99 ${results[`${name}_p99_ms`]} ms; first screen p99 ${results[`${name}_first_screen_p99_ms`]} ms; ` +
        `station/unit tables p99 ${results[`${name}_station_unit_tables_p99_ms`]} ms; naive p50 ${results[`${name}_naive_p50_ms`]} ms`,
    );
  }
  results.goal = 'p99 ≤ 300 ms for the province month and the county year (the whole answer)';
  results.runs = RUNS;
  recordBench('stats', results);
  await ds.destroy();
}

const round = (v: number) => Math.round(v * 10) / 10;

/** The console's two requests (views/stats.ts): every part but the station and unit tables, then those two. */
const TABLES: ReadonlySet<StatsPart> = new Set(['byStation', 'byUnit']);
const FIRST: ReadonlySet<StatsPart> = new Set(['incidents', 'units', 'byDay', 'byHour', 'turnoutByHour', 'byCounty', 'byType', 'slowest']);

const NAIVE_INCIDENTS = 'SELECT * FROM response_incident WHERE call_at >= $1 AND call_at < $2 AND ($3::int IS NULL OR county_adcode = $3)';
const NAIVE_UNITS = 'SELECT * FROM response_unit WHERE call_at >= $1 AND call_at < $2 AND ($3::int IS NULL OR county_adcode = $3)';

/** Loads the period's incident and unit rows and computes counts, medians and shares in Node (what SQL does above). */
async function naiveAnswer(ds: Awaited<ReturnType<typeof benchDataSource>>, f: StatsFilter) {
  const params = [f.from, f.to, f.county ?? null];
  const [inc, units] = await Promise.all([
    ds.query(NAIVE_INCIDENTS, params) as Promise<Array<Record<string, number | null>>>,
    ds.query(NAIVE_UNITS, params) as Promise<Array<Record<string, number | null>>>,
  ]);
  const median = (xs: Array<number | null>) => {
    const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
    if (!v.length) return null;
    const p = (v.length - 1) / 2;
    return Math.round((v[Math.floor(p)] + (v[Math.ceil(p)] - v[Math.floor(p)]) * (p - Math.floor(p))) * 10) / 10;
  };
  const byDay = new Map<string, number>();
  for (const i of inc) {
    const d = localDate(new Date(i.call_at as unknown as string).getTime());
    byDay.set(d, (byDay.get(d) ?? 0) + 1);
  }
  return {
    incidents: inc.length,
    processingP50: median(inc.map((i) => i.processing_s)),
    arrivalP50: median(inc.map((i) => i.first_arrival_s)),
    turnoutP50: median(units.map((u) => u.turnout_s)),
    days: byDay.size,
  };
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
