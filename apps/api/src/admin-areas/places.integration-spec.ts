import { createTestDb, runApiCli, TestDb } from '@gan119/testing';
import { RunningApp, startApp } from '../../test/test-app';

type Place = { kind: string; name: string; context: string | null; lon: number; lat: number };

describe('GET /api/places: the local gazetteer behind the dispatcher\'s address box', () => {
  let db: TestDb;
  let app: RunningApp;
  const find = async (q: string) => {
    const r = await fetch(`${app.url}/api/places?q=${encodeURIComponent(q)}`);
    return { status: r.status, body: (await r.json()) as { places: Place[]; message?: string | string[] } };
  };
  beforeAll(async () => {
    db = await createTestDb();
    await runApiCli('cli/seed-demo.ts', { DATABASE_URL: db.url }, ['--roads', 'small']);
    app = await startApp(db.url);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('finds key units, stations, areas and roads by part of their name, key units first, with a point in Jiangxi', async () => {
    const { status, body } = await find('南昌');
    expect(status).toBe(200);
    const kinds = body.places.map((p) => p.kind);
    expect(kinds[0]).toBe('key_unit');
    expect(kinds).toEqual(expect.arrayContaining(['key_unit', 'station', 'city', 'county']));
    expect(kinds.indexOf('station')).toBeGreaterThan(kinds.lastIndexOf('key_unit'));
    const station = body.places.find((p) => p.name === '南昌特勤站')!;
    expect(station.lon).toBeCloseTo(115.8873, 3);
    for (const p of body.places) expect(p.lon > 113 && p.lon < 119 && p.lat > 24 && p.lat < 30.5).toBe(true);
    const roads = (await find('1路')).body.places;
    expect(roads.length).toBeGreaterThan(0);
    expect(roads.every((p) => p.kind === 'road' && p.name.includes('1路'))).toBe(true);
    expect(new Set(roads.map((p) => p.name)).size).toBe(roads.length); // each road once
  });

  it('treats % and _ as letters, and refuses an empty or over-long query naming it', async () => {
    expect((await find('%')).body.places).toEqual([]);
    expect((await find('_')).body.places).toEqual([]);
    const empty = await fetch(`${app.url}/api/places?q=`);
    expect(empty.status).toBe(400);
    expect(JSON.stringify(await empty.json())).toMatch(/q/);
    expect((await find('长'.repeat(61))).status).toBe(400);
    expect((await fetch(`${app.url}/api/places`)).status).toBe(400);
  });
});
