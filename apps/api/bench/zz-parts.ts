import 'reflect-metadata';
import { startOfLocalDate, DAY_MS as DAY } from '@gan119/dispatch';
import { performance } from 'perf_hooks';
import { Db } from '../src/infra/db/unit-of-work';
import { LiveRefresh } from '../src/stats/live-refresh';
import { defaultThresholds, Statistics, StatsPart } from '../src/stats/statistics';
import { benchDataSource } from './bench-db';

const PARTS: StatsPart[] = ['incidents', 'units', 'byDay', 'byHour', 'turnoutByHour', 'byCounty', 'byType', 'byStation', 'byUnit', 'slowest'];
async function main() {
  const ds = await benchDataSource(() => undefined);
  const db = new Db(ds);
  const stats = new Statistics(db, new LiveRefresh(db));
  const t = defaultThresholds();
  const START = startOfLocalDate('2025-01-01');
  const counties = ((await ds.query(`SELECT county_adcode AS c, count(*)::int n FROM response_incident WHERE county_adcode IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`)) as Array<{ c: number; n: number }>);
  console.log('counties', counties.length, 'largest', counties.slice(0, 3), 'smallest', counties.slice(-2));
  const mode = process.argv[2] ?? 'county';
  const f = mode === 'county'
    ? { scope: null, origins: ['live', 'import', 'synthetic'] as const, county: counties[0].c, from: new Date(START), to: new Date(START + 365 * DAY) }
    : { scope: null, origins: ['live', 'import', 'synthetic'] as const, from: new Date(startOfLocalDate(mode)), to: new Date(startOfLocalDate(process.argv[3])) };
  for (let k = 0; k < 3; k++) {
    const row: string[] = [];
    let t0 = performance.now();
    await stats.answer({ ...f, origins: [...f.origins] }, t);
    row.push(`whole ${(performance.now() - t0).toFixed(0)}`);
    for (const p of PARTS) {
      t0 = performance.now();
      await stats.answer({ ...f, origins: [...f.origins] }, t, new Set([p]));
      row.push(`${p} ${(performance.now() - t0).toFixed(0)}`);
    }
    console.log(row.join(' | '));
  }
  await ds.destroy();
}
main();
