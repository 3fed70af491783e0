import { createTestDb, runApiCli, TestDb } from '@gan119/testing';
import { RunningApp, startApp } from '../../test/test-app';

type Place = { kind: string; name: string; district: string | null; address: string | null; lon: number; lat: number; distanceM: number | null };

describe("GET /api/places: finding the caller's place", () => {
  let db: TestDb;
  let app: RunningApp;
  const find = async (q: string, near?: string) => {
    const r = await fetch(`${app.url}/api/places?q=${encodeURIComponent(q)}${near ? `&near=${near}` : ''}`);
    return { status: r.status, body: (await r.json()) as { places: Place[]; message?: string | string[] } };
  };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${app.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const count = async () => ((await (await fetch(`${app.url}/api/places/sources`)).json()) as { sources: Array<{ source: string; places: number }> }).sources;

  beforeAll(async () => {
    db = await createTestDb();
    await runApiCli('cli/seed-demo.ts', { DATABASE_URL: db.url }, ['--roads', 'small']);
    app = await startApp(db.url);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("finds a 小区 in the district the caller names, however they say it, and says each result's district", async () => {
    for (const q of ['南昌市青山湖区阳光花园', '青山湖 阳光花园', '青山湖区 阳光化园' /* a typo */, '阳光花园（青山湖区）']) {
      const { status, body } = await find(q);
      expect(status).toBe(200);
      expect(body.places[0]).toMatchObject({ kind: 'residential', name: '阳光花园', district: '南昌市 青山湖区' });
    }
    // the same name elsewhere comes up too, each with its own district, so they can be told apart
    const all = (await find('阳光花园')).body.places;
    expect(all.length).toBeGreaterThan(3);
    expect(new Set(all.map((p) => p.district)).size).toBe(all.length);
  });

  it('ranks the same name nearest the dispatcher first', async () => {
    const ganzhou = (await find('阳光花园', '114.93,25.83')).body.places[0];
    expect(ganzhou.district).toMatch(/^赣州市/);
    expect(ganzhou.distanceM).toBeLessThan(20000);
  });

  it('finds by pinyin initials, alias and partial name', async () => {
    expect((await find('qshq')).body.places[0]).toMatchObject({ kind: 'county', name: '青山湖区' });
    expect((await find('进贤县医院')).body.places[0]).toMatchObject({ kind: 'hospital', name: '进贤人民医院' });
    expect((await find('进贤一中')).body.places[0]).toMatchObject({ kind: 'school', name: '进贤第一中学' });
  });

  it('puts a district at its seat, never a corner', async () => {
    const qsh = (await find('青山湖区')).body.places.find((p) => p.kind === 'county')!;
    // 青山湖区's seat (jiangxi_admin_centers.csv, WGS84) is at 115.944178, 28.692613; its polygon's inner point is 13 km away
    expect(qsh.lon).toBeCloseTo(115.944178, 5);
    expect(qsh.lat).toBeCloseTo(28.692613, 5);
  });

  it('still finds key units, stations, areas and roads, with their districts', async () => {
    expect((await find('南昌')).body.places.slice(0, 2).map((p) => [p.kind, p.name])).toEqual([
      ['city', '南昌市'],
      ['county', '南昌县'],
    ]);
    const keyUnit = (await find('南昌化工园区')).body.places[0];
    expect(keyUnit.kind).toBe('key_unit');
    const station = (await find('南昌特勤站')).body.places[0];
    expect(station).toMatchObject({ kind: 'station', name: '南昌特勤站' });
    expect(station.lon).toBeCloseTo(115.8873, 3);
    const roads = (await find('1路')).body.places.filter((p) => p.kind === 'road');
    expect(roads.length).toBeGreaterThan(0);
    expect(roads.every((p) => p.name.includes('1路') && p.district)).toBe(true);
  });

  it('answers a map click with the nearest place, road and district', async () => {
    const place = (await find('青山湖 阳光花园')).body.places[0];
    const r = (await (await fetch(`${app.url}/api/places/reverse?lon=${place.lon}&lat=${place.lat}`)).json()) as {
      place: { name: string; distanceM: number };
      district: string;
      address: string;
    };
    expect(r.place).toMatchObject({ name: '阳光花园', distanceM: 0 });
    expect(r.district).toBe('南昌市 青山湖区');
    expect(r.address).toMatch(/^南昌市青山湖区.*阳光花园$/);
    expect((await fetch(`${app.url}/api/places/reverse?lon=abc&lat=28`)).status).toBe(400);
  });

  it('treats % and _ as letters, and refuses an empty or over-long query naming it', async () => {
    expect((await find('%')).body.places).toEqual([]);
    expect((await find('_')).body.places).toEqual([]);
    const empty = await fetch(`${app.url}/api/places?q=`);
    expect(empty.status).toBe(400);
    expect(JSON.stringify(await empty.json())).toMatch(/q/);
    expect((await find('长'.repeat(61))).status).toBe(400);
    expect((await fetch(`${app.url}/api/places`)).status).toBe(400);
    expect((await find('阳光', 'east')).status).toBe(400);
  });

  it('imports a gazetteer file, replacing its source; a file with a bad line is refused whole, naming it, and changes nothing', async () => {
    const good = 'name,kind,aliases,address,lon,lat,crs\n洪都新村,小区,洪都,洪都中大道100号,115.91,28.66,WGS84\n省儿童医院,hospital,,,115.90,28.67,WGS84\n';
    expect(await post('/places/import', { source: 'nc-test', format: 'csv', content: good })).toMatchObject({ status: 201, body: { stored: 2 } });
    expect((await find('洪都新村')).body.places[0]).toMatchObject({ name: '洪都新村', district: expect.stringMatching(/^南昌市/) });
    const before = await count();
    const bad = 'name,lon,lat\n新的地方,115.91,28.66\n,115.9,28.6\n北京,116.4,39.9\n';
    const r = await post('/places/import', { source: 'nc-test', format: 'csv', content: bad });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      error: 'invalid_places',
      details: { errors: ['line 3: name is missing', 'line 4: 116.4, 39.9 (WGS84) is outside Jiangxi (lon and lat swapped?)'] },
    });
    // inside the bbox but outside the province (Anhui, 45 km beyond the border): refused by the boundary
    const anhui = await post('/places/import', { source: 'nc-test', format: 'csv', content: 'name,lon,lat\n黄山某地,118.3,29.9\n' });
    expect(anhui).toMatchObject({ status: 400, body: { details: { errors: ['line 2: outside Jiangxi'] } } });
    expect(await count()).toEqual(before);
    expect((await find('洪都新村')).body.places[0].name).toBe('洪都新村');
    expect((await post('/places/import', { source: 'demo', format: 'csv', content: good })).status).toBe(400);
    expect((await post('/places/import', { source: 'NC test', format: 'csv', content: good })).status).toBe(400);
  });
});
