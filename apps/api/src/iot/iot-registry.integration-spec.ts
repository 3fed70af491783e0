import { TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { DEMO_GB_ADDRESS } from './iot-demo';

type Json = Record<string, unknown>;

/** The device registry from files, on the real database: all rows or none, each bad row named by line. */
describe('IoT device registry import (real PostgreSQL)', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  const post = async (body: string, type: string) => {
    const r = await fetch(`${app.url}/api/iot/devices`, { method: 'POST', headers: { 'content-type': type }, body });
    return { status: r.status, body: (await r.json()) as Json };
  };
  const count = async () => ((await ds.query('SELECT count(*)::int AS n FROM iot_device')) as Array<{ n: number }>)[0].n;

  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('none', 200));
    app = await startApp(db.url);
  }, 240000);
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  const HEADER = 'id,kind,building,address,floor,floors,lon,lat,crs,contact_name,contact_phone,installed_on,heartbeat_s,gb_address';

  it('registers terminals and the buildings they name from CSV (any CRS), and updates them on a second import', async () => {
    const csv = [
      HEADER,
      'NC-A-1,smoke,绿地中心A座,南昌市红谷滩区,12,56,115.8583,28.6856,WGS84,张工,13800000001,2024-05-01,3600,',
      'NC-A-2,manual_call_point,绿地中心A座,南昌市红谷滩区,12,56,115.8585,28.6857,WGS84,,,,,',
      'NC-A-T,uitd,绿地中心A座,南昌市红谷滩区,1,56,115.8584,28.6856,WGS84,,,,60,900001',
      'NC-B-1,heat,八一广场商厦,南昌市东湖区,3,6,115.9145,28.6780,GCJ02,李工,13800000002,,,',
    ].join('\n');
    const before = await count();
    expect(await post(csv, 'text/csv')).toMatchObject({ status: 200, body: { devices: 4, created: 4, updated: 0, buildings: 2 } });
    expect(await count()).toBe(before + 4);
    const [b] = (await ds.query(
      "SELECT b.name, b.floors, b.devices, b.duty_contact AS contact, b.city_adcode AS city FROM iot_building b WHERE name = '绿地中心A座'",
    )) as Array<{ name: string; floors: number; devices: number; contact: Json; city: number }>;
    expect(b).toEqual({ name: '绿地中心A座', floors: 56, devices: 3, contact: { name: '张工', phone: '13800000001' }, city: 360100 });
    const [gcj] = (await ds.query("SELECT original_crs AS crs, ST_X(geom) AS lon FROM iot_device WHERE id = 'NC-B-1'")) as Array<{ crs: string; lon: number }>;
    expect(gcj.crs).toBe('GCJ02');
    expect(gcj.lon).toBeLessThan(115.9145); // shifted back to WGS84 (about 500 m west here)
    const again = await post(csv.replace('NC-A-1,smoke', 'NC-A-1,heat'), 'text/csv');
    expect(again).toMatchObject({ status: 200, body: { devices: 4, created: 0, updated: 4, buildings: 2 } });
    expect(await count()).toBe(before + 4);
  });

  it('takes GeoJSON points too', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [115.89, 28.68] }, properties: { id: 'GJ-1', kind: 'gas', building: '厨房楼', floor: 1 } },
      ],
    };
    expect(await post(JSON.stringify(fc), 'application/geo+json')).toMatchObject({ status: 200, body: { created: 1 } });
  });

  it('refuses a file with any bad row, naming each by line, and changes nothing', async () => {
    const before = await count();
    const csv = [
      HEADER,
      'OK-1,smoke,某楼,,1,,115.89,28.68,,,,,,',
      'BAD-1,fire-alarm,某楼,,1,,115.89,28.68,,,,,,',
      'OK-1,smoke,某楼,,1,,115.89,28.68,,,,,,',
      'BAD-2,smoke,某楼,,1,,121.47,31.23,,,,,,',
      `BAD-3,uitd,某楼,,1,,115.89,28.68,,,,,,${DEMO_GB_ADDRESS}`,
      'BAD-4,smoke,某楼,,999,,115.89,28.68,MARS,,,2024-13-45,5,',
    ].join('\n');
    const r = await post(csv, 'text/csv');
    expect(r.status).toBe(422);
    const errors = (r.body.details as { errors: Array<{ at: string; field: string }> }).errors.map((e) => `${e.at} ${e.field}`);
    expect(errors).toEqual([
      'line 3 kind',
      'line 4 id',
      'line 5 lon/lat',
      'line 6 gb_address',
      'line 7 crs',
      'line 7 floor',
      'line 7 heartbeat_s',
      'line 7 installed_on',
    ]);
    expect(await count()).toBe(before);
    expect(await post('id,kind\nX,smoke', 'text/csv')).toMatchObject({ status: 400, body: { message: 'missing column(s): building, lon, lat' } });
    expect(await post('{"type":"Feature"}', 'application/json')).toMatchObject({ status: 400, body: { error: 'bad_body' } });
  });
});
