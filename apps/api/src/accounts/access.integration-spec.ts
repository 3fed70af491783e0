import { runApiCli, TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import type { Session } from './auth.service';
import { io } from 'socket.io-client';
import { signToken } from '../live/tokens';

const PASSWORD = 'matrix password 119 ok';
type Who = 'anonymous' | 'admin' | 'nc_dispatcher' | 'gz_dispatcher' | 'commander' | 'unit' | 'other_unit';

/**
 * With AUTH_REQUIRED on: every role against the routes that matter (read, take a call, assign inside
 * and outside the jurisdiction, plans, roster, closures, unit status and positions for one's own unit
 * and another's). 401 without a login, 403 naming why for a role or a place that is not one's own.
 */
describe('access: role × route, with sign-in required', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  const tokens = {} as Record<Who, string | null>;
  let nanchangUnit = 0;
  let ganzhouUnit = 0;
  let incidentId = 0;

  const call = async (who: Who, method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (tokens[who]) headers.authorization = `Bearer ${tokens[who]}`;
    const r = await fetch(`${app.url}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, message: await r.text() };
  };

  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
    const unitIn = async (city: number, offset: number) =>
      ((await ds.query(`SELECT u.id FROM unit u JOIN station s ON s.id = u.station_id WHERE s.city_adcode = $1 AND u.kind = 'water_tender' AND u.status = 'available' ORDER BY u.id OFFSET $2 LIMIT 1`, [city, offset])) as Array<{ id: number }>)[0].id;
    nanchangUnit = await unitIn(360100, 0);
    ganzhouUnit = await unitIn(360700, 0);
    const make = (args: string[]) => runApiCli('cli/create-user.ts', { DATABASE_URL: db.url, GAN119_PASSWORD: PASSWORD }, args);
    await make(['--username', 'admin', '--role', 'admin', '--jurisdiction', '360000']);
    await make(['--username', 'nc-dispatcher', '--role', 'dispatcher', '--jurisdiction', '360100']);
    await make(['--username', 'gz-dispatcher', '--role', 'dispatcher', '--jurisdiction', '360700']);
    await make(['--username', 'commander', '--role', 'commander', '--jurisdiction', '360000']);
    await make(['--username', 'tablet', '--role', 'unit', '--jurisdiction', '360100', '--unit', String(nanchangUnit)]);
    await make(['--username', 'other-tablet', '--role', 'unit', '--jurisdiction', '360700', '--unit', String(ganzhouUnit)]);
    app = await startApp(db.url, { AUTH_REQUIRED: 'true', LOGINS_PER_MIN: '100' });
    const login = async (username: string) => ((await (await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) })).json()) as Session).accessToken;
    tokens.anonymous = null;
    tokens.admin = await login('admin');
    tokens.nc_dispatcher = await login('nc-dispatcher');
    tokens.gz_dispatcher = await login('gz-dispatcher');
    tokens.commander = await login('commander');
    tokens.unit = await login('tablet');
    tokens.other_unit = await login('other-tablet');
  });
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('public routes need no login; everything else answers 401 without one', async () => {
    for (const path of ['/health', '/console-config', '/roads/regions', '/admin-areas?level=city&simplify=0.05']) expect((await call('anonymous', 'GET', path)).status).toBe(200);
    for (const [m, path] of [['GET', '/incidents'], ['GET', '/units'], ['POST', '/incidents'], ['GET', '/response-plans'], ['GET', '/avl/live']] as const) {
      const r = await call('anonymous', m, path, m === 'POST' ? {} : undefined);
      expect(r.status).toBe(401);
      expect(r.message).toMatch(/sign in/);
    }
  });

  it('takes calls and assigns as a dispatcher, inside the jurisdiction; the commander watches; units cannot', async () => {
    const call119 = { type: 'building_fire', level: 1, location: { lon: 115.8873, lat: 28.6799, crs: 'WGS84' }, source: 'phone' };
    expect((await call('commander', 'POST', '/incidents', call119)).status).toBe(403);
    expect((await call('unit', 'POST', '/incidents', call119)).status).toBe(403);
    const created = await call('nc_dispatcher', 'POST', '/incidents', call119);
    expect(created.status).toBe(201);
    incidentId = (JSON.parse(created.message) as { incident: { id: number } }).incident.id;
    for (const who of ['commander', 'nc_dispatcher', 'admin'] as const) expect((await call(who, 'GET', `/incidents/${incidentId}`)).status).toBe(200);
    expect((await call('unit', 'GET', '/incidents')).status).toBe(403);
    expect((await call('commander', 'POST', `/incidents/${incidentId}/recommendation`, {})).status).toBe(200);
    // Ganzhou's dispatcher may not act on a Nanchang incident
    const foreign = await call('gz_dispatcher', 'POST', `/incidents/${incidentId}/level`, { level: 2 });
    expect(foreign.status).toBe(403);
    expect(foreign.message).toMatch(/outside your jurisdiction \(360700\)/);
    // a unit from another city only through the cross-jurisdiction flow
    const plain = await call('nc_dispatcher', 'POST', `/incidents/${incidentId}/assignments`, { units: [{ unitId: ganzhouUnit, capability: 'water' }] });
    expect(plain.status).toBe(403);
    expect(plain.message).toMatch(/cross-jurisdiction/);
    expect((await call('commander', 'POST', `/incidents/${incidentId}/assignments`, { units: [{ unitId: nanchangUnit, capability: 'water' }] })).status).toBe(403);
    const ok = await call('nc_dispatcher', 'POST', `/incidents/${incidentId}/assignments`, { units: [{ unitId: nanchangUnit, capability: 'water' }, { unitId: ganzhouUnit, capability: 'water', crossJurisdiction: true }] });
    expect(ok.status).toBe(201);
    const [row] = (await ds.query(`SELECT assigned_by AS by FROM assignment WHERE incident_id = $1 LIMIT 1`, [incidentId])) as Array<{ by: string }>;
    expect(row.by).toBe('nc-dispatcher'); // the record names who did it
  });

  it('a unit acts for its own unit only; plans and rosters are the admin\'s', async () => {
    expect((await call('unit', 'GET', `/units/${nanchangUnit}/orders`)).status).toBe(200);
    expect((await call('unit', 'GET', `/units/${ganzhouUnit}/orders`)).status).toBe(403);
    expect((await call('other_unit', 'POST', `/units/${nanchangUnit}/status`, { to: 'en_route' })).status).toBe(403);
    expect((await call('unit', 'POST', `/units/${nanchangUnit}/status`, { to: 'en_route' })).status).toBe(200);
    const fix = (unitId: number) => ({ positions: [{ unitId, ts: new Date().toISOString(), lon: 115.89, lat: 28.68 }] });
    expect((await call('unit', 'POST', '/avl/positions', fix(nanchangUnit))).status).toBe(200);
    expect((await call('unit', 'POST', '/avl/positions', fix(ganzhouUnit))).status).toBe(403);
    expect((await call('commander', 'POST', '/avl/positions', fix(nanchangUnit))).status).toBe(403);
    const plan = { requirements: [{ capability: 'water', count: 1 }], assembly: false };
    for (const who of ['nc_dispatcher', 'commander', 'unit'] as const) expect((await call(who, 'PUT', '/response-plans/other_fire/1', plan)).status).toBe(403);
    expect((await call('admin', 'PUT', '/response-plans/other_fire/1', plan)).status).toBe(200);
    expect((await call('nc_dispatcher', 'POST', '/roster/water', { type: 'FeatureCollection', features: [] })).status).toBe(403);
    expect((await call('unit', 'POST', '/roads/closures', { at: { lon: 115.8873, lat: 28.6799 }, reason: 'x' })).status).toBe(403);
    const audit = (await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE event = 'login'`)) as Array<{ n: number }>;
    expect(audit[0].n).toBe(6);
  });

  it('a token after sign-out, a forged one, or a demo socket token is refused at the door, and a socket needs a login', async () => {
    const s = (await (await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'commander', password: PASSWORD }) })).json()) as Session;
    expect((await fetch(`${app.url}/api/incidents`, { headers: { authorization: `Bearer ${s.accessToken}` } })).status).toBe(200);
    await fetch(`${app.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${s.accessToken}` } });
    expect((await fetch(`${app.url}/api/incidents`, { headers: { authorization: `Bearer ${s.accessToken}` } })).status).toBe(401);
    const [payload, sig] = s.accessToken.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), account: { userId: 1, role: 'admin', sid: 'x' } })).toString('base64url')}.${sig}`;
    expect((await fetch(`${app.url}/api/incidents`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    // with sign-in required there are no demo tokens, and a socket needs a login token
    expect((await fetch(`${app.url}/api/live/demo-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'console' }) })).status).toBe(403);
    const refused = await new Promise<string>((resolve) => {
      const sock = io(app.url, { auth: { token: signToken(app.config.tokenSecret, { kind: 'console', user: 'x', jurisdiction: 360000 }, 60) }, transports: ['websocket'], reconnection: false, forceNew: true });
      sock.on('session:error', (e: { error: string }) => {
        sock.disconnect();
        resolve(e.error);
      });
    });
    expect(refused).toMatch(/sign in first/);
  });
});
