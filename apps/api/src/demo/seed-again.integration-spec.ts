import { runApiCli, TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { assignUnits } from '../dispatch/assign-units';
import { createIncident } from '../dispatch/create-incident';
import { Db } from '../infra/db/unit-of-work';

/** `npm run up` seeds the demo every time: after a demo has been used, seeding again must keep what it did. */
describe('seeding the demo again over a used demo', () => {
  let db: TestDb;
  let ds: DataSource;
  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('none'));
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps unit ids, statuses, assignments and orders; the roster stays the same size', async () => {
    const before = (await ds.query('SELECT id, code FROM unit ORDER BY id')) as Array<{ id: number; code: string }>;
    const { incident } = await createIncident(new Db(ds), {
      type: 'building_fire',
      level: 1,
      location: { lon: 115.8873, lat: 28.6799, crs: 'WGS84' },
      source: 'phone',
      by: 'test',
    });
    const r = await assignUnits(new Db(ds), { incidentId: incident.id, units: [{ unitId: before[0].id, capability: 'water' }], by: 'test' });
    await runApiCli('cli/seed-demo.ts', { DATABASE_URL: db.url }, ['--roads', 'none']);
    expect((await ds.query('SELECT id, code FROM unit ORDER BY id')) as unknown[]).toEqual(before);
    const [u] = (await ds.query('SELECT status FROM unit WHERE id = $1', [before[0].id])) as Array<{ status: string }>;
    expect(u.status).toBe('dispatched');
    const [o] = (await ds.query('SELECT state FROM dispatch_order WHERE id = $1', [r.assignments[0].orderId])) as Array<{ state: string }>;
    expect(o.state).toBe('issued');
  });
});
