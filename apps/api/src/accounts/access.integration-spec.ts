import { DataSource } from 'typeorm';
import type { RunningApp } from '../../test/test-app';
import { SignedInApp, signedInApp, Who } from '../../test/signed-in-app';
import { io, Socket } from 'socket.io-client';
import type { OrderMessage, Snapshot } from '@gan119/dispatch';
import { waitFor } from '../../test/wait';
import { signToken } from './tokens';

/**
 * With AUTH_REQUIRED on: every role against the routes that matter (read, take a call, assign inside
 * and outside the jurisdiction, plans, roster, closures, unit status and positions for one's own unit
 * and another's). 401 without a login, 403 naming why for a role or a place that is not one's own.
 */
describe('access: role × route, with sign-in required', () => {
  let env: SignedInApp;
  let ds: DataSource;
  let app: RunningApp;
  let tokens: SignedInApp['tokens'];
  let nanchangUnit = 0;
  let ganzhouUnit = 0;
  let incidentId = 0;
  let ncOnly = 0; // a Nanchang incident no Ganzhou unit works on
  const call = (who: Who, method: string, path: string, body?: unknown) => env.call(who, method, path, body);

  beforeAll(async () => {
    env = await signedInApp();
    ({ ds, app, tokens, nanchangUnit, ganzhouUnit } = env);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('public routes need no login; everything else answers 401 without one', async () => {
    for (const path of ['/health', '/console-config', '/roads/regions', '/admin-areas?level=city&simplify=0.05'])
      expect((await call('anonymous', 'GET', path)).status).toBe(200);
    for (const [m, path] of [
      ['GET', '/incidents'],
      ['GET', '/units'],
      ['POST', '/incidents'],
      ['GET', '/response-plans'],
      ['GET', '/avl/live'],
    ] as const) {
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
    expect((await call('commander', 'POST', `/incidents/${incidentId}/assignments`, { units: [{ unitId: nanchangUnit, capability: 'water' }] })).status).toBe(
      403,
    );
    const ok = await call('nc_dispatcher', 'POST', `/incidents/${incidentId}/assignments`, {
      units: [
        { unitId: nanchangUnit, capability: 'water' },
        { unitId: ganzhouUnit, capability: 'water', crossJurisdiction: true },
      ],
    });
    expect(ok.status).toBe(201);
    const [row] = (await ds.query(`SELECT assigned_by AS by FROM assignment WHERE incident_id = $1 LIMIT 1`, [incidentId])) as Array<{ by: string }>;
    expect(row.by).toBe('nc-dispatcher'); // the record names who did it
  });

  it("a unit acts for its own unit only; plans and rosters are the admin's", async () => {
    expect((await call('unit', 'GET', `/units/${nanchangUnit}/orders`)).status).toBe(200);
    expect((await call('unit', 'GET', `/units/${ganzhouUnit}/orders`)).status).toBe(403);
    expect((await call('other_unit', 'POST', `/units/${nanchangUnit}/status`, { to: 'en_route' })).status).toBe(403);
    // its own unit is reached (refused on the merits, not the role: it is still on the incident, so the
    // dispatcher is asked to release it); 出动 here would acknowledge the order the socket test below needs open
    const own = await call('unit', 'POST', `/units/${nanchangUnit}/status`, { to: 'available' });
    expect([own.status, own.message]).toEqual([409, expect.stringMatching(/release_requested/)]);
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
    const s = await env.login('commander');
    expect((await fetch(`${app.url}/api/incidents`, { headers: { authorization: `Bearer ${s.accessToken}` } })).status).toBe(200);
    await fetch(`${app.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${s.accessToken}` } });
    expect((await fetch(`${app.url}/api/incidents`, { headers: { authorization: `Bearer ${s.accessToken}` } })).status).toBe(401);
    const [payload, sig] = s.accessToken.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), account: { userId: 1, role: 'admin', sid: 'x' } })).toString('base64url')}.${sig}`;
    expect((await fetch(`${app.url}/api/incidents`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    // with sign-in required there are no demo tokens, and a socket needs a login token
    expect(
      (
        await fetch(`${app.url}/api/live/demo-token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'console' }),
        })
      ).status,
    ).toBe(403);
    const refused = await new Promise<string>((resolve) => {
      const sock = io(app.url, {
        auth: { token: signToken(app.config.tokenSecret, { kind: 'console', user: 'x', jurisdiction: 360000 }, 60) },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sock.on('session:error', (e: { error: string }) => {
        sock.disconnect();
        resolve(e.error);
      });
    });
    expect(refused).toMatch(/sign in first/);
  });

  /** A socket as one login, with everything it hears; resolves once admitted (snapshot or replayed orders) or refused. */
  const tablet = async (who: Who) => {
    const heard: Array<[string, unknown]> = [];
    const sock: Socket = io(app.url, { auth: { token: tokens[who] }, transports: ['websocket'], reconnection: false, forceNew: true });
    sock.onAny((event: string, m: unknown) => heard.push([event, m]));
    await waitFor(
      () => (heard.some(([e]) => e === 'snapshot' || e === 'session:error') || (sock.connected && who.includes('unit') && heard.length) ? true : undefined),
      10000,
      `${who}'s socket admitted`,
    );
    return { sock, heard, of: <T>(event: string) => heard.filter(([e]) => e === event).map(([, m]) => m as T) };
  };

  it("one jurisdiction rule for reads and writes: a neighbour follows the incident its unit works on, and changes nothing of another city's", async () => {
    const nanchang = { lon: 115.8873, lat: 28.6799, crs: 'WGS84' };
    const call119 = { type: 'building_fire', level: 1, location: nanchang, source: 'phone' };
    // taking a call in another city: refused, naming the city to hand it to; nothing is recorded
    const before = ((await ds.query('SELECT count(*)::int AS n FROM incident')) as Array<{ n: number }>)[0].n;
    const elsewhere = await call('gz_dispatcher', 'POST', '/incidents', call119);
    expect([elsewhere.status, JSON.parse(elsewhere.message)]).toEqual([
      403,
      expect.objectContaining({ error: 'outside_jurisdiction', details: expect.objectContaining({ cityAdcode: 360100, cityName: '南昌市' }) }),
    ]);
    expect(((await ds.query('SELECT count(*)::int AS n FROM incident')) as Array<{ n: number }>)[0].n).toBe(before);
    ncOnly = (JSON.parse((await call('nc_dispatcher', 'POST', '/incidents', call119)).message) as { incident: { id: number } }).incident.id;

    // reads: the incident its unit works on (incidentId, Ganzhou's engine sent across), not another
    expect((await call('gz_dispatcher', 'GET', `/incidents/${incidentId}`)).status).toBe(200);
    const ncRead = await call('gz_dispatcher', 'GET', `/incidents/${ncOnly}`);
    expect([ncRead.status, JSON.parse(ncRead.message).error]).toEqual([403, 'outside_jurisdiction']);
    const queue = (JSON.parse((await call('gz_dispatcher', 'GET', '/incidents')).message) as { incidents: Array<{ id: number }> }).incidents.map((i) => i.id);
    expect(queue).toContain(incidentId);
    expect(queue).not.toContain(ncOnly);
    expect((JSON.parse((await call('commander', 'GET', '/incidents')).message) as { incidents: Array<{ id: number }> }).incidents.map((i) => i.id)).toEqual(
      expect.arrayContaining([incidentId, ncOnly]),
    );
    // following is not acting: no recommendation, level, closing, release on it
    for (const [path, body] of [
      [`/incidents/${incidentId}/recommendation`, {}],
      [`/incidents/${incidentId}/state`, { to: 'closed' }],
      [`/incidents/${incidentId}/release`, { unitId: ganzhouUnit }],
      [`/incidents/${ncOnly}/recommendation`, {}],
    ] as const) {
      const r = await call('gz_dispatcher', 'POST', path, body);
      expect([path, r.status, JSON.parse(r.message).error]).toEqual([path, 403, 'outside_jurisdiction']);
    }

    // units: a Nanchang engine's status and orders are Nanchang's (and the province's); the Ganzhou engine
    // on a Nanchang incident is also Nanchang's to update while it works there. A stale version shows the
    // rule let the request through (409 on the merits) without changing anything.
    const status = (who: Who, unitId: number) => call(who, 'POST', `/units/${unitId}/status`, { to: 'out_of_service', expectedVersion: 999999 });
    const versions = async () =>
      (await ds.query('SELECT id, version, status FROM unit WHERE id = ANY($1::int[]) ORDER BY id', [[nanchangUnit, ganzhouUnit]])) as unknown[];
    const v0 = await versions();
    const stop = await status('gz_dispatcher', nanchangUnit);
    expect([stop.status, JSON.parse(stop.message).error]).toEqual([403, 'outside_jurisdiction']);
    expect((await status('nc_dispatcher', ganzhouUnit)).status).toBe(409);
    expect((await status('gz_dispatcher', ganzhouUnit)).status).toBe(409);
    expect((await status('admin', nanchangUnit)).status).toBe(409);
    expect(await versions()).toEqual(v0);
    expect((await call('gz_dispatcher', 'GET', `/units/${nanchangUnit}/orders`)).status).toBe(403);
    expect((await call('nc_dispatcher', 'GET', `/units/${ganzhouUnit}/orders`)).status).toBe(200);
    expect((await call('commander', 'GET', `/units/${nanchangUnit}/orders`)).status).toBe(200);
    // the roster is read province-wide: regional coordination proposes neighbours' units
    expect((await call('gz_dispatcher', 'GET', `/units/${nanchangUnit}`)).status).toBe(200);

    // places: roads and key units in one's own jurisdiction; the service area for everyone
    const gzClose = await call('gz_dispatcher', 'POST', '/roads/closures', { at: { lon: 115.8873, lat: 28.6799 }, reason: '施工' });
    expect([gzClose.status, JSON.parse(gzClose.message).error]).toEqual([403, 'outside_jurisdiction']);
    expect(((await ds.query('SELECT count(*)::int AS n FROM road_closure')) as Array<{ n: number }>)[0].n).toBe(0);
    const ncClose = await call('nc_dispatcher', 'POST', '/roads/closures', { at: { lon: 115.8873, lat: 28.6799 }, reason: '施工' });
    expect(ncClose.status).toBe(201);
    const { closureId } = JSON.parse(ncClose.message) as { closureId: number };
    expect((await call('gz_dispatcher', 'POST', `/roads/closures/${closureId}/reopen`, {})).status).toBe(403);
    expect((await call('nc_dispatcher', 'POST', `/roads/closures/${closureId}/reopen`, {})).status).toBe(200);
    const square = (lon: number, lat: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + 0.001, lat],
          [lon + 0.001, lat + 0.001],
          [lon, lat + 0.001],
          [lon, lat],
        ],
      ],
    });
    const keyUnit = (lon: number, lat: number) => ({ name: '测试化工厂', hazards: ['易燃液体'], geometry: square(lon, lat) });
    expect((await call('gz_dispatcher', 'POST', '/key-units', keyUnit(115.8873, 28.6799))).status).toBe(403);
    const paris = await call('admin', 'POST', '/key-units', keyUnit(2.35, 48.85));
    expect([paris.status, JSON.parse(paris.message).error]).toEqual([400, 'outside_service_area']);
    expect((await call('nc_dispatcher', 'POST', '/key-units', keyUnit(115.8873, 28.6799))).status).toBe(201);
  });

  it('role × socket event: tablets act for their own unit, consoles watch their own jurisdiction, and each hears only its own', async () => {
    // the assignment test above sent both units an order: each tablet is given its own on connect, and only its own
    const orderOf = async (unitId: number) =>
      ((await ds.query(`SELECT id FROM dispatch_order WHERE unit_id = $1 AND state = 'issued'`, [unitId])) as Array<{ id: string }>)[0].id;
    const [ncOrder, gzOrder] = [await orderOf(nanchangUnit), await orderOf(ganzhouUnit)];
    const consoles = ['admin', 'nc_dispatcher', 'gz_dispatcher', 'commander'] as const;
    const s = Object.fromEntries(await Promise.all((['unit', 'other_unit', ...consoles] as const).map(async (w) => [w, await tablet(w)] as const))) as Record<
      Exclude<Who, 'anonymous'>,
      Awaited<ReturnType<typeof tablet>>
    >;
    expect(s.unit.of<OrderMessage>('order:new').map((o) => o.orderId)).toEqual([ncOrder]);
    expect(s.other_unit.of<OrderMessage>('order:new').map((o) => o.orderId)).toEqual([gzOrder]);
    // a console's snapshot holds its jurisdiction's units, the ones whose changes it hears
    for (const w of consoles) expect([w, s[w].heard.filter(([e]) => e !== 'snapshot')]).toEqual([w, []]);
    const inSnapshot = (w: Who) => s[w as 'admin'].of<Snapshot>('snapshot')[0].units.map((u) => u.unitId);
    expect(inSnapshot('nc_dispatcher')).toContain(nanchangUnit);
    expect(inSnapshot('nc_dispatcher')).toContain(ganzhouUnit); // Ganzhou's, but sent to a Nanchang incident
    const [homeInGanzhou] = (await ds.query(
      `SELECT u.id FROM unit u JOIN station s ON s.id = u.station_id WHERE s.city_adcode = 360700 AND u.id <> $1 LIMIT 1`,
      [ganzhouUnit],
    )) as Array<{ id: number }>;
    expect(inSnapshot('nc_dispatcher')).not.toContain(homeInGanzhou.id);
    expect(inSnapshot('gz_dispatcher')).toEqual(expect.arrayContaining([ganzhouUnit]));
    expect(inSnapshot('commander')).toEqual(expect.arrayContaining([nanchangUnit, ganzhouUnit]));
    expect(inSnapshot('nc_dispatcher').length).toBeLessThan(inSnapshot('commander').length);

    const fix = () => ({ positions: [{ ts: new Date().toISOString(), lon: 115.9, lat: 28.69 }] });
    for (const w of consoles) {
      const sock = s[w].sock;
      expect(await sock.emitWithAck('order:ack', { orderId: ncOrder })).toEqual({ ok: false, error: 'only a unit tablet acknowledges orders' });
      expect(await sock.emitWithAck('unit:status', { to: 'on_scene' })).toEqual({ ok: false, error: 'only a unit tablet reports its status' });
      expect(await sock.emitWithAck('unit:positions', fix())).toEqual({ ok: false, error: 'only a unit tablet reports positions' });
      // the same rule as REST: Ganzhou follows the incident its engine works on, not one it has no part in
      expect(await sock.emitWithAck('incident:watch', { incidentId })).toEqual({ ok: true });
      const other = await sock.emitWithAck('incident:watch', { incidentId: ncOnly });
      expect(other).toEqual(w === 'gz_dispatcher' ? expect.objectContaining({ ok: false, code: 'outside_jurisdiction' }) : { ok: true });
    }
    expect(await s.gz_dispatcher.sock.emitWithAck('incident:unwatch', { incidentId })).toEqual({ ok: true });
    for (const w of ['unit', 'other_unit'] as const) {
      expect(await s[w].sock.emitWithAck('incident:watch', { incidentId })).toEqual({ ok: false, error: 'only a console watches incidents' });
      expect(await s[w].sock.emitWithAck('incident:unwatch', { incidentId })).toEqual({ ok: false, error: 'only a console watches incidents' });
    }
    // another unit's order: refused, and nothing changes
    expect(await s.other_unit.sock.emitWithAck('order:ack', { orderId: ncOrder })).toEqual({ ok: false, error: `order ${ncOrder} is not for this unit` });
    expect(((await ds.query('SELECT acked_at FROM dispatch_order WHERE id = $1', [ncOrder])) as Array<{ acked_at: Date | null }>)[0].acked_at).toBeNull();
    expect(await s.unit.sock.emitWithAck('order:ack', { orderId: ncOrder })).toMatchObject({ ok: true, already: false });
    expect(await s.unit.sock.emitWithAck('unit:status', { to: 'on_scene' })).toEqual({ ok: true, status: 'on_scene' });
    expect(await s.unit.sock.emitWithAck('unit:positions', fix())).toEqual({ ok: true, live: 1, rejected: 0 });
    // Nanchang's consoles and the province hear the Nanchang tablet; Ganzhou's and the other tablet do not
    for (const w of ['admin', 'nc_dispatcher', 'commander'] as const) {
      await waitFor(
        () => (s[w].of('order:acked').length && s[w].of('unit:status').length && s[w].of('avl:positions').length ? true : undefined),
        5000,
        `${w} hears the ack, status and position`,
      );
    }
    await new Promise((r) => setTimeout(r, 300));
    for (const w of ['gz_dispatcher', 'other_unit'] as const)
      expect(s[w].heard.filter(([e]) => ['order:acked', 'unit:status', 'avl:positions'].includes(e))).toEqual([]);
    expect(await s.commander.sock.emitWithAck('incident:unwatch', { incidentId })).toEqual({ ok: true });
    Object.values(s).forEach((x) => x.sock.disconnect());
  });
});
