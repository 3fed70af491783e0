import { createTestDb, TestDb } from '@gan119/testing';
import type { DrillEndedMessage, DrillOrderMessage } from '@gan119/dispatch';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { DATA_DIR, testDataSource } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { waitFor } from '../../test/wait';
import { newCall } from '../../test/dispatch-helpers';
import { loadDemo } from '../demo/load-demo';
import { Db } from '../infra/db/unit-of-work';
import { signToken } from '../accounts/tokens';
import { Drills } from './drills.service';

const SECRET = 'drill-test-secret-0123456789';
/** What real statistics and the incident record hold: a drill must change none of it. */
const RECORD = [
  'incident',
  'assignment',
  'dispatch_order',
  'incident_event',
  'response_incident',
  'response_unit',
  'response_cell',
  'response_sample',
  'unit_status_history',
];

type Part = {
  unitId: number;
  outcome: string;
  ackedAt: string | null;
  enRouteAt: string | null;
  reachedAt: string | null;
  leftAt: string | null;
  score: {
    ackS: number | null;
    turnoutS: number | null;
    arrivalS: number | null;
    score: number | null;
    passed: boolean;
    rolledBy: string | null;
    arrivedBy: string | null;
  };
};

/**
 * A drill timed end to end from real socket events: the tablet hears the 演练 order, presses 收到 and
 * 出动, its positions leave the station and reach the point; the score comes from those events. The
 * incident record and the statistics do not move; a real incident takes a drilled unit at once.
 */
