import type { DeskAlert } from '@gan119/dispatch';
import { TestDb } from '@gan119/testing';
import { io } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { callAndAssign, freeTenders, newCall } from '../../test/dispatch-helpers';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { waitFor } from '../../test/wait';
import { signToken } from '../accounts/tokens';
import { EscalationWorker } from '../escalation/escalation.worker';

const SECRET = 'alerts-test-secret-0123456789';

/**
 * A shift's loop on the real services: status replies answer orders, escalations become alerts kept
 * in the record until dealt with (late ack, replacement, release, close, dismissal), crews asking to
 * be released, closing and reopening, and the call-taker's answers changing the plan.
 */
describe('desk alerts and the incident loop (real PostgreSQL, Redis, BullMQ)', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${app.url}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const alerts = async () => (await api('GET', '/alerts')).body.alerts as DeskAlert[];
  const tablet = async (unitId: number) => {
    const s = io(app.url, {
      auth: { token: signToken(SECRET, { kind: 'unit', unitId }, 600) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve) => s.once('connect', () => resolve()));
    return s;
  };
  const orderState = async (id: string) =>
    (
      (await ds.query('SELECT state, acked_at AS "ackedAt", replaced_by AS "replacedBy" FROM dispatch_order WHERE id = $1', [id])) as Array<{
        state: string;
        ackedAt: Date | null;
        replacedBy: string | null;
      }>
    )[0];
  const escalate = (orderId: string) => app.app.get(EscalationWorker).escalate(orderId);

  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
    // a long ack timeout: the tests escalate by hand, when they choose
    app = await startApp(db.url, { ESCALATION_ACK_S: '600', TOKEN_SECRET: SECRET });
  });
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('出动 without 确认 acknowledges the order: no escalation, the timeline says how', async () => {
    const [unit] = await freeTenders(ds, 1);
    const { incidentId, orderIds } = await callAndAssign(app.url, [unit]);
    const t = await tablet(unit);
    try {
      expect(await t.emitWithAck('unit:status', { to: 'en_route' })).toEqual({ ok: true, status: 'en_route' });
    } finally {
      t.disconnect();
    }
    expect(await orderState(orderIds[0])).toMatchObject({ state: 'acknowledged', replacedBy: null });
    expect(await escalate(orderIds[0])).toBe('noop');
    const { body } = await api('GET', `/incidents/${incidentId}`);
    const acked = (body.timeline as Array<{ action: string; after: { via?: string; late?: boolean } }>).filter((e) => e.action === 'order_acked');
    expect(acked.map((e) => e.after)).toEqual([expect.objectContaining({ via: 'status:en_route', late: false })]);
    expect((body.unitNames as Record<string, string>)[unit]).toEqual(expect.any(String));
  });

  it('到场 moves a dispatched incident on scene; the incident panel shows when each unit arrived', async () => {
    const [unit] = await freeTenders(ds, 1);
    const { incidentId, orderIds } = await callAndAssign(app.url, [unit]);
    expect((await api('POST', `/units/${unit}/status`, { to: 'on_scene' })).body).toMatchObject({ status: 'on_scene', acknowledged: [orderIds[0]] });
    const { body } = await api('GET', `/incidents/${incidentId}`);
    expect(body.state).toBe('on_scene');
    expect((body.assignments as Array<{ unitId: number; onSceneAt: string | null; stationName: string }>)[0]).toMatchObject({
      unitId: unit,
      onSceneAt: expect.any(String),
      stationName: expect.any(String),
    });
    // the timeline has the unit's report among the record's own entries
    const actions = (body.timeline as Array<{ action: string; after: { status?: string } }>).map((e) =>
      e.action === 'unit_status' ? `unit_status:${e.after.status}` : e.action,
    );
    expect(actions).toEqual(['created', 'assigned', 'unit_status:on_scene', 'order_acked', 'state']);
  });

  it('an escalation is an alert kept in the record, named by unit and station, until a late ack answers it', async () => {
    const [unit] = await freeTenders(ds, 1);
    const { incidentId, orderIds } = await callAndAssign(app.url, [unit]);
    expect(await escalate(orderIds[0])).toBe('escalated');
    const mine = (await alerts()).filter((a) => a.incidentId === incidentId);
    expect(mine).toEqual([
      expect.objectContaining({
        kind: 'unacknowledged',
        unitId: unit,
        orderId: orderIds[0],
        unitName: expect.any(String),
        stationName: expect.any(String),
        capability: 'water',
      }),
    ]);
    expect(mine[0].details.proposal?.unitId).toEqual(expect.any(Number));
    const t = await tablet(unit);
    try {
      expect(await t.emitWithAck('order:ack', { orderId: orderIds[0] })).toMatchObject({ ok: true, already: false });
    } finally {
      t.disconnect();
    }
    expect((await alerts()).filter((a) => a.incidentId === incidentId)).toEqual([]);
    const [row] = (await ds.query('SELECT resolution, resolved_by AS "by" FROM desk_alert WHERE order_id = $1', [orderIds[0]])) as Array<{
      resolution: string;
      by: string;
    }>;
    expect(row).toEqual({ resolution: 'acked_late', by: `unit:${unit}` });
  });

  it('a replacement sent from the alert names the order it replaces and deals with the alert; the same order cannot be replaced twice', async () => {
    const [unit, other, third] = await freeTenders(ds, 3);
    const { incidentId, orderIds } = await callAndAssign(app.url, [unit]);
    await escalate(orderIds[0]);
    const r = await api('POST', `/incidents/${incidentId}/assignments`, { units: [{ unitId: other, capability: 'water', replacesOrderId: orderIds[0] }] });
    expect(r.status).toBe(201);
    const newOrder = (r.body.assignments as Array<{ orderId: string }>)[0].orderId;
    expect(await orderState(orderIds[0])).toMatchObject({ state: 'unacknowledged', replacedBy: newOrder });
    expect((await alerts()).filter((a) => a.incidentId === incidentId)).toEqual([]);
    const again = await api('POST', `/incidents/${incidentId}/assignments`, { units: [{ unitId: third, capability: 'water', replacesOrderId: orderIds[0] }] });
    expect(again).toMatchObject({ status: 409, body: { error: 'not_replaceable' } });
    expect(((await ds.query(`SELECT count(*)::int AS n FROM assignment WHERE unit_id = $1 AND status = 'active'`, [third])) as [{ n: number }])[0].n).toBe(0);
    expect(
      (await api('POST', `/incidents/${incidentId}/assignments`, { units: [{ unitId: third, capability: 'water', replacesOrderId: 'not-a-uuid' }] })).status,
    ).toBe(400);
  });

  it('可用 while still assigned asks the dispatcher (once), who releases the unit with a reason; the alert goes with it', async () => {
    const [unit] = await freeTenders(ds, 1);
    const { incidentId } = await callAndAssign(app.url, [unit]);
    const t = await tablet(unit);
    try {
      await t.emitWithAck('unit:status', { to: 'en_route' });
      for (let k = 0; k < 2; k++) {
        expect(await t.emitWithAck('unit:status', { to: 'available' })).toMatchObject({ ok: false, code: 'release_requested', details: { incidentId } });
      }
    } finally {
      t.disconnect();
    }
    const mine = (await alerts()).filter((a) => a.incidentId === incidentId);
    expect(mine).toEqual([expect.objectContaining({ kind: 'release_requested', unitId: unit, details: { reported: 'available' } })]);
    expect((await api('POST', `/incidents/${incidentId}/release`, { unitId: unit, reason: 'bored' })).status).toBe(400);
    expect((await api('POST', `/incidents/${incidentId}/release`, { unitId: unit, reason: 'no_longer_needed', note: '火已扑灭' })).status).toBe(200);
    expect((await alerts()).filter((a) => a.incidentId === incidentId)).toEqual([]);
    const { body } = await api('GET', `/incidents/${incidentId}`);
    const released = (body.timeline as Array<{ action: string; after: unknown }>).find((e) => e.action === 'released');
    expect(released?.after).toEqual({ unitId: unit, reason: 'no_longer_needed', note: '火已扑灭' });
    expect((await api('GET', `/units/${unit}`)).body.status).toBe('returning');
  });

  it('返回 while assigned is applied and asks for the release too', async () => {
    const [unit] = await freeTenders(ds, 1);
    const { incidentId } = await callAndAssign(app.url, [unit]);
    const t = await tablet(unit);
    try {
      await t.emitWithAck('unit:status', { to: 'on_scene' });
      expect(await t.emitWithAck('unit:status', { to: 'returning' })).toEqual({ ok: true, status: 'returning' });
    } finally {
      t.disconnect();
    }
    expect((await alerts()).filter((a) => a.incidentId === incidentId).map((a) => a.kind)).toEqual(['release_requested']);
  });

  it('an alert is dismissed only with a reason, once; closing deals with the rest and frees every unit; reopening works within the grace period', async () => {
    const units = await freeTenders(ds, 2);
    const { incidentId, orderIds } = await callAndAssign(app.url, units);
    await escalate(orderIds[0]);
    await escalate(orderIds[1]);
    const [first, second] = (await alerts()).filter((a) => a.incidentId === incidentId);
    expect((await api('POST', `/alerts/${first.id}/dismiss`, {})).status).toBe(400);
    expect((await api('POST', `/alerts/${first.id}/dismiss`, { reason: ' ' })).status).toBe(400);
    expect((await api('POST', `/alerts/${first.id}/dismiss`, { reason: '已电台联系，正在出动' })).status).toBe(200);
    expect((await api('POST', `/alerts/${first.id}/dismiss`, { reason: '已电台联系，正在出动' })).status).toBe(404);
    expect((await alerts()).filter((a) => a.incidentId === incidentId).map((a) => a.id)).toEqual([second.id]);
    expect((await api('POST', `/incidents/${incidentId}/state`, { to: 'closed' })).status).toBe(200);
    expect((await alerts()).filter((a) => a.incidentId === incidentId)).toEqual([]);
    const busy = (await ds.query(`SELECT count(*)::int AS n FROM assignment WHERE incident_id = $1 AND status = 'active'`, [incidentId])) as [{ n: number }];
    expect(busy[0].n).toBe(0);
    const reopened = await api('POST', `/incidents/${incidentId}/reopen`);
    expect(reopened).toMatchObject({ status: 200, body: { state: 'new', closedAt: null } });
    expect((await api('POST', `/incidents/${incidentId}/reopen`)).body).toMatchObject({ error: 'cannot_reopen' });
    // closed long ago: a new call instead
    await api('POST', `/incidents/${incidentId}/state`, { to: 'closed' });
    await ds.query(`UPDATE incident SET closed_at = now() - interval '2 hours' WHERE id = $1`, [incidentId]);
    expect((await api('POST', `/incidents/${incidentId}/reopen`)).body).toMatchObject({
      error: 'cannot_reopen',
      message: expect.stringMatching(/more than 30 minutes/),
    });
  });

  it("the call-taker's answers raise the level and add what the plan lacks, saying why; bad answers are refused naming the field", async () => {
    const created = await api('POST', '/incidents', {
      type: 'building_fire',
      level: 1,
      location: { lon: 115.8873, lat: 28.6799, crs: 'WGS84' },
      source: 'phone',
      callFacts: { trapped: 12, floor: 9, hazards: ['gas'], buildingUse: 'residential' },
    });
    expect(created.status).toBe(201);
    const incident = created.body.incident as { id: number; level: number; callFacts: unknown };
    expect(incident.level).toBe(3);
    expect(incident.callFacts).toEqual({ trapped: 12, floor: 9, hazards: ['gas'], buildingUse: 'residential' });
    const rec = await api('POST', `/incidents/${incident.id}/recommendation`, { routes: false });
    const plan = rec.body.plan as { requirements: Array<{ capability: string; count: number }>; callFactReasons: Array<{ code: string }> };
    expect(plan.requirements).toEqual(
      expect.arrayContaining([
        { capability: 'rescue', count: 2 },
        { capability: 'hazmat', count: 1 },
      ]),
    );
    expect(plan.callFactReasons.map((r) => r.code)).toEqual(['trapped', 'many_trapped', 'high_floor', 'hazard']);
    for (const callFacts of [{ trapped: 'many' }, { hazards: ['fire'] }, { floor: 1000 }, [], { buildingUse: 'castle' }]) {
      const r = await api('POST', '/incidents', {
        type: 'building_fire',
        level: 1,
        location: { lon: 115.8873, lat: 28.6799, crs: 'WGS84' },
        source: 'phone',
        callFacts,
      });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body.message)).toMatch(/callFacts/);
    }
  });

  it('the queue filters by type and finds an incident by its number or address', async () => {
    const id = await newCall(app.url);
    await api('POST', '/incidents', {
      type: 'traffic',
      level: 1,
      location: { lon: 115.9, lat: 28.68, crs: 'WGS84' },
      source: 'phone',
      address: '八一大道与北京西路口',
    });
    const byType = (await api('GET', '/incidents?type=traffic')).body.incidents as Array<{ type: string }>;
    expect(byType.length).toBeGreaterThan(0);
    expect(byType.every((i) => i.type === 'traffic')).toBe(true);
    expect(((await api('GET', `/incidents?q=%23${id}&open=false`)).body.incidents as Array<{ id: number }>).map((i) => i.id)).toEqual([id]);
    expect(((await api('GET', `/incidents?q=${encodeURIComponent('北京西路')}`)).body.incidents as Array<{ address: string }>)[0].address).toBe(
      '八一大道与北京西路口',
    );
    expect((await api('GET', '/incidents?type=volcano')).status).toBe(400);
  });

  it('alerts reach the consoles live: raised and resolved', async () => {
    const heard: number[] = [];
    const c = io(app.url, {
      auth: { token: signToken(SECRET, { kind: 'console', user: 'jx', jurisdiction: 360000 }, 600) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    c.on('alerts:changed', (m: { incidentId: number }) => heard.push(m.incidentId));
    await new Promise<void>((resolve) => c.once('connect', () => resolve()));
    try {
      const [unit] = await freeTenders(ds, 1);
      const { incidentId } = await callAndAssign(app.url, [unit]);
      await api('POST', `/units/${unit}/status`, { to: 'en_route' });
      const t = await tablet(unit);
      await t.emitWithAck('unit:status', { to: 'available' });
      t.disconnect();
      await waitFor(() => (heard.includes(incidentId) ? true : undefined), 5000, 'the release request at the console');
      heard.length = 0;
      await api('POST', `/incidents/${incidentId}/release`, { unitId: unit });
      await waitFor(() => (heard.includes(incidentId) ? true : undefined), 5000, 'the release at the console');
    } finally {
      c.disconnect();
    }
  });
});
