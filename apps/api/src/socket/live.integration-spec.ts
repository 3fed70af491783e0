import { createTestDb, runApiCli, spawnApi, SpawnedApi, TestDb } from '@gan119/testing';
import type { AckResult, OrderMessage } from '@gan119/dispatch';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { testDataSource } from '../../test/test-data-source';
import { waitFor } from '../../test/wait';
import { newCall } from '../../test/dispatch-helpers';
import { signToken } from '../accounts/tokens';

const SECRET = 'live-test-secret-0123456789';

describe('live orders over socket.io: two API processes, real Redis and PostgreSQL', () => {
  let db: TestDb;
  let ds: DataSource;
  let a: SpawnedApi;
  let b: SpawnedApi;
  const sockets: Socket[] = [];
  const env = { TOKEN_SECRET: SECRET, REDIS_PREFIX: `tlive${Date.now()}:` };

  const tablet = (api: SpawnedApi, unitId: number) => {
    const received: OrderMessage[] = [];
    const s = io(api.url, {
      auth: { token: signToken(SECRET, { kind: 'unit', unitId }, 600) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    // like the tablet app: an order id already on screen is not shown twice
    s.on('order:new', (o: OrderMessage) => {
      if (!received.some((r) => r.orderId === o.orderId)) received.push(o);
    });
    sockets.push(s);
    const connected = new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    return { s, received, connected };
  };
  /** A console of `jurisdiction` connected to one process (closed after the suite). */
  const consoleSocket = (api: SpawnedApi, jurisdiction: number) => {
    const s = io(api.url, {
      auth: { token: signToken(SECRET, { kind: 'console', user: `c${jurisdiction}`, jurisdiction }, 600) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(s);
    return s;
  };
  const post = async <T>(api: SpawnedApi, path: string, body: unknown) => {
    const r = await fetch(`${api.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as T };
  };
  const freeUnit = async (offset: number) =>
    (
      (await ds.query(`SELECT id FROM unit WHERE status = 'available' AND kind = 'water_tender' ORDER BY id OFFSET $1 LIMIT 1`, [offset])) as Array<{
        id: number;
      }>
    )[0].id;
  const newIncident = (api: SpawnedApi) => newCall(api.url);

  beforeAll(async () => {
    db = await createTestDb();
    await runApiCli('cli/seed-demo.ts', { DATABASE_URL: db.url }, ['--roads', 'small']);
    ds = await testDataSource(db.url);
    [a, b] = await Promise.all([spawnApi(db.url, env), spawnApi(db.url, env)]);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await Promise.all([a?.stop(), b?.stop()]);
    await ds?.destroy();
    await db?.drop();
  });

  it('a tablet connected to process A receives an order dispatched through process B, and acknowledges it', async () => {
    const unitId = await freeUnit(0);
    const t = tablet(a, unitId);
    await t.connected;
    const incident = await newIncident(b);
    const assigned = await post<{ assignments: Array<{ orderId: string }> }>(b, `/incidents/${incident}/assignments`, {
      units: [{ unitId, capability: 'water' }],
    });
    expect(assigned.status).toBe(201);
    await waitFor(() => (t.received.length ? true : undefined), 10000, 'the order on the tablet');
    expect(t.received[0]).toMatchObject({
      orderId: assigned.body.assignments[0].orderId,
      unitId,
      replay: false,
      incident: { id: incident, type: 'building_fire' },
    });
    const ack = (await t.s.emitWithAck('order:ack', { orderId: t.received[0].orderId })) as AckResult;
    expect(ack).toMatchObject({ ok: true, already: false });
    expect((await t.s.emitWithAck('order:ack', { orderId: t.received[0].orderId })) as AckResult).toMatchObject({ ok: true, already: true });
    const [row] = (await ds.query('SELECT state, acked_at IS NOT NULL AS acked FROM dispatch_order WHERE id = $1', [t.received[0].orderId])) as Array<{
      state: string;
      acked: boolean;
    }>;
    expect(row).toEqual({ state: 'acknowledged', acked: true });
    // the incident as a console opens it later: the acknowledgement is in its assignments and timeline, once
    const detail = (await (await fetch(`${a.url}/api/incidents/${incident}`)).json()) as {
      assignments: Array<{ unitId: number; order: { id: string; state: string; ackedAt: string | null } }>;
      timeline: Array<{ action: string }>;
    };
    expect(detail.assignments[0]).toMatchObject({ unitId, order: { id: t.received[0].orderId, state: 'acknowledged', ackedAt: expect.any(String) } });
    expect(detail.timeline.filter((e) => e.action === 'order_acked')).toHaveLength(1);
    // what a restarted tablet asks for: the order it is still on, acknowledged
    const current = (await (await fetch(`${a.url}/api/units/${unitId}/orders`)).json()) as { orders: Array<{ orderId: string; ackedAt: string | null }> };
    expect(current.orders).toEqual([expect.objectContaining({ orderId: t.received[0].orderId, ackedAt: expect.any(String) })]);
    expect((await fetch(`${a.url}/api/units/abc/orders`)).status).toBe(400);
    expect((await fetch(`${a.url}/api/units/99999999/orders`)).status).toBe(404);
  });

  it('a tablet offline when its order is issued gets it on connect, once on screen; an acked order is not sent again', async () => {
    const unitId = await freeUnit(0);
    const incident = await newIncident(a);
    const assigned = await post<{ assignments: Array<{ orderId: string }> }>(a, `/incidents/${incident}/assignments`, {
      units: [{ unitId, capability: 'water' }],
    });
    const orderId = assigned.body.assignments[0].orderId;
    const t = tablet(b, unitId);
    await t.connected;
    await waitFor(() => (t.received.length ? true : undefined), 10000, 'the replayed order');
    expect(t.received).toHaveLength(1);
    expect(t.received[0]).toMatchObject({ orderId, replay: true });
    // a second connection (the tablet reconnecting) before the ack: sent again, still one on screen
    t.s.disconnect();
    const again = tablet(b, unitId);
    again.received.push(...t.received);
    await again.connected;
    await new Promise((r) => setTimeout(r, 300));
    expect(again.received).toHaveLength(1);
    expect((await again.s.emitWithAck('order:ack', { orderId })) as AckResult).toMatchObject({ ok: true });
    const third = tablet(a, unitId);
    await third.connected;
    await new Promise((r) => setTimeout(r, 300));
    expect(third.received).toEqual([]);
  });

  it('tablet status buttons and positions reach the consoles, which start from a snapshot', async () => {
    const unitId = await freeUnit(0);
    const consoleSocket = io(a.url, {
      auth: { token: signToken(SECRET, { kind: 'console', user: 'jx', jurisdiction: 360000 }, 600) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(consoleSocket);
    const seen: {
      snapshot?: { units: Array<{ unitId: number; status: string }> };
      status: Array<{ unitId: number; status: string }>;
      positions: Array<{ unitId: number; lon: number }>;
    } = { status: [], positions: [] };
    consoleSocket.on('snapshot', (s: typeof seen.snapshot) => (seen.snapshot = s));
    consoleSocket.on('unit:status', (m: { unitId: number; status: string }) => seen.status.push(m));
    consoleSocket.on('avl:positions', (m: Array<{ unitId: number; lon: number }>) => seen.positions.push(...m));
    await waitFor(() => seen.snapshot, 10000, 'the snapshot');
    expect(seen.snapshot!.units.find((u) => u.unitId === unitId)?.status).toBe('available');
    const t = tablet(b, unitId); // the tablet on the other process
    await t.connected;
    const incident = await newIncident(a);
    await post(a, `/incidents/${incident}/assignments`, { units: [{ unitId, capability: 'water' }] });
    expect(await t.s.emitWithAck('unit:status', { to: 'on_scene', reason: 'x'.repeat(501) })).toMatchObject({ ok: false });
    expect(await t.s.emitWithAck('unit:status', { to: 'en_route' })).toEqual({ ok: true, status: 'en_route' });
    // a crew that reports itself free while still on the incident asks the dispatcher to release it
    expect(await t.s.emitWithAck('unit:status', { to: 'available' })).toMatchObject({
      ok: false,
      code: 'release_requested',
      details: { incidentId: incident },
    });
    expect(await t.s.emitWithAck('unit:status', { to: 'on_scene' })).toEqual({ ok: true, status: 'on_scene' });
    const now = Date.now();
    const fix = (dt: number, lon: number) => ({ ts: new Date(now - 5000 + dt).toISOString(), lon, lat: 28.68 });
    expect(await t.s.emitWithAck('unit:positions', { positions: [fix(0, 115.88), fix(1000, 115.881)] })).toMatchObject({ ok: true, live: 1 });
    expect(await t.s.emitWithAck('unit:positions', { positions: [{ ts: 'now', lon: 'east', lat: 28 }] })).toMatchObject({ ok: false });
    await waitFor(() => (seen.status.filter((m) => m.unitId === unitId).length >= 3 && seen.positions.length ? true : undefined), 10000, 'the console updates');
    // the assignment's own status change, then the tablet's two
    expect(seen.status.filter((m) => m.unitId === unitId).map((m) => m.status)).toEqual(['dispatched', 'en_route', 'on_scene']);
    expect(seen.positions.find((p) => p.unitId === unitId)?.lon).toBe(115.881);
  });

  it("REST status changes and AVL batches reach the consoles of the unit's county, city and the province only; a console watches incidents of its jurisdiction", async () => {
    const consoleOf = (api: SpawnedApi, jurisdiction: number) => {
      const s = consoleSocket(api, jurisdiction);
      const got = { status: [] as Array<{ unitId: number; status: string }>, positions: [] as Array<{ unitId: number; lon: number }>, acked: [] as string[] };
      s.on('unit:status', (m: { unitId: number; status: string }) => got.status.push(m));
      s.on('avl:positions', (m: Array<{ unitId: number; lon: number }>) => got.positions.push(...m));
      s.on('order:acked', (m: { orderId: string }) => got.acked.push(m.orderId));
      return { s, got, ready: new Promise<void>((resolve) => s.once('snapshot', () => resolve())) };
    };
    const [unit] = (await ds.query(
      `SELECT u.id, s.county_adcode AS county FROM unit u JOIN station s ON s.id = u.station_id WHERE s.city_adcode = 360100 AND s.county_adcode IS NOT NULL AND u.status = 'available' ORDER BY u.id DESC LIMIT 1`,
    )) as Array<{ id: number; county: number }>;
    const province = consoleOf(a, 360000),
      nanchang = consoleOf(b, 360100),
      ganzhou = consoleOf(b, 360700),
      county = consoleOf(a, unit.county);
    await Promise.all([province.ready, nanchang.ready, ganzhou.ready, county.ready]);
    const metrics = await (await fetch(`${b.url}/metrics`)).text();
    expect(Number(/gan119_sockets_connected\{kind="console"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
    expect((await post(a, `/units/${unit.id}/status`, { to: 'out_of_service', reason: '保养 maintenance' })).status).toBe(200);
    const fix = { unitId: unit.id, ts: new Date(Date.now() - 1000).toISOString(), lon: 115.9012, lat: 28.6789 };
    expect((await post(a, '/avl/positions', { positions: [fix] })).status).toBe(200);
    const heard = (c: typeof province) =>
      c.got.status.some((m) => m.unitId === unit.id) && c.got.positions.some((p) => p.unitId === unit.id) ? true : undefined;
    await waitFor(() => heard(province) && heard(nanchang) && heard(county), 10000, 'the REST changes at the province, city and county consoles');
    expect(nanchang.got.status.find((m) => m.unitId === unit.id)?.status).toBe('out_of_service');
    expect(nanchang.got.positions.find((p) => p.unitId === unit.id)?.lon).toBe(115.9012);
    await new Promise((r) => setTimeout(r, 300));
    expect(heard(ganzhou)).toBeUndefined(); // another city's console is not told
    // watching: Nanchang's incident is Nanchang's and the province's to open, not Ganzhou's
    const incident = await newIncident(a);
    expect(await ganzhou.s.emitWithAck('incident:watch', { incidentId: incident })).toMatchObject({
      ok: false,
      code: 'outside_jurisdiction',
      error: `incident ${incident} is outside your jurisdiction (360700): it is in 南昌市`,
    });
    expect(await ganzhou.s.emitWithAck('incident:watch', { incidentId: 'x' })).toMatchObject({ ok: false, error: expect.stringMatching(/incidentId/) });
    expect(await nanchang.s.emitWithAck('incident:watch', { incidentId: 99999999 })).toEqual({
      ok: false,
      code: 'not_found',
      error: 'incident 99999999 not found',
    });
    expect(await nanchang.s.emitWithAck('incident:watch', { incidentId: incident })).toEqual({ ok: true });
    const tabletUnit = await freeUnit(0);
    const t = tablet(b, tabletUnit);
    await t.connected;
    expect(await t.s.emitWithAck('incident:watch', { incidentId: incident })).toMatchObject({ ok: false }); // a tablet is not a console
    const assigned = await post<{ assignments: Array<{ orderId: string }> }>(a, `/incidents/${incident}/assignments`, {
      units: [{ unitId: tabletUnit, capability: 'water' }],
    });
    const orderId = assigned.body.assignments[0].orderId;
    await waitFor(() => (t.received.length ? true : undefined), 10000, 'the order');
    await t.s.emitWithAck('order:ack', { orderId });
    await waitFor(() => (nanchang.got.acked.includes(orderId) ? true : undefined), 10000, 'the ack at the watching console');
    await new Promise((r) => setTimeout(r, 300));
    expect(nanchang.got.acked.filter((id) => id === orderId)).toHaveLength(1); // in its city room and the incident room: told once
  });

  it('a unit sent across the border is seen live by the consoles over its incident while it is on it, from its snapshot on', async () => {
    const [far] = (await ds.query(
      `SELECT u.id FROM unit u JOIN station s ON s.id = u.station_id WHERE s.city_adcode = 360700 AND u.status = 'available' ORDER BY u.id LIMIT 1`,
    )) as Array<{ id: number }>;
    const incident = await newIncident(a); // in Nanchang
    expect((await post(a, `/incidents/${incident}/assignments`, { units: [{ unitId: far.id, capability: 'water', crossJurisdiction: true }] })).status).toBe(
      201,
    );
    const nanchang = io(b.url, {
      auth: { token: signToken(SECRET, { kind: 'console', user: 'nc', jurisdiction: 360100 }, 600) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(nanchang);
    const heard = { status: [] as number[], positions: [] as number[] };
    nanchang.on('unit:status', (m: { unitId: number }) => heard.status.push(m.unitId));
    nanchang.on('avl:positions', (m: Array<{ unitId: number }>) => heard.positions.push(...m.map((p) => p.unitId)));
    const snapshot = await new Promise<{ units: Array<{ unitId: number }> }>((resolve) => nanchang.once('snapshot', resolve));
    expect(snapshot.units.map((u) => u.unitId)).toContain(far.id);
    // status through this process; positions through the other, which learns of the assignment from the
    // record in the background: a unit reporting every few hundred ms is heard from its next batch on
    const fix = (lon: number) => ({ positions: [{ unitId: far.id, ts: new Date().toISOString(), lon, lat: 28.3 }] });
    expect((await post(a, `/units/${far.id}/status`, { to: 'en_route' })).status).toBe(200);
    let reports = 0;
    await waitFor(
      async () => {
        expect((await post(b, '/avl/positions', fix(115.5 + ++reports * 0.001))).status).toBe(200);
        return heard.positions.includes(far.id) && heard.status.includes(far.id) ? true : undefined;
      },
      10000,
      'the Ganzhou unit at the Nanchang console',
    );
    expect(reports).toBeLessThanOrEqual(3);
    // released: home again, and Nanchang hears no more of it
    expect((await post(a, `/incidents/${incident}/release`, { unitId: far.id })).status).toBe(200);
    await waitFor(() => (heard.status.filter((id) => id === far.id).length >= 2 ? true : undefined), 10000, 'the release at the Nanchang console');
    // a fix taken before the release may still be on its way (positions go out in 25 ms windows)
    await new Promise((r) => setTimeout(r, 150));
    heard.positions.length = 0;
    expect((await post(a, '/avl/positions', fix(115.6))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(heard.positions).toEqual([]);
  });

  it('pushes every incident change to the consoles over it once, whichever process made it: new, level, closed; not to another city', async () => {
    const consoleOn = (api: SpawnedApi, jurisdiction: number) => {
      const s = consoleSocket(api, jurisdiction);
      const heard: Array<{ change: string; id: number; level: number }> = [];
      s.on('incident:changed', (m: { change: string; incident: { id: number; level: number } }) =>
        heard.push({ change: m.change, id: m.incident.id, level: m.incident.level }),
      );
      return { s, heard, ready: new Promise((r) => s.once('snapshot', r)) };
    };
    const province = consoleOn(b, 360000);
    const nanchang = consoleOn(a, 360100);
    const ganzhou = consoleOn(b, 360700);
    await Promise.all([province.ready, nanchang.ready, ganzhou.ready]);
    const id = await newIncident(a); // in Nanchang, through process a
    await waitFor(() => (province.heard.some((m) => m.id === id) && nanchang.heard.some((m) => m.id === id) ? true : undefined), 5000, 'the new incident');
    expect((await post(b, `/incidents/${id}/level`, { level: 3 })).status).toBe(200); // through the other process
    await waitFor(() => (nanchang.heard.some((m) => m.id === id && m.change === 'level') ? true : undefined), 5000, 'the level change');
    expect((await post(a, `/incidents/${id}/state`, { to: 'closed' })).status).toBe(200);
    await waitFor(() => (province.heard.some((m) => m.id === id && m.change === 'closed') ? true : undefined), 5000, 'the closing');
    await new Promise((r) => setTimeout(r, 300));
    for (const c of [province, nanchang])
      expect(c.heard.filter((m) => m.id === id)).toEqual([
        { change: 'new', id, level: expect.any(Number) },
        { change: 'level', id, level: 3 },
        { change: 'closed', id, level: 3 },
      ]);
    expect(ganzhou.heard.filter((m) => m.id === id)).toEqual([]);
  });

  it("refuses an ack for another unit's order, and sockets without a valid token", async () => {
    const owner = await freeUnit(0);
    const other = await freeUnit(1);
    const incident = await newIncident(a);
    const assigned = await post<{ assignments: Array<{ orderId: string }> }>(a, `/incidents/${incident}/assignments`, {
      units: [{ unitId: owner, capability: 'water' }],
    });
    const intruder = tablet(a, other);
    await intruder.connected;
    const r = (await intruder.s.emitWithAck('order:ack', { orderId: assigned.body.assignments[0].orderId })) as AckResult;
    expect(r).toEqual({ ok: false, error: `order ${assigned.body.assignments[0].orderId} is not for this unit` });
    expect((await intruder.s.emitWithAck('order:ack', { orderId: 'not-an-id' })) as AckResult).toMatchObject({ ok: false });
    const [row] = (await ds.query('SELECT acked_at FROM dispatch_order WHERE id = $1', [assigned.body.assignments[0].orderId])) as Array<{
      acked_at: Date | null;
    }>;
    expect(row.acked_at).toBeNull();
    for (const token of [undefined, 'garbage', signToken('another-secret-01234567', { kind: 'unit', unitId: owner }, 60)]) {
      const s = io(a.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(s);
      const error = await new Promise<string>((resolve) => s.on('session:error', (e: { error: string }) => resolve(e.error)));
      expect(error).toMatch(/token/);
      await waitFor(() => (s.connected ? undefined : true), 5000, 'the disconnect');
    }
  });
});
