import { startOfLocalDate } from '@gan119/dispatch';
import { createTestDb, TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { DATA_DIR, testDataSource } from '../../test/test-data-source';
import { loadDemo } from '../demo/load-demo';
import { Db } from '../infra/db/unit-of-work';
import { storeSyntheticHistory } from './demo-history';
import { LiveRefresh } from './live-refresh';
import { ResponseFactsRepository } from './response-facts.repository';
import { StatsFilter } from './response-stats.repository';
import { defaultThresholds, Statistics, StatsAnswer } from './statistics';

/** How far a rollup p50/p90 may be from the exact one: the width of the bin it falls in. */
const binWidth = (v: number) => (v < 120 ? 2 : v < 600 ? 5 : v < 1800 ? 15 : v < 7200 ? 60 : 600);

type Q = { n: number; p50: number | null; p90: number | null };

function expectClose(label: string, rollup: number | null | undefined, exact: number | null | undefined, tolerance: number) {
  if (exact === null || exact === undefined) return expect({ label, rollup }).toEqual({ label, rollup: exact ?? null });
  expect({ label, off: Math.abs(Number(rollup) - exact) <= tolerance }).toEqual({ label, off: true });
}

/** The rollup's answer against the record's: counts equal, p50/p90 within a bin, shares within 0.3 %. */
function expectAgree(r: StatsAnswer, e: StatsAnswer) {
  expect(r.source).toBe('rollup');
  expect(e.source).toBe('record');
  expect(r.counts).toEqual(e.counts);
  for (const [name, q] of Object.entries(e.intervals) as Array<[string, Q]>) {
    const got = (r.intervals as Record<string, Q>)[name];
    expect({ name, n: got.n }).toEqual({ name, n: q.n });
    expectClose(`${name} p50`, got.p50, q.p50, binWidth(q.p50 ?? 0));
    expectClose(`${name} p90`, got.p90, q.p90, binWidth(q.p90 ?? 0));
  }
  for (const k of ['processing', 'turnout', 'firstArrival'] as const) expectClose(`${k} share`, r.compliance[k], e.compliance[k], 0.003);
  const table = (rows: Array<Record<string, unknown>>, count: string) => rows.map((x) => [String(x.key), x[count]]).sort();
  expect(table(r.byDay, 'incidents')).toEqual(table(e.byDay, 'incidents'));
  expect(r.byHour.map((x) => x.incidents)).toEqual(e.byHour.map((x) => x.incidents));
  expect(table(r.byCounty, 'incidents')).toEqual(table(e.byCounty, 'incidents'));
  expect(table(r.byType, 'incidents')).toEqual(table(e.byType, 'incidents'));
  expect(table(r.byStation, 'responses')).toEqual(table(e.byStation, 'responses'));
  expect(table(r.byUnit, 'responses')).toEqual(table(e.byUnit, 'responses'));
  for (const [i, x] of e.byCounty.entries()) {
    const y = r.byCounty.find((c) => c.key === x.key);
    expect(y?.name).toBe(x.name);
    expectClose(`county ${i} first arrival p50`, y?.firstArrivalP50 as number, x.firstArrivalP50 as number, binWidth(Number(x.firstArrivalP50)));
  }
  for (const x of e.byUnit.slice(0, 20)) {
    const y = r.byUnit.find((u) => u.key === x.key);
    expect([y?.unitCode, y?.stationCode, y?.name]).toEqual([x.unitCode, x.stationCode, x.name]);
    expectClose(`unit ${String(x.unitCode)} turnout p50`, y?.turnoutP50 as number, x.turnoutP50 as number, binWidth(Number(x.turnoutP50)));
  }
  expect(r.slowest).toEqual(e.slowest);
}

/** The station and unit tables of whole months come from the kept samples: exactly the record's figures. */
function expectExactTables(r: StatsAnswer, e: StatsAnswer) {
  const figures = (rows: Array<Record<string, unknown>>) =>
    rows
      .map((x) => [x.key, x.responses, x.ackP50, x.turnoutP50, x.turnoutP90, x.travelP50, x.turnoutShare])
      .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
  expect(figures(r.byStation)).toEqual(figures(e.byStation));
  expect(figures(r.byUnit)).toEqual(figures(e.byUnit));
}

describe('statistics rollup: histograms kept by triggers, answering as the record does', () => {
  let db: TestDb;
  let ds: DataSource;
  let stats: Statistics;
  const t = defaultThresholds();
  const base = { scope: null, origins: ['live', 'import', 'synthetic'] as Array<'live' | 'import' | 'synthetic'> };
  const period = (from: string, to: string): StatsFilter => ({ ...base, from: new Date(startOfLocalDate(from)), to: new Date(startOfLocalDate(to)) });
  const both = async (f: StatsFilter) => {
    stats.rollupFrom = 0;
    const r = await stats.answer(f, t);
    stats.rollupFrom = Infinity;
    const e = await stats.answer(f, t);
    return { r, e };
  };
  const cellsLeft = async () => ((await ds.query('SELECT count(*)::int AS n FROM response_cell WHERE n <> 0')) as [{ n: number }])[0].n;
  const samplesLeft = async () =>
    ((await ds.query('SELECT count(*)::int AS n FROM response_sample WHERE n <> 0 OR cardinality(vals) > 0')) as [{ n: number }])[0].n;

  beforeAll(async () => {
    db = await createTestDb();
    ds = await testDataSource(db.url);
    const d = new Db(ds);
    await loadDemo(d, DATA_DIR, { roads: 'none' });
    stats = new Statistics(d, new LiveRefresh(d));
    // 5,000 calls over 100 days from 2025-02-20: two whole months (March, April) and days at both ends
    await storeSyntheticHistory(d, { batch: 'rollup', start: startOfLocalDate('2025-02-20'), days: 100, perDay: 50, seed: 5 });
  }, 180_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('the province over whole months, with a few days more, and not over thirty days across two months', async () => {
    const month = await both(period('2025-03-01', '2025-05-01'));
    expect(month.e.counts.incidents).toBeGreaterThan(2_500);
    expectAgree(month.r, month.e);
    expectExactTables(month.r, month.e);
    const april = await both(period('2025-04-01', '2025-05-01'));
    expectExactTables(april.r, april.e);
    const days = await both(period('2025-02-26', '2025-05-04'));
    expectAgree(days.r, days.e);
    // thirty days across two months: mostly outside whole months, so the record answers
    stats.rollupFrom = 0;
    expect((await stats.answer(period('2025-03-10', '2025-04-09'), t)).source).toBe('record');
  });

  it('a city and a county, as a 支队 console or a county filter asks', async () => {
    const [{ city, county }] = (await ds.query(
      `SELECT city_adcode AS city, county_adcode AS county FROM response_incident GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
    )) as [{ city: number; county: number }];
    const c = await both({ ...period('2025-02-27', '2025-05-02'), scope: city });
    expect(c.e.counts.incidents).toBeGreaterThan(100);
    expectAgree(c.r, c.e);
    const cityMonths = await both({ ...period('2025-03-01', '2025-05-01'), scope: city });
    expectExactTables(cityMonths.r, cityMonths.e);
    const x = await both({ ...period('2025-02-26', '2025-05-04'), county });
    expectAgree(x.r, x.e);
    const countyMonths = await both({ ...period('2025-03-01', '2025-05-01'), county });
    expect(countyMonths.e.byStation.length).toBeGreaterThan(0);
    // kept by county: every response of the county's two months in its samples
    const [{ kept }] = (await ds.query(
      `SELECT sum(n)::int AS kept FROM response_sample WHERE view = 's' AND level = 'x' AND geo = $1 AND measure = 10 AND at IN ('2025-03-01', '2025-04-01')`,
      [county],
    )) as [{ kept: number }];
    expect(kept).toBe(countyMonths.e.counts.unitResponses);
    expectExactTables(countyMonths.r, countyMonths.e);
    const synthOnly = await both({ ...period('2025-03-01', '2025-04-01'), origins: ['import'] });
    expect(synthOnly.r.counts.incidents).toBe(0);
  });

  it('follows every change to the record in the same transaction: updates, re-placed counties, a removed batch', async () => {
    // in one statement each (each a trigger run over every row): a record in whole seconds, as imports are, many
    // at exactly 60 s (within the 60-s standard in both); ten days' processing doubled; every 11th incident
    // outside every county; every 7th unit response a ladder's, 30 s slower to roll
    await ds.query(
      `UPDATE response_incident SET processing_s = round(processing_s / 5) * 5 * CASE WHEN call_at >= $1 AND call_at < $2 THEN 2 ELSE 1 END,
              county_adcode = CASE WHEN id % 11 = 0 THEN NULL ELSE county_adcode END, city_adcode = CASE WHEN id % 11 = 0 THEN NULL ELSE city_adcode END`,
      [new Date(startOfLocalDate('2025-03-10')), new Date(startOfLocalDate('2025-03-20'))],
    );
    await ds.query(`UPDATE response_unit SET turnout_s = turnout_s + 30, kind = 'ladder' WHERE fact_id % 7 = 0`);
    const m = await both(period('2025-03-01', '2025-05-01'));
    expectAgree(m.r, m.e);
    expect(m.r.compliance.processing).toBe(m.e.compliance.processing);
    expect(m.r.byCounty.some((c) => c.key === null)).toBe(true);
    expectExactTables(m.r, m.e);
    const [{ county }] = (await ds.query(
      `SELECT county_adcode AS county FROM response_unit WHERE fact_id % 7 = 0 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    )) as [{ county: number }];
    const x = await both({ ...period('2025-03-01', '2025-05-01'), county });
    expectExactTables(x.r, x.e);
    await new Db(ds).transaction((tx) => tx.get(ResponseFactsRepository).removeBatch('synthetic', 'rollup'));
    expect(await cellsLeft()).toBe(0);
    expect(await samplesLeft()).toBe(0);
  });
});
