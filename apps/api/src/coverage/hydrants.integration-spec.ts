import { createTestDb, TestDb } from '@gan119/testing';
import { unionLength } from '@gan119/geo';
import { DataSource } from 'typeorm';
import { DATA_DIR, testDataSource } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { loadDemo } from '../demo/load-demo';
import { Db } from '../infra/db/unit-of-work';
import { BUILT_UP_CLASSES } from './hydrant.repository';

type Figures = { streetKm: number; coveredKm: number; coveredShare: number; spacedShare: number; gaps: number; repairKm: number; hydrants: Record<string, number> };
type Check = { province: Figures; cities: Figures[]; counties: Figures[] };

/**
 * The hydrant checks on the small synthetic network and the demo hydrants, against pgRouting: the
 * street length within 150 m of an in-service hydrant along the roads, from pgr_drivingDistance on the
 * same streets (undirected, by length) from every in-service hydrant's vertex.
 */
describe('hydrants: GB 50974 coverage of the built-up streets (real PostGIS and pgRouting)', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const r = await fetch(`${app.url}/api${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as T & { message?: string | string[] } };
  };

  beforeAll(async () => {
    db = await createTestDb();
    ds = await testDataSource(db.url);
    await loadDemo(new Db(ds), DATA_DIR, { roads: 'small' });
    app = await startApp(db.url);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('covers of the built-up streets what pgRouting finds within 150 m of an in-service hydrant; counties sum to the province', async () => {
    const { status, body } = await api<Check>('GET', '/coverage/hydrants');
    expect(status).toBe(200);
    const p = body.province;
    expect(p.streetKm).toBeGreaterThan(100);
    expect(p.coveredKm).toBeGreaterThan(0);
    expect(p.coveredKm).toBeLessThan(p.streetKm);
    expect(p.spacedShare).toBeLessThan(p.coveredShare);
    expect(Math.abs(body.counties.reduce((s, c) => s + c.streetKm, 0) - p.streetKm)).toBeLessThan(1);
    // every demo hydrant counted once, by its status
    const byStatus = (await ds.query(`SELECT status, count(*)::int AS n FROM water_source WHERE kind = 'hydrant' GROUP BY 1`)) as Array<{ status: string; n: number }>;
    for (const r of byStatus) expect(p.hydrants[r.status] + (r.status === 'in_service' ? p.hydrants.off_street : 0)).toBeGreaterThanOrEqual(r.n);
    expect(byStatus.find((r) => r.status !== 'in_service')).toBeDefined(); // the demo has broken ones, counted as gaps
    expect(p.repairKm).toBeGreaterThan(0);

    // pgRouting: every vertex within 150 m (undirected, by length) of an in-service hydrant's vertex: one search from a virtual source joined to each at no cost (many starts with equicost hold one search each in memory)
    const reached = (await ds.query(
      `SELECT node, agg_cost FROM pgr_drivingDistance(
         'SELECT id, source, target, length_m AS cost, length_m AS reverse_cost FROM road_edge
          UNION ALL SELECT -id, -1, substr(code, 3)::bigint, 0, 0 FROM water_source WHERE kind = ''hydrant'' AND status = ''in_service'' AND code LIKE ''HY%''',
         -1, 150, directed => false)`,
    )) as Array<{ node: string; agg_cost: number }>;
    const d = new Map(reached.map((r) => [Number(r.node), r.agg_cost]));
    const streets = (await ds.query(`SELECT source, target, length_m AS len FROM road_edge WHERE class = ANY($1::text[]) AND (name IS NULL OR name !~ '^[GSXYZ][0-9]')`, [
      BUILT_UP_CLASSES,
    ])) as Array<{ source: string; target: string; len: number }>;
    let covered = 0;
    for (const e of streets) {
      const a = 150 - (d.get(Number(e.source)) ?? Infinity),
        b = 150 - (d.get(Number(e.target)) ?? Infinity);
      covered += unionLength(e.len, [
        ...(a > 0 ? [[0, a] as const] : []),
        ...(b > 0 ? [[e.len - b, e.len] as const] : []),
      ]);
    }
    expect(Math.abs(covered / 1000 - p.coveredKm)).toBeLessThan(Math.max(0.2, p.coveredKm * 0.001));
  });

  it('draws the gaps in a box, the longest first; sites new hydrants that close them, each adding less than the one before', async () => {
    const [box] = (await ds.query(
      `SELECT ST_XMin(e) AS a, ST_YMin(e) AS b, ST_XMax(e) AS c, ST_YMax(e) AS d FROM (SELECT ST_Expand(geom, 0.02) AS e FROM water_source WHERE kind = 'hydrant' ORDER BY id LIMIT 1) x`,
    )) as Array<{ a: number; b: number; c: number; d: number }>;
    const gaps = await api<{ total: number; features: Array<{ properties: { kind: string; lengthM: number }; geometry: { coordinates: number[][] } }> }>(
      'GET',
      `/coverage/hydrants/gaps?bbox=${box.a},${box.b},${box.c},${box.d}&limit=50`,
    );
    expect(gaps.status).toBe(200);
    expect(gaps.body.features.length).toBeGreaterThan(0);
    const lengths = gaps.body.features.map((f) => f.properties.lengthM);
    expect([...lengths].sort((x, y) => y - x)).toEqual(lengths);
    for (const f of gaps.body.features) expect(f.geometry.coordinates.length).toBeGreaterThanOrEqual(2);

    const before = (await api<Check>('GET', '/coverage/hydrants')).body.province.coveredKm;
    const sited = await api<{ coveredKmBefore: number; coveredKmAfter: number; sites: Array<{ gainM: number; lon: number; lat: number }> }>('POST', '/coverage/hydrants/siting', { k: 20 });
    expect(sited.status).toBe(200);
    expect(sited.body.sites).toHaveLength(20);
    expect(sited.body.coveredKmBefore).toBeCloseTo(before, 1);
    for (let i = 1; i < 20; i++) expect(sited.body.sites[i].gainM).toBeLessThanOrEqual(sited.body.sites[i - 1].gainM);
    // each site adds at most the 300 m of street a hydrant reaches on a straight street both ways, more at a crossing
    expect(sited.body.sites[0].gainM).toBeGreaterThan(100);
    const gained = sited.body.sites.reduce((s, x) => s + x.gainM, 0) / 1000;
    expect(Math.abs(sited.body.coveredKmAfter - sited.body.coveredKmBefore - gained)).toBeLessThan(0.2);
  });

  it('refuses a bad box, a box too large or a count out of range with a 400 naming it', async () => {
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['GET', '/coverage/hydrants/gaps', undefined, /bbox/],
      ['GET', '/coverage/hydrants/gaps?bbox=1,2,3', undefined, /bbox/],
      ['GET', '/coverage/hydrants/gaps?bbox=116,29,115,28', undefined, /min below max/],
      ['GET', '/coverage/hydrants/gaps?bbox=114,26,116,28', undefined, /0.5°/],
      ['POST', '/coverage/hydrants/siting', { k: 0 }, /k must be at least 1/],
      ['POST', '/coverage/hydrants/siting', { k: 11001 }, /at most 11000/],
      ['POST', '/coverage/hydrants/siting', { k: 'many' }, /whole number/],
    ];
    for (const [method, path, body, message] of cases) {
      const r = await api(method, path, body);
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
      expect(String(r.body.message)).toMatch(message);
    }
  });
});
