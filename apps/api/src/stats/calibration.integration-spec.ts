import { createTestDb, TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { newCall } from '../../test/dispatch-helpers';
import { DATA_DIR, testDataSource } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { waitFor } from '../../test/wait';
import { loadDemo } from '../demo/load-demo';
import { Db } from '../infra/db/unit-of-work';
import { importRoads } from '../roads/import/import-roads';
import { RoutingService } from '../roads/routing.service';
import { loadDemoHistory } from './demo-history';
import { CalibrationRepository } from './calibration.repository';
import { RoadRepository } from '../roads/road.repository';

type Rec = {
  eta: { calibrated: boolean; responses?: number; fixedS?: number; source?: string };
  candidates: Array<{ etaS: number | null; turnoutS: number; travelS: number | null }>;
};

describe('ETA calibration on the centre’s own record, used by the recommendation and the routes', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${app.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    db = await createTestDb();
    ds = await testDataSource(db.url);
    await loadDemo(new Db(ds), DATA_DIR, { roads: 'none' });
    await importRoads(new Db(ds), 'jiangxi', { kind: 'synthetic', size: 'small' });
    app = await startApp(db.url);
    await app.app.get(RoutingService).whenLoaded();
    // a past that drove these roads (posted road time, a fixed cost, faster than posted): something true to learn
    await loadDemoHistory(new Db(ds), { days: 20, perDay: 150, seed: 5, routing: app.app.get(RoutingService) });
  });
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('recommends by posted speeds, and says so, before any calibration', async () => {
    const id = await newCall(app.url);
    const r = await post(`/incidents/${id}/recommendation`, {});
    expect(r.status).toBe(200);
    expect((r.body as Rec).eta).toEqual({ calibrated: false });
    const route = await post('/routes', { from: { lon: 115.89, lat: 28.68 }, to: { lon: 115.86, lat: 28.7 } });
    expect(route.body.calibration).toBeNull();
  });

  it('refuses a fit with too few responses, or bad parameters, and changes nothing', async () => {
    const few = await post('/stats/calibration', { region: 'nowhere', days: 30 });
    expect(few.status).toBe(422);
    expect(few.body.error).toBe('calibration_too_few');
    expect((await post('/stats/calibration', { days: 3 })).status).toBe(400);
    expect((await post('/stats/calibration', { region: 'Not A Region' })).status).toBe(400);
    expect(await ds.query('SELECT count(*)::int AS n FROM eta_calibration')).toEqual([{ n: 0 }]);
  });

  it('fits on the earlier half of the record, checks on the later half, and beats posted speeds there', async () => {
    const r = await post('/stats/calibration', { region: 'jiangxi', days: 30 });
    expect(r.status).toBe(200);
    const rep = r.body.report as {
      train: { rows: number; to: number };
      test: { rows: number; from: number };
      calibrated: { medianAbsErrS: number };
      uncalibrated: { medianAbsErrS: number };
    };
    expect(rep.train.rows).toBeGreaterThan(100);
    expect(rep.test.rows).toBeGreaterThan(100);
    expect(rep.train.to).toBeLessThanOrEqual(rep.test.from);
    expect(rep.calibrated.medianAbsErrS).toBeLessThan(rep.uncalibrated.medianAbsErrS);
    expect(r.body.inUse).toBe(true);
    const shown = (await (await fetch(`${app.url}/api/stats/calibration`)).json()) as { calibrations: Array<{ region: string; inUse: boolean }> };
    expect(shown.calibrations.map((c) => [c.region, c.inUse])).toEqual([['jiangxi', true]]);
  });

  it('then recommends with the calibrated ETA (learned turnout, learned speeds, the fixed cost) and says on what record', async () => {
    const routing = app.app.get(RoutingService);
    await waitFor(
      () => (routing.graphStatus().calibrations?.some((c) => c.region === 'jiangxi') ? true : undefined),
      60000,
      'the graph reloaded with the calibration',
    );
    const id = await newCall(app.url);
    const r = (await post(`/incidents/${id}/recommendation`, {})).body as Rec;
    expect(r.eta.calibrated).toBe(true);
    expect(r.eta.responses).toBeGreaterThan(100);
    expect(r.eta.source).toMatch(/synthetic demo history/);
    const c = r.candidates.find((x) => x.etaS !== null)!;
    expect(c.etaS).toBeCloseTo(c.turnoutS + c.travelS!, 6);
    expect(c.travelS!).toBeGreaterThanOrEqual(r.eta.fixedS!);
    const route = await post('/routes', { from: { lon: 115.89, lat: 28.68 }, to: { lon: 115.86, lat: 28.7 } });
    expect((route.body.calibration as { responses: number }).responses).toBe(r.eta.responses);
  });

  it('keeps a fit that does not beat posted speeds out of every ETA: the one in use stays', async () => {
    const before = ((await post(`/incidents/${await newCall(app.url)}/recommendation`, {})).body as Rec & { eta: { calibrationId: number } }).eta.calibrationId;
    const repo = new CalibrationRepository(ds);
    const [inUse] = await repo.latest();
    await repo.save({ ...inUse, source: 'a worse fit', model: { ...(inUse.model as object), fixedS: 900 }, inUse: false });
    await new RoadRepository(ds).announce({ kind: 'reload', region: 'jiangxi' });
    await new Promise((res) => setTimeout(res, 1500));
    await app.app.get(RoutingService).whenLoaded();
    const r = (await post(`/incidents/${await newCall(app.url)}/recommendation`, {})).body as Rec & { eta: { calibrationId: number } };
    expect(r.eta.calibrationId).toBe(before);
    expect(r.eta.fixedS!).toBeLessThan(900);
  });
});
