import { createTestDb, TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { DATA_DIR, testDataSource } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { loadDemo } from '../demo/load-demo';
import { importRoads } from '../roads/import/import-roads';
import { WaterRepository } from './water.repository';
import { Db } from '../infra/db/unit-of-work';

type Unit = { id: number; code: string; status: string; version: number; kind: string; capabilities: string[]; home: { lon: number; lat: number } };

describe('forces: roster, status rules, water sources, AVL (real PostgreSQL, PostGIS, Redis)', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  const get = async <T>(path: string) => {
    const r = await fetch(`${app.url}/api${path}`);
    return { status: r.status, body: (await r.json()) as T };
  };
  const post = async <T>(path: string, body: unknown) => {
    const r = await fetch(`${app.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as T };
  };

  beforeAll(async () => {
    db = await createTestDb();
    ds = await testDataSource(db.url);
    await loadDemo(new Db(ds), DATA_DIR, { roads: 'none' });
    await importRoads(new Db(ds), 'jiangxi', { kind: 'synthetic', size: 'small' });
    await loadDemo(new Db(ds), DATA_DIR, { roads: 'none' }); // now with hydrants along the streets
    app = await startApp(db.url, { AVL_STALE_S: '5' });
  });
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('loads the demo roster: stations in every county, the provincial teams, water sources', async () => {
    const stations = await get<{ features: Array<{ properties: { countyAdcode: number | null; kind: string } }> }>('/stations');
    const counties = new Set(stations.body.features.map((f) => f.properties.countyAdcode).filter(Boolean));
    expect(counties.size).toBeGreaterThan(60); // all counties but the city districts, served by their city's stations
    const teams = await get<{ count: number }>('/units?kind=mobile_brigade,earthquake_team,flood_team&limit=100');
    expect(teams.body.count).toBe(17 + 19 + 12);
    const water = await get<{ features: Array<{ properties: { kind: string; status: string } }> }>('/water-sources?limit=20000');
    expect(water.body.features.some((f) => f.properties.kind === 'hydrant')).toBe(true);
    expect(new Set(water.body.features.map((f) => f.properties.status))).toEqual(new Set(['in_service', 'out_of_service', 'low_pressure']));
  });

  it('filters units by status, capability, city and radius, nearest first', async () => {
    const r = await get<{ units: Unit[] }>('/units?status=available&capability=aerial&city=360100&lon=115.8873&lat=28.6799&radiusM=20000');
    expect(r.status).toBe(200);
    expect(r.body.units.length).toBeGreaterThan(3);
    expect(r.body.units.every((u) => u.capabilities.includes('aerial') && u.status === 'available')).toBe(true);
    const d = r.body.units.map((u) => Math.hypot(u.home.lon - 115.8873, u.home.lat - 28.6799));
    expect([...d].sort((a, b) => a - b)).toEqual(d);
    for (const bad of ['/units?status=sleeping', '/units?capability=flying', '/units?lon=115&lat=28', '/units?limit=0', '/units?city=abc']) {
      expect((await get(bad)).status).toBe(400);
    }
  });

  it('finds units within a drawn polygon, and shows the organisation tree', async () => {
    const d = 0.05;
    const box = {
      type: 'Polygon',
      coordinates: [
        [
          [115.8873 - d, 28.6799 - d],
          [115.8873 + d, 28.6799 - d],
          [115.8873 + d, 28.6799 + d],
          [115.8873 - d, 28.6799 + d],
          [115.8873 - d, 28.6799 - d],
        ],
      ],
    };
    const r = await post<{ count: number; units: Unit[] }>('/units/search', { within: box, capability: ['water'] });
    expect(r.status).toBe(200);
    expect(r.body.count).toBeGreaterThan(5);
    expect(r.body.units.every((u) => Math.abs(u.home.lon - 115.8873) <= d && Math.abs(u.home.lat - 28.6799) <= d)).toBe(true);
    expect((await post('/units/search', { within: { type: 'Point', coordinates: [115.9, 28.7] } })).status).toBe(400);
    // a bow-tie (self-intersecting) is refused naming it, as key units refuse it (issue 13: it was searched)
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [115.8, 28.6],
          [115.9, 28.7],
          [115.9, 28.6],
          [115.8, 28.7],
          [115.8, 28.6],
        ],
      ],
    };
    const tied = await post<{ error: string; message: string }>('/units/search', { within: bowtie });
    expect([tied.status, tied.body.error, tied.body.message]).toEqual([400, 'bad_geometry', expect.stringMatching(/^within: Self-intersection/)]);
    // hex tile coordinates are not tiles (0x3 was tile 3)
    expect((await fetch(`${app.url}/api/tiles/stations/12/0xd26/1708.mvt`)).status).toBe(400);
    const org = await get<{ cities: Array<{ name: string; stations: number; counties: Array<{ stations: number }> }> }>('/org');
    expect(org.body.cities).toHaveLength(11);
    const nanchang = org.body.cities.find((c) => c.name === '南昌市')!;
    expect(nanchang.stations).toBeGreaterThan(15);
    const tile = await fetch(`${app.url}/api/tiles/stations/12/3366/1708.mvt`);
    expect(tile.status).toBe(200);
  });

  it('enforces the status machine: 409 naming the rule, history kept, version checked', async () => {
    const [unit] = (await get<{ units: Unit[] }>('/units?status=available&kind=water_tender&limit=1')).body.units;
    const illegal = await post<{ error: string; message: string }>(`/units/${unit.id}/status`, { to: 'on_scene' });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error).toBe('illegal_transition');
    expect(illegal.body.message).toMatch(/cannot go from available to on_scene/);
    expect((await post(`/units/${unit.id}/status`, { to: 'out_of_service' })).status).toBe(409); // no reason
    const oos = await post<Unit>(`/units/${unit.id}/status`, { to: 'out_of_service', reason: '水泵故障 pump fault', expectedVersion: unit.version });
    expect(oos.status).toBe(200);
    expect(oos.body.status).toBe('out_of_service');
    expect((await post(`/units/${unit.id}/status`, { to: 'available', expectedVersion: unit.version })).status).toBe(409); // stale version
    expect((await post(`/units/${unit.id}/status`, { to: 'available' })).status).toBe(200);
    const detail = await get<{ history: Array<{ from: string; to: string; reason: string | null }> }>(`/units/${unit.id}`);
    expect(detail.body.history.map((h) => `${h.from}>${h.to}`)).toEqual(['out_of_service>available', 'available>out_of_service']);
    expect(detail.body.history[1].reason).toBe('水泵故障 pump fault');
    expect((await get('/units/999999')).status).toBe(404);
    expect((await post('/units/abc/status', { to: 'available' })).status).toBe(400);
    expect((await post(`/units/${unit.id}/status`, { to: 'available', version: 9 })).status).toBe(400); // unknown field
  });

  it('ranks the nearest in-service water sources by road time, and by straight line off the network', async () => {
    const r = await get<{ sources: Array<{ status: string; seconds: number | null; method: string; straightM: number }> }>(
      '/water-sources/nearest?lon=115.8873&lat=28.6799&n=5',
    );
    expect(r.status).toBe(200);
    expect(r.body.sources).toHaveLength(5);
    expect(r.body.sources.every((s) => s.status === 'in_service' && s.method === 'road')).toBe(true);
    const t = r.body.sources.map((s) => s.seconds!);
    expect([...t].sort((a, b) => a - b)).toEqual(t);
    // out of reach of any road (a lake): straight distance
    await ds.query(
      `INSERT INTO water_source (code, kind, status, demo, geom) VALUES ('LAKE1', 'natural', 'in_service', true, ST_SetSRID(ST_MakePoint(116.2, 29.1), 4326))`,
    );
    const lake = await get<{ sources: Array<{ code: string; method: string }> }>('/water-sources/nearest?lon=116.2&lat=29.1&n=1');
    expect(lake.body.sources[0]).toMatchObject({ code: 'LAKE1', method: 'straight' });
    expect((await get('/water-sources/nearest?lon=abc&lat=28')).status).toBe(400);
    expect(await new WaterRepository(ds).nearestInService(115.8873, 28.6799, 3)).toHaveLength(3);
  });

  it('key units: an incident on or near one shows it; bad geometry is refused by name', async () => {
    const all = await get<{ features: Array<{ properties: { name: string }; geometry: { type: string; coordinates: number[][][] } }> }>('/key-units');
    const plant = all.body.features.find((f) => f.properties.name.startsWith('南昌化工园区'))!;
    const [lon, lat] = plant.geometry.coordinates[0][0];
    const inside = await get<{ features: Array<{ properties: { name: string; inside: boolean; hazards: string[]; preplan: string } }> }>(
      `/key-units/near?lon=${lon + 0.001}&lat=${lat + 0.001}`,
    );
    expect(inside.body.features[0].properties).toMatchObject({ name: plant.properties.name, inside: true });
    expect(inside.body.features[0].properties.hazards).toContain('危险化学品');
    expect((await get<{ features: unknown[] }>('/key-units/near?lon=114.5&lat=25.5')).body.features).toEqual([]);
    const bow = {
      type: 'Polygon',
      coordinates: [
        [
          [115, 28],
          [115.01, 28.01],
          [115.01, 28],
          [115, 28.01],
          [115, 28],
        ],
      ],
    };
    const selfCross = await post<{ message: string }>('/key-units', { name: '自交', geometry: bow });
    expect(selfCross.status).toBe(400);
    expect(selfCross.body.message).toMatch(/Self-intersection/);
    const open = await post<{ message: string }>('/key-units', {
      name: '未闭合',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [115, 28],
            [115.01, 28],
            [115.01, 28.01],
            [115, 28.01],
          ],
        ],
      },
    });
    expect(open.body.message).toMatch(/not closed/);
    expect((await post('/key-units', { name: 'x', geometry: { type: 'Point', coordinates: [115.9, 28.7] }, status: 'hacked' })).status).toBe(400);
    const made = await post<{ id: number }>('/key-units', { name: '某商场', hazards: ['人员密集'], geometry: { type: 'Point', coordinates: [115.9, 28.7] } });
    expect(made.status).toBe(201);
  });

  it('AVL: newest fix goes live, older ones only to history, duplicates dropped, outsiders refused, stale after the limit', async () => {
    const [a, b] = (await get<{ units: Unit[] }>('/units?city=360100&limit=2')).body.units;
    const t0 = Date.now() - 10_000;
    const fix = (u: Unit, dt: number, lon = 115.89, lat = 28.68) => ({
      unitId: u.id,
      ts: new Date(t0 + dt).toISOString(),
      lon,
      lat,
      speedKmh: 40,
      heading: 90,
    });
    const first = await post<{ live: number; historyOnly: number; duplicates: number; rejected: Array<{ index: number; error: string }> }>('/avl/positions', {
      positions: [fix(a, 2000), fix(a, 1000), fix(a, 2000), fix(b, 9000), { ...fix(b, 9500), lon: -122.4, lat: 37.7 }, { ...fix(b, 9500), unitId: 99999 }],
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ live: 2, historyOnly: 1, duplicates: 1 });
    expect(first.body.rejected.map((r) => r.index)).toEqual([4, 5]);
    expect(first.body.rejected[0].error).toMatch(/outside the service area/);
    // an older fix arriving late does not move the unit back
    const late = await post<{ live: number; historyOnly: number }>('/avl/positions', { positions: [fix(a, 500, 115.7, 28.6)] });
    expect(late.body).toMatchObject({ live: 0, historyOnly: 1 });
    const live = await get<{ positions: Array<{ unitId: number; ts: string; lon: number; stale: boolean }> }>('/avl/live');
    const pa = live.body.positions.find((p) => p.unitId === a.id)!;
    expect(pa.ts).toBe(new Date(t0 + 2000).toISOString());
    expect(pa.lon).toBe(115.89);
    expect(pa.stale).toBe(true); // reported 8 s ago, stale after 5 s
    expect(live.body.positions.find((p) => p.unitId === b.id)!.stale).toBe(false);
    const [{ n }] = (await ds.query('SELECT count(*)::int AS n FROM avl_position WHERE unit_id = ANY($1)', [[a.id, b.id]])) as [{ n: number }];
    expect(n).toBe(4); // 2000, 1000, 500 for a; 9000 for b — the duplicate stored once
    expect((await post('/avl/positions', { positions: [{ ...fix(a, 0), ts: 'yesterday' }] })).status).toBe(400);
    expect((await post('/avl/positions', { positions: [] })).status).toBe(400);
  });
});
