import { TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { DemoSimulator } from './simulator';

describe('the demo simulator drives dispatched units along their road routes', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
    app = await startApp(db.url); // DEMO_SIMULATOR off: the test turns the crank itself
  });
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('rolls after the turnout, reports positions on the way through the AVL ingest, and arrives on scene', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${app.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    const { incident } = (await post('/incidents', {
      type: 'building_fire',
      level: 1,
      location: { lon: 115.9035, lat: 28.6655, crs: 'WGS84' },
      source: 'phone',
    })) as { incident: { id: number } };
    const [unit] = (await ds.query(
      `SELECT u.id FROM unit u JOIN station s ON s.id = u.station_id WHERE s.name = '南昌特勤站' AND u.kind = 'water_tender' LIMIT 1`,
    )) as Array<{ id: number }>;
    await post(`/incidents/${incident.id}/assignments`, { units: [{ unitId: unit.id, capability: 'water' }] });
    const sim = app.app.get(DemoSimulator);
    const status = async () => ((await ds.query('SELECT status FROM unit WHERE id = $1', [unit.id])) as Array<{ status: string }>)[0].status;
    const fixes = async () =>
      (await ds.query('SELECT lon, lat FROM avl_position WHERE unit_id = $1 ORDER BY ts', [unit.id])) as Array<{ lon: number; lat: number }>;

    const t0 = Date.now();
    await sim.tick(t0);
    expect(await status()).toBe('dispatched'); // still turning out
    expect(await fixes()).toHaveLength(0);
    await sim.tick(t0 + 25_000);
    expect(await status()).toBe('en_route');
    await sim.tick(t0 + 45_000);
    const [first, second] = await fixes();
    expect(second).toBeDefined();
    expect(first.lon !== second.lon || first.lat !== second.lat).toBe(true);
    await sim.tick(t0 + 3_600_000);
    expect(await status()).toBe('on_scene');
    const last = (await fixes()).at(-1)!;
    expect(Math.abs(last.lon - 115.9035)).toBeLessThan(1e-6);
    expect(Math.abs(last.lat - 28.6655)).toBeLessThan(1e-6);
  });
});