describe('三随三实 drills: timed from the tablets, apart from real statistics (real PostgreSQL, Redis, socket.io)', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  const sockets: Socket[] = [];
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const r = await fetch(`${app.url}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as T & { error?: string; message?: string | string[] } };
  };
  const counts = async () =>
    Object.fromEntries(await Promise.all(RECORD.map(async (t) => [t, ((await ds.query(`SELECT count(*)::int AS n FROM ${t}`)) as Array<{ n: number }>)[0].n])));
  const tablet = async (unitId: number) => {
    const orders: DrillOrderMessage[] = [];
    const ended: DrillEndedMessage[] = [];
    const s = io(app.url, {
      auth: { token: signToken(SECRET, { kind: 'unit', unitId }, 600) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    s.on('drill:order', (m: DrillOrderMessage) => orders.push(m));
    s.on('drill:ended', (m: DrillEndedMessage) => ended.push(m));
    sockets.push(s);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    return { s, orders, ended };
  };
  /** A station on the road network with free units, nearest to central Nanchang, skipping `skip`: its id and units. */
  const station = async (skip: number) =>
    (
      (await ds.query(
        `SELECT s.id, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, array_agg(u.id ORDER BY u.id) AS units FROM station s JOIN unit u ON u.station_id = s.id
          WHERE u.status = 'available' AND EXISTS (SELECT 1 FROM road_vertex v WHERE ST_DWithin(v.geom::geography, s.geom::geography, 200)) GROUP BY s.id ORDER BY s.geom <-> ST_SetSRID(ST_MakePoint(115.8873, 28.6799), 4326) OFFSET $1 LIMIT 1`,
        [skip],
      )) as Array<{ id: number; lon: number; lat: number; units: number[] }>
    )[0];

  beforeAll(async () => {
    db = await createTestDb();
    ds = await testDataSource(db.url);
    await loadDemo(new Db(ds), DATA_DIR, { roads: 'small' });
    app = await startApp(db.url, { TOKEN_SECRET: SECRET });
  }, 240_000);
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('fires at a station: the tablets hear 演练, and the unit is timed from its acks, 出动 and positions; nothing real moves', async () => {
    const st = await station(3);
    const t = await tablet(st.units[0]);
    const before = await counts();
    const fired = await api<{ id: number; state: string }>('POST', '/drills', { stationIds: [st.id], scenario: { type: 'building_fire', level: 1 } });
    expect(fired.status).toBe(201);
    expect(fired.body.state).toBe('live');
    const order = await waitFor(() => t.orders.find((o) => o.drillId === fired.body.id), 5000, 'the drill order on the tablet');
    expect(order.replay).toBe(false);
    expect(order.scenario.type).toBe('building_fire');
    const detail0 = await api<{ units: Array<Part & { point: { roadS: number } }> }>('GET', `/drills/${fired.body.id}`);
    // every free unit of the station, sent to one point 90–280 s from it by road (inside its district)
    expect(detail0.body.units.map((u) => u.unitId).sort((a, b) => a - b)).toEqual(st.units);
    expect(detail0.body.units[0].point.roadS).toBeGreaterThanOrEqual(90);
    expect(detail0.body.units[0].point.roadS).toBeLessThanOrEqual(280);

    expect(await t.s.emitWithAck('drill:report', { drillId: order.drillId, step: 'ack' })).toMatchObject({ ok: true, already: false });
    expect(await t.s.emitWithAck('drill:report', { drillId: order.drillId, step: 'ack' })).toMatchObject({ ok: true, already: true });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await t.s.emitWithAck('drill:report', { drillId: order.drillId, step: 'en_route' })).toMatchObject({ ok: true });
    // the vehicle leaves the station, then stands at the point
    const fix = (lon: number, lat: number, msAgo: number) => ({ ts: new Date(Date.now() - msAgo).toISOString(), lon, lat, speedKmh: 40 });
    expect(await t.s.emitWithAck('unit:positions', { positions: [fix(st.lon + 0.003, st.lat, 0)] })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 600));
    expect(await t.s.emitWithAck('unit:positions', { positions: [fix(order.scenario.lon + 0.0001, order.scenario.lat, 0)] })).toMatchObject({ ok: true });
    // the worker's sweep sees it there: the part ends, arrived, and the tablet is told
    await app.app.get(Drills).sweep();
    const ended = await waitFor(() => t.ended.find((e) => e.drillId === order.drillId), 5000, 'drill:ended on the tablet');
    expect(ended.outcome).toBe('arrived');

    const detail = await api<{ units: Part[] }>('GET', `/drills/${fired.body.id}`);
    const mine = detail.body.units.find((u) => u.unitId === st.units[0]);
    expect(mine?.outcome).toBe('arrived');
    const s = mine!.score;
    expect(s.ackS).not.toBeNull();
    expect(s.turnoutS).toBeGreaterThanOrEqual(1);
    expect(s.turnoutS).toBeLessThan(30);
    expect(s.rolledBy).toBe('status');
    expect(s.arrivedBy).toBe('avl');
    expect(s.arrivalS).toBeGreaterThan(s.turnoutS!);
    expect(s.passed).toBe(true);
    expect(s.score).toBe(100);
    // the unit never left its real status, and the incident record and statistics are as they were
    const [u] = (await ds.query('SELECT status FROM unit WHERE id = $1', [st.units[0]])) as Array<{ status: string }>;
    expect(u.status).toBe('available');
    expect(await counts()).toEqual(before);
    // a tablet that reconnects mid-drill hears its live drill again, with what it reported (here: none live any more)
    const again = await tablet(st.units[0]);
    await new Promise((r) => setTimeout(r, 300));
    expect(again.orders.filter((o) => o.drillId === order.drillId)).toHaveLength(0);

    const league = await api<{ byDetachment: Array<{ drills: number; passed: number }>; worst: Part[] }>('GET', '/drills/results?days=7');
    expect(league.status).toBe(200);
    expect(league.body.byDetachment.reduce((n, r) => n + r.drills, 0)).toBeGreaterThanOrEqual(1);
    // the ETA calibration takes the drill as a sample only when asked (too few responses either way here: the 422 counts them)
    const fit = (includeDrills?: boolean) =>
      api<{ details: { found: number } }>('POST', '/stats/calibration', {
        region: 'jiangxi',
        days: 7,
        ...(includeDrills === undefined ? {} : { includeDrills }),
      });
    const plain = await fit();
    const withDrills = await fit(true);
    expect([plain.status, withDrills.status]).toEqual([422, 422]);
    expect(withDrills.body.details.found).toBe(plain.body.details.found + 1);
    expect((await fit(false)).body.details.found).toBe(plain.body.details.found);
  });

  it('a real incident always wins: a drilled unit is dispatchable, and its drill ends preempted; a drill never takes a unit on an incident', async () => {
    const st = await station(0);
    const t = await tablet(st.units[0]);
    const fired = await api<{ id: number }>('POST', '/drills', { unitIds: [st.units[0]], randomScenario: true });
    expect(fired.status).toBe(201);
    const order = await waitFor(() => t.orders.find((o) => o.drillId === fired.body.id), 5000, 'the drill order');
    expect(await t.s.emitWithAck('drill:report', { drillId: order.drillId, step: 'en_route' })).toMatchObject({ ok: true });
    // a drilled unit stays dispatchable: the desk sends it
    const incidentId = await newCall(app.url);
    const assigned = await api<{ drillsEnded: Array<{ unitId: number; outcome: string }> }>('POST', `/incidents/${incidentId}/assignments`, {
      units: [{ unitId: st.units[0], capability: 'water' }],
    });
    expect(assigned.status).toBe(201);
    expect(assigned.body.drillsEnded).toEqual([{ drillId: order.drillId, unitId: st.units[0], outcome: 'preempted' }]);
    const ended = await waitFor(() => t.ended.find((e) => e.drillId === order.drillId), 5000, 'drill:ended');
    expect(ended.outcome).toBe('preempted');
    const detail = await api<{ units: Part[]; state: string }>('GET', `/drills/${fired.body.id}`);
    expect(detail.body.units[0].outcome).toBe('preempted');
    expect(detail.body.units[0].score.score).toBeNull(); // not scored
    // the crew's drill buttons now answer that its drill is over
    expect(await t.s.emitWithAck('drill:report', { drillId: order.drillId, step: 'on_scene' })).toMatchObject({ ok: false, code: 'drill_ended' });
    // and no drill takes it while it is on the incident
    const refused = await api('POST', '/drills', { unitIds: [st.units[0]] });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('unit_on_incident');
    await app.app.get(Drills).sweep();
    expect((await api<{ state: string }>('GET', `/drills/${fired.body.id}`)).body.state).toBe('ended');
  });

  it('schedules at a random time in a window and fires then, at a random station of the scope', async () => {
    const from = Date.now() + 500;
    const made = await api<{ id: number; state: string; fireAt: string }>('POST', '/drills', {
      random: { count: 2, scopeAdcode: 360100 },
      window: { from: new Date(from).toISOString(), to: new Date(from + 1500).toISOString() },
      randomScenario: true,
    });
    expect(made.status).toBe(201);
    expect(made.body.state).toBe('scheduled');
    const at = Date.parse(made.body.fireAt);
    expect(at >= from - 1000 && at <= from + 2500).toBe(true);
    expect((await app.app.get(Drills).sweep(at - 1000)).fired).toBe(0);
    await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now()) + 50));
    // fired now by this sweep, or a moment ago by the app's own (every 3 s)
    expect((await app.app.get(Drills).sweep()).fired).toBeLessThanOrEqual(1);
    const d = await api<{ state: string; units: Array<{ cityAdcode: number; station: { id: number } }> }>('GET', `/drills/${made.body.id}`);
    expect(d.body.state).toBe('live');
    expect(new Set(d.body.units.map((u) => u.station.id)).size).toBe(2);
    for (const u of d.body.units) expect(u.cityAdcode).toBe(360100);
    expect((await api('POST', `/drills/${made.body.id}/cancel`)).status).toBe(200);
    expect((await api('POST', `/drills/${made.body.id}/cancel`)).status).toBe(409);
  });

  it('refuses bad requests with a 4xx naming the problem, and changes nothing', async () => {
    const n0 = ((await ds.query('SELECT count(*)::int AS n FROM drill')) as Array<{ n: number }>)[0].n;
    const cases: Array<[unknown, number, RegExp]> = [
      [{}, 400, /exactly one of stationIds, unitIds or random/],
      [{ stationIds: [1], unitIds: [2] }, 400, /exactly one/],
      [{ random: { count: 0 } }, 400, /random.count/],
      [{ random: { count: 1 }, at: new Date().toISOString(), window: { from: new Date().toISOString(), to: new Date().toISOString() } }, 400, /not both/],
      [{ random: { count: 1 }, window: { from: new Date(Date.now() + 5000).toISOString(), to: new Date(Date.now() + 1000).toISOString() } }, 400, /window.to/],
      [{ random: { count: 1 }, at: '2020-01-01T00:00:00Z' }, 400, /from now/],
      [{ random: { count: 1, scopeAdcode: 110000 } }, 404, /110000/],
      [{ stationIds: [99999999] }, 404, /station 99999999/],
      [{ stationIds: ['x'] }, 400, /stationIds/],
      [{ random: { count: 1 }, scenario: { type: 'party', level: 1 } }, 400, /scenario.type/],
      [{ random: { count: 1 }, scenario: { type: 'hazmat', level: 1, lon: 115.9 } }, 400, /go together/],
      [{ random: { count: 1 }, scenario: { type: 'hazmat', level: 1, lon: 2.35, lat: 48.85 } }, 400, /service area|outside/],
    ];
    for (const [body, status, message] of cases) {
      const r = await api('POST', '/drills', body);
      expect({ body, status: r.status }).toEqual({ body, status });
      expect(String(r.body.message)).toMatch(message);
    }
    expect((await api('GET', '/drills/results?days=0')).status).toBe(400);
    expect((await api('GET', '/drills/abc')).status).toBe(400);
    expect((await api('GET', '/drills/99999')).status).toBe(404);
    expect(((await ds.query('SELECT count(*)::int AS n FROM drill')) as Array<{ n: number }>)[0].n).toBe(n0);
  });
});
