import { createTestDb, TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { DATA_DIR, testDataSource } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { loadDemo } from '../demo/load-demo';
import { assignUnits } from '../dispatch/assign-units';
import { createIncident } from '../dispatch/create-incident';
import { releaseUnit } from '../dispatch/incident-actions';
import { Db } from '../infra/db/unit-of-work';

describe('roster import: a real roster replaces the demo one; a broken file changes nothing', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  const send = async (kind: string, body: string, type: string) => {
    const r = await fetch(`${app.url}/api/roster/${kind}`, { method: 'POST', headers: { 'content-type': type }, body });
    return {
      status: r.status,
      body: (await r.json()) as {
        error?: string;
        message?: string;
        details?: { errors: Array<{ at: string; field?: string; message: string }> };
        total?: number;
        replacedDemo?: number;
      },
    };
  };
  let retired = 0;
  const counts = async () =>
    (await ds.query(
      'SELECT (SELECT count(*)::int FROM station) AS s, (SELECT count(*)::int FROM unit) AS u, (SELECT count(*)::int FROM water_source) AS w, (SELECT count(*)::int FROM station WHERE demo) AS demo',
    )) as [{ s: number; u: number; w: number; demo: number }];

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

  it('refuses a broken CSV naming every bad line, and changes nothing', async () => {
    const before = await counts();
    const csv = [
      'code,name,kind,city_adcode,county_adcode,lon,lat',
      'NC-01,南昌青山湖站,class1,360100,,115.95,28.69',
      'NC-02,南昌坏站,castle,360100,,115.9,28.7',
      'NC-03,错城站,class2,999999,,115.9,28.7',
      'SF-01,旧金山站,class2,360100,,-122.4,37.7',
      'NC-01,重复站,class2,360100,,115.9,28.7',
      'JJ-01,九江县站,class2,360400,360102,116.0,29.7',
    ].join('\n');
    const r = await send('stations', csv, 'text/csv');
    expect(r.status).toBe(422);
    expect(r.body.error).toBe('bad_rows');
    const byLine = r.body.details!.errors.map((e) => `${e.at}:${e.field}`);
    expect(byLine).toEqual(['line 3:kind', 'line 4:city_adcode', 'line 5:lon/lat', 'line 6:code', 'line 7:county_adcode']);
    expect(await counts()).toEqual(before);
    const broken = await send('stations', 'code,name\n"unclosed,x\n', 'text/csv');
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/line 2/);
    expect((await send('stations', 'code,name\nA,b\n', 'text/csv')).body.message).toMatch(/missing column\(s\): kind, city_adcode, lon, lat/);
    expect((await send('stations', '<xml/>', 'application/xml')).status).toBe(400);
  });

  it('will not replace demo units still on an open incident (409 naming one), and changes nothing', async () => {
    const [unit] = (await ds.query(
      `SELECT u.id, u.code, s.code AS station FROM unit u JOIN station s ON s.id = u.station_id WHERE u.demo AND u.status = 'available' ORDER BY u.id LIMIT 1`,
    )) as Array<{ id: number; code: string; station: string }>;
    const { incident } = await createIncident(new Db(ds), {
      type: 'building_fire',
      level: 1,
      location: { lon: 115.8873, lat: 28.6799, crs: 'WGS84' },
      source: 'phone',
      by: 'test',
    });
    await assignUnits(new Db(ds), { incidentId: incident.id, units: [{ unitId: unit.id, capability: 'water' }], by: 'test' });
    const before = await counts();
    const r = await send('units', `code,name,kind,station_code\nX-1,某车,water_tender,${unit.station}`, 'text/csv');
    expect(r.status).toBe(409);
    expect(r.body.message).toContain(`${unit.code} on #${incident.id}`);
    expect(await counts()).toEqual(before);
    // released: the record still refers to it, so the import will retire it rather than delete it
    await releaseUnit(new Db(ds), incident.id, unit.id, 'test');
    retired = unit.id;
  });

  it('replaces the demo stations and units with a real roster from CSV', async () => {
    expect((await counts())[0].demo).toBeGreaterThan(100);
    const stations = await send(
      'stations',
      'code,name,kind,city_adcode,county_adcode,lon,lat,phone\nNC-01,南昌青山湖消防站,class1,360100,360111,115.95,28.69,0791-119\nNC-02,"南昌红谷滩消防站, 特勤",special_service,360100,,115.86,28.69,\nJJ-01,九江濂溪消防站,class2,360400,,116.0,29.7,',
      'text/csv',
    );
    expect(stations.status).toBe(200);
    expect(stations.body.total).toBe(4); // the 3 imported, and the demo station of the retired unit
    const units = await send(
      'units',
      'code,name,kind,station_code,crew\nNC-01-W1,青山湖水罐1,water_tender,NC-01,6\nNC-01-L1,青山湖云梯,aerial_ladder,NC-01,\nNC-02-H1,红谷滩危化,hazmat,NC-02,5\nJJ-01-W1,濂溪水罐,water_tender,JJ-01,',
      'text/csv',
    );
    expect(units.status).toBe(200);
    // the demo unit the record refers to is kept, retired (never proposed again), with its demo station
    expect(await counts()).toMatchObject([{ s: 4, u: 5, demo: 1 }]);
    const [old] = (await ds.query('SELECT status, status_reason AS reason, demo FROM unit WHERE id = $1', [retired])) as Array<{
      status: string;
      reason: string;
      demo: boolean;
    }>;
    expect(old).toEqual({ status: 'out_of_service', reason: 'demo unit retired by the roster import', demo: true });
    const [ladder] = (await ds.query("SELECT capabilities, crew, turnout_s FROM unit WHERE code = 'NC-01-L1'")) as Array<{
      capabilities: string[];
      crew: number;
      turnout_s: number;
    }>;
    expect(ladder).toEqual({ capabilities: ['aerial'], crew: 3, turnout_s: 90 }); // defaults from the kind
    const bad = await send('units', 'code,name,kind,station_code\nX-1,无站车,water_tender,NOPE', 'text/csv');
    expect(bad.status).toBe(422);
    expect(bad.body.details!.errors[0]).toMatchObject({ at: 'line 2', field: 'station_code' });
  });

  it('imports water sources from GeoJSON, naming a bad feature', async () => {
    const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
    const ok = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [115.9, 28.68] },
      properties: { code: 'H-1', kind: 'hydrant', status: 'in_service' },
    };
    const bad = { type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: { code: 'H-2', kind: 'hydrant', status: 'broken' } };
    const r = await send('water-sources', fc([ok, bad]), 'application/geo+json');
    expect(r.status).toBe(422);
    expect(r.body.details!.errors.map((e) => `${e.at}:${e.field}`)).toEqual(['feature 2:status', 'feature 2:lon/lat']);
    const good = await send('water-sources', fc([ok]), 'application/geo+json');
    expect(good.status).toBe(200);
    expect(good.body.total).toBe(1);
  });
});
