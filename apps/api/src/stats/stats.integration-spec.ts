import { createTestDb, TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { callAndAssign, freeTenders } from '../../test/dispatch-helpers';
import { DATA_DIR, testDataSource } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { loadDemo } from '../demo/load-demo';
import { Db } from '../infra/db/unit-of-work';
import { loadDemoHistory } from './demo-history';

type Q = { n: number; p50: number | null; p90: number | null };
type Answer = {
  counts: { incidents: number; synthetic: number; imported: number; unitResponses: number };
  intervals: Record<string, Q>;
  compliance: Record<string, number | null>;
  byDay: Array<{ key: string; incidents: number }>;
  byHour: Array<{ key: number; incidents: number }>;
  byCounty: Array<{ key: number; name: string; incidents: number; firstArrivalP50: number | null }>;
  byStation: Array<{ stationId: number; responses: number }>;
  byUnit: Array<{ unitId: number; responses: number; turnoutP50: number | null }>;
  slowest: Array<{ incidentId: number | null; responseS: number }>;
};

describe('statistics: the live record, imported history and synthetic history, in SQL', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  const get = async (path: string) => {
    const r = await fetch(`${app.url}/api${path}`);
    return {
      status: r.status,
      type: r.headers.get('content-type') ?? '',
      body: r.headers.get('content-type')?.includes('json') ? ((await r.json()) as unknown) : Buffer.from(await r.arrayBuffer()),
    };
  };
  const stats = async (query = '') => {
    const r = await get(`/stats${query}`);
    expect(r.status).toBe(200);
    return r.body as Answer;
  };
  const status = async (unitId: number, to: string) => {
    const r = await fetch(`${app.url}/api/units/${unitId}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to }),
    });
    expect(r.status).toBeLessThan(300);
  };
  const importCsv = (batch: string, csv: string, query = '') =>
    fetch(`${app.url}/api/stats/history/${batch}${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });

  beforeAll(async () => {
    db = await createTestDb();
    ds = await testDataSource(db.url);
    await loadDemo(new Db(ds), DATA_DIR, { roads: 'none' });
    app = await startApp(db.url);
  });
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('answers an empty period with zeros and nulls, never NaN or a 500', async () => {
    const a = await stats('?from=2020-01-01&to=2020-02-01');
    expect(a.counts.incidents).toBe(0);
    expect(a.intervals.processing).toEqual({ n: 0, p50: null, p90: null });
    expect(a.compliance).toEqual({ processing: null, turnout: null, firstArrival: null });
    expect(a.byHour).toHaveLength(24);
    expect(JSON.stringify(a)).not.toMatch(/NaN|Infinity/);
  });

  it('measures live incidents from the record: processing to the first order, turnout, travel, first arrival', async () => {
    const [u1, u2] = await freeTenders(ds, 2);
    const { incidentId } = await callAndAssign(app.url, [u1, u2]);
    await status(u1, 'en_route');
    await status(u2, 'en_route');
    await new Promise((r) => setTimeout(r, 1100));
    await status(u1, 'on_scene');
    const a = await stats();
    expect(a.counts.incidents).toBe(1);
    expect(a.counts.unitResponses).toBe(2);
    expect(a.intervals.turnout.n).toBe(2);
    expect(a.intervals.travel.n).toBe(1);
    expect(a.intervals.travel.p50!).toBeGreaterThanOrEqual(1);
    expect(a.intervals.first_arrival.n).toBe(1);
    expect(a.intervals.processing.p50!).toBeGreaterThanOrEqual(0);
    expect(a.byUnit.map((u) => u.unitId).sort()).toEqual([u1, u2].sort());
    expect(a.slowest[0].incidentId).toBe(incidentId);
    // the second unit arrives later: the refresh picks up the change (incrementally)
    await status(u2, 'on_scene');
    expect((await stats()).intervals.travel.n).toBe(2);
  });

  const GOOD = [
    'incident,type,call_at,created_at,ordered_at,en_route_at,on_scene_at,unit,unit_kind,station,location',
    'H1,building_fire,2025-03-01T08:00:00+08:00,2025-03-01T08:00:40+08:00,2025-03-01T08:01:00+08:00,2025-03-01T08:02:00+08:00,2025-03-01T08:06:00+08:00,X-1,water_tender,,"(28.68, 115.89)"',
    'H1,building_fire,2025-03-01T08:00:00+08:00,2025-03-01T08:00:40+08:00,2025-03-01T08:01:10+08:00,2025-03-01T08:02:30+08:00,,X-2,water_tender,,"(28.68, 115.89)"',
    'H2,traffic,2025-03-02T23:10:00+08:00,2025-03-02T23:10:30+08:00,2025-03-02T23:11:30+08:00,2025-03-02T23:13:00+08:00,2025-03-02T23:20:00+08:00,X-3,heavy_rescue,,"(29.70, 116.00)"',
  ].join('\n');

  it('imports a past record as a batch: each incident in its county, its intervals by the one definition', async () => {
    const r = await importCsv('past-2025', GOOD);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ incidents: 2, units: 3, inCounty: 2 });
    const a = await stats('?from=2025-03-01&to=2025-03-03&origins=import');
    expect(a.counts).toMatchObject({ incidents: 2, imported: 2, unitResponses: 3 });
    expect(a.intervals.processing.p50).toBe(75); // 60 s and 90 s
    expect(a.intervals.first_arrival.n).toBe(2);
    expect(a.byCounty.every((c) => c.name)).toBe(true);
    expect(a.byHour.find((h) => h.key === 23)!.incidents).toBe(1);
    // importing the same batch again replaces it
    expect((await importCsv('past-2025', GOOD)).status).toBe(200);
    expect((await stats('?from=2025-03-01&to=2025-03-03&origins=import')).counts.incidents).toBe(2);
  });

  it('refuses a file with broken rows whole, naming them, and changes nothing', async () => {
    const before = await ds.query('SELECT count(*)::int AS n FROM response_incident');
    const bad =
      GOOD +
      '\nH3,traffic,yesterday,,2025-03-02T23:11:30+08:00,,,X-4,heavy_rescue,,"(29.70, 116.00)"\nH4,traffic,2025-03-02T23:10:00+08:00,,,,,X-5,heavy_rescue,,"(29.7)"';
    const r = await importCsv('past-2025b', bad);
    expect(r.status).toBe(422);
    const body = (await r.json()) as { error: string; message: string; details: { count: number } };
    expect(body.error).toBe('history_rows');
    expect(body.message).toMatch(/line 5: call_at "yesterday" is not a time/);
    expect(body.message).toMatch(/line 6/);
    expect(await ds.query('SELECT count(*)::int AS n FROM response_incident')).toEqual(before);
    const noCol = await importCsv('past-x', 'incident,type\nH1,fire');
    expect(noCol.status).toBe(422);
    expect(((await noCol.json()) as { message: string }).message).toMatch(/no column "call_at"/);
    expect((await fetch(`${app.url}/api/stats/history/past-x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(
      415,
    );
    expect((await importCsv('Bad Name', GOOD)).status).toBe(400);
  });

  it('refuses bad filters with a 400 naming them', async () => {
    for (const [q, re] of [
      ['?from=2025-03-05&to=2025-03-01', /backwards/],
      ['?from=tomorrow', /from must be a date/],
      ['?from=2015-01-01&to=2025-01-01', /three years/],
      ['?level=7', /level/],
      ['?origins=live,fake', /origins/],
      ['?county=12', /county/],
      ['?processing=0', /processing/],
      ['?type=%3Cscript%3E', /type/],
    ] as const) {
      const r = await get(`/stats${q}`);
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toMatch(re);
    }
    expect((await get('/stats/export?table=nope&format=csv')).status).toBe(400);
  });

  it('shows synthetic history by day and hour, filtered by county and station, and exports every table as CSV and XLSX', async () => {
    const n = await loadDemoHistory(new Db(ds), { days: 7, perDay: 120, seed: 7 });
    expect(n).toBeGreaterThan(600);
    const since = `from=${new Date(Date.now() - 9 * 86_400_000).toISOString().slice(0, 10)}`;
    const a = await stats(`?origins=synthetic&${since}`);
    expect(a.counts.synthetic).toBe(n);
    expect(a.byDay.length).toBeGreaterThanOrEqual(7);
    expect(a.byHour.reduce((s, h) => s + h.incidents, 0)).toBe(n);
    expect(a.intervals.processing.p50!).toBeGreaterThan(30);
    expect(a.intervals.processing.p50!).toBeLessThan(120);
    expect(a.compliance.firstArrival!).toBeGreaterThan(0.2);
    const county = a.byCounty[0];
    const c = await stats(`?origins=synthetic&county=${county.key}&${since}`);
    expect(c.counts.incidents).toBe(county.incidents);
    const station = a.byStation[0];
    const s = await stats(`?origins=synthetic&station=${station.stationId}&${since}`);
    expect(s.counts.unitResponses).toBe(station.responses);
    for (const table of ['summary', 'byDay', 'byHour', 'byCounty', 'byType', 'byStation', 'byUnit', 'slowest']) {
      const csv = await get(`/stats/export?table=${table}&format=csv&origins=synthetic&${since}`);
      expect(csv.status).toBe(200);
      const text = (csv.body as Buffer).toString('utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      expect(text.split('\r\n').length).toBeGreaterThan(2);
      const xlsx = await get(`/stats/export?table=${table}&format=xlsx&lang=en&origins=synthetic&${since}`);
      expect(xlsx.status).toBe(200);
      expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    }
    const byCounty = ((await get(`/stats/export?table=byCounty&format=csv&origins=synthetic&${since}`)).body as Buffer).toString('utf8');
    expect(byCounty.split('\r\n')[0]).toContain('5分钟到场率');
  });
});
