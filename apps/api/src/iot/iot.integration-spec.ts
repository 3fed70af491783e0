import { TestDb } from '@gan119/testing';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { waitFor } from '../../test/wait';
import { signToken } from '../accounts/tokens';
import { Db } from '../infra/db/unit-of-work';
import { DEMO_PLATFORM, DEMO_PLATFORM_KEY } from './iot-demo';
import { IotIngest } from './iot-ingest';
import { IotMessagesRepository } from './iot-messages.repository';
import { IotSweeper } from './iot-sweeper';

const SECRET = 'iot-test-secret-0123456789';
type Json = Record<string, unknown>;

/**
 * 智赣119 terminals on the real services: HTTP push stored once, the false-alarm filter deciding, a
 * confirmed alarm on the desk (live), the operator verifying, faults, hydrants and the offline scan.
 */
describe('IoT alarms: intake, verification, the desk (real PostgreSQL, Redis)', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  let consoleSocket: Socket;
  const heard: Array<{ event: string; body: Json }> = [];
  let seq = 0;
  const id = () => `t-${Date.now().toString(36)}-${seq++}`;

  const push = async (messages: unknown[], key: string | null = DEMO_PLATFORM_KEY) => {
    const r = await fetch(`${app.url}/api/iot/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'x-iot-key': key }) },
      body: JSON.stringify({ messages }),
    });
    return { status: r.status, body: (await r.json()) as Json };
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${app.url}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Json };
  };
  const drained = () => app.app.get(IotIngest).drained();
  /** a demo building with its devices by kind, each test one of its own, away from every incident and alarm so far (a 119 call nearby would confirm) */
  let nextBuilding = 0;
  const building = async () => {
    const rows = (await ds.query(
      `SELECT b.id, b.name, array_agg(d.id ORDER BY d.id) FILTER (WHERE d.kind = 'smoke') AS smoke, array_agg(d.id ORDER BY d.id) FILTER (WHERE d.kind = 'manual_call_point') AS manual,
              ST_X(b.geom) AS lon, ST_Y(b.geom) AS lat, b.floors
         FROM iot_building b JOIN iot_device d ON d.building_id = b.id
        WHERE NOT EXISTS (SELECT 1 FROM incident i WHERE ST_DWithin(i.geom::geography, b.geom::geography, 1000))
          AND NOT EXISTS (SELECT 1 FROM iot_alarm a JOIN iot_building u ON u.id = a.building_id WHERE ST_DWithin(u.geom::geography, b.geom::geography, 1000))
          AND NOT EXISTS (SELECT 1 FROM iot_message m JOIN iot_device x ON x.id = m.device_id WHERE x.building_id = b.id)
        GROUP BY b.id
        HAVING count(*) FILTER (WHERE d.kind = 'smoke') >= 3 AND count(*) FILTER (WHERE d.kind = 'manual_call_point') >= 1 ORDER BY b.id OFFSET $1 LIMIT 1`,
      [nextBuilding++ % 2],
    )) as Array<{ id: number; name: string; smoke: string[]; manual: string[]; lon: number; lat: number; floors: number }>;
    return rows[0];
  };
  const alarmsOf = async (deviceId: string) =>
    (await ds.query('SELECT id, state, rule, flags, incident_id AS "incidentId", decided_by AS "decidedBy" FROM iot_alarm WHERE device_id = $1 ORDER BY id', [
      deviceId,
    ])) as Array<{
      id: number;
      state: string;
      rule: string;
      flags: string[];
      incidentId: number | null;
      decidedBy: string | null;
    }>;

  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small', 3000));
    app = await startApp(db.url, { TOKEN_SECRET: SECRET, IOT_DEVICE_MSGS_PER_MIN: '30' });
    consoleSocket = io(app.url, {
      auth: { token: signToken(SECRET, { kind: 'console', user: 'jx', jurisdiction: 360000 }, 600) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    for (const event of ['incident:new', 'iot:alarm']) consoleSocket.on(event, (body: Json) => heard.push({ event, body }));
    await new Promise<void>((resolve) => consoleSocket.once('connect', () => resolve()));
  }, 240000);

  afterAll(async () => {
    consoleSocket?.disconnect();
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('registered the demo terminals: buildings of 20 with a transmission device each, and hydrant pressure sensors', async () => {
    const [r] = (await ds.query(
      `SELECT count(*)::int AS devices, count(DISTINCT building_id)::int AS buildings, count(*) FILTER (WHERE kind = 'uitd')::int AS uitd,
              count(*) FILTER (WHERE kind = 'hydrant_pressure')::int AS hydrants, count(*) FILTER (WHERE gb_address = '889')::int AS example FROM iot_device`,
    )) as Array<{ devices: number; buildings: number; uitd: number; hydrants: number; example: number }>;
    expect(r.devices).toBeGreaterThanOrEqual(3000);
    expect(r.uitd).toBe(r.buildings);
    expect(r.hydrants).toBe(300);
    expect(r.example).toBe(1);
  });

  it('refuses a missing or wrong key (401), a malformed batch (400 naming the field), and changes nothing', async () => {
    const before = await new IotMessagesRepository(ds).count();
    const b = await building();
    const ok = { messageId: id(), deviceId: b.smoke[0], kind: 'heartbeat' };
    expect(await push([ok], null)).toMatchObject({ status: 401, body: { error: 'iot_key_missing' } });
    expect(await push([ok], 'not-a-key')).toMatchObject({ status: 401, body: { error: 'iot_key_invalid' } });
    expect(await push([])).toMatchObject({ status: 400, body: { message: expect.stringMatching(/messages: a non-empty list/) } });
    const r = await fetch(`${app.url}/api/iot/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-iot-key': DEMO_PLATFORM_KEY },
      body: '{"messages": [',
    });
    expect(r.status).toBe(400);
    expect(await new IotMessagesRepository(ds).count()).toEqual(before);
  });

  it('stores each message once: a resend, a duplicate in the batch; an unknown device or a bad message is refused by itself', async () => {
    const b = await building();
    const m1 = { messageId: id(), deviceId: b.smoke[0], kind: 'heartbeat', at: new Date().toISOString() };
    const m2 = { messageId: id(), deviceId: b.smoke[1], kind: 'low_battery' };
    const first = await push([
      m1,
      m2,
      m1,
      { messageId: id(), deviceId: 'NO-SUCH-DEVICE', kind: 'alarm' },
      { messageId: id(), deviceId: b.smoke[1], kind: 'fire' },
    ]);
    expect(first).toMatchObject({ status: 200, body: { accepted: 2, duplicates: 1 } });
    expect(first.body.rejected).toEqual([
      { messageId: null, index: 4, error: expect.stringMatching(/^kind: one of/) },
      { messageId: expect.any(String), error: 'unknown device NO-SUCH-DEVICE' },
    ]);
    expect(await push([m1, m2])).toMatchObject({ status: 200, body: { accepted: 0, duplicates: 2, rejected: [] } });
    const [{ n }] = (await ds.query('SELECT count(*)::int AS n FROM iot_message WHERE message_id = ANY($1)', [[m1.messageId, m2.messageId]])) as Array<{
      n: number;
    }>;
    expect(n).toBe(2);
    await drained();
    const [d] = (await ds.query('SELECT battery_low AS "batteryLow" FROM iot_device WHERE id = $1', [b.smoke[1]])) as Array<{ batteryLow: boolean }>;
    expect(d.batteryLow).toBe(true);
  });

  it('a single smoke alarm waits for verification with the duty contact; a second detector of the building confirms both onto one incident, live', async () => {
    const b = await building();
    heard.length = 0;
    expect((await push([{ messageId: id(), deviceId: b.smoke[0], kind: 'alarm' }])).body).toMatchObject({ accepted: 1 });
    await drained();
    const [first] = await alarmsOf(b.smoke[0]);
    expect(first).toMatchObject({ state: 'to_verify', rule: 'single_detector', incidentId: null });
    const list = (await api('GET', '/iot/alarms?state=to_verify')).body.alarms as Array<Json>;
    const shown = list.find((a) => a.id === first.id) as Json;
    expect(shown).toMatchObject({
      building: { name: b.name, dutyContact: { name: '消防控制室值班员', phone: expect.stringMatching(/^1\d{10}$/) } },
      verifyBy: expect.any(String),
    });
    await waitFor(() => heard.find((h) => h.event === 'iot:alarm' && h.body.id === first.id), 5000, 'the alarm on the monitoring console');

    expect((await push([{ messageId: id(), deviceId: b.smoke[1], kind: 'alarm' }])).body).toMatchObject({ accepted: 1 });
    await drained();
    const [second] = await alarmsOf(b.smoke[1]);
    expect(second).toMatchObject({ state: 'confirmed', rule: 'second_detector', incidentId: expect.any(Number) });
    expect((await alarmsOf(b.smoke[0]))[0]).toMatchObject({ state: 'confirmed', incidentId: second.incidentId });
    const incident = (await api('GET', `/incidents/${second.incidentId}`)).body;
    expect(incident).toMatchObject({
      source: 'iot',
      state: 'new',
      type: b.floors >= 10 ? 'high_rise_fire' : 'building_fire',
      address: expect.stringContaining(b.name),
    });
    const timeline = incident.timeline as Array<{ action: string; after: Json }>;
    expect(timeline.find((e) => e.action === 'iot_alarm')?.after).toMatchObject({
      deviceId: b.smoke[1],
      rule: 'second_detector',
      alarmIds: [first.id, second.id],
    });
    await waitFor(() => heard.find((h) => h.event === 'incident:new' && h.body.id === second.incidentId), 5000, 'the incident on the desk');

    // the desk reads the alarms on the incident
    const onIncident = (await api('GET', `/iot/alarms?incident=${second.incidentId}`)).body.alarms as Array<Json>;
    expect(onIncident.map((a) => a.id).sort()).toEqual([first.id, second.id].sort());
    expect((await api('GET', `/iot/alarms?incident=${Number(second.incidentId) + 1000}`)).body.alarms).toEqual([]);
    // a third detector joins the open incident: no second incident for one building
    await push([{ messageId: id(), deviceId: b.smoke[2], kind: 'alarm' }]);
    await drained();
    expect((await alarmsOf(b.smoke[2]))[0]).toMatchObject({ state: 'confirmed', incidentId: second.incidentId });
  });

  it('a manual call point confirms at once; an alarm where a 119 call already came in joins that call instead of making another incident', async () => {
    const b = await building();
    await push([{ messageId: id(), deviceId: b.manual[0], kind: 'alarm' }]);
    await drained();
    expect((await alarmsOf(b.manual[0]))[0]).toMatchObject({ state: 'confirmed', rule: 'manual_call_point', incidentId: expect.any(Number) });

    const c = await building();
    const call = await api('POST', '/incidents', {
      type: 'building_fire',
      level: 1,
      location: { lon: c.lon, lat: c.lat, crs: 'WGS84' },
      source: 'phone',
      address: 'caller',
    });
    const callId = (call.body.incident as Json).id;
    await push([{ messageId: id(), deviceId: c.smoke[0], kind: 'alarm' }]);
    await drained();
    expect((await alarmsOf(c.smoke[0]))[0]).toMatchObject({ state: 'confirmed', rule: 'call_119', incidentId: callId });
  });

  it('the operator cancels with a reason (it counts as a false alarm), confirms by hand, or the countdown confirms; a decided alarm is not decided twice', async () => {
    const b = await building();
    for (let i = 0; i < 3; i++) {
      await push([{ messageId: id(), deviceId: b.smoke[0], kind: 'alarm' }]);
      await drained();
      const a = (await alarmsOf(b.smoke[0])).at(-1);
      expect(await api('POST', `/iot/alarms/${a?.id}/cancel`, { reason: '厨房油烟，值班员已到场确认' })).toMatchObject({ status: 200 });
    }
    expect(await api('POST', `/iot/alarms/${(await alarmsOf(b.smoke[0]))[0].id}/cancel`, { reason: 'again' })).toMatchObject({
      status: 409,
      body: { error: 'alarm_decided' },
    });
    expect(await api('POST', '/iot/alarms/1/cancel', { reason: ' ' })).toMatchObject({ status: 400 });
    await push([{ messageId: id(), deviceId: b.smoke[0], kind: 'alarm' }]);
    await drained();
    const flagged = (await alarmsOf(b.smoke[0])).at(-1);
    expect(flagged).toMatchObject({ state: 'to_verify', flags: ['false_alarm_history'] });
    const confirmed = await api('POST', `/iot/alarms/${flagged?.id}/confirm`);
    expect(confirmed).toMatchObject({ status: 200, body: { createdIncident: true, incidentId: expect.any(Number) } });
    expect((await alarmsOf(b.smoke[0])).at(-1)).toMatchObject({ state: 'confirmed', decidedBy: 'operator' });

    const c = await building();
    await push([{ messageId: id(), deviceId: c.smoke[0], kind: 'alarm' }]);
    await drained();
    await ds.query("UPDATE iot_alarm SET verify_by = now() - interval '1 second' WHERE device_id = $1", [c.smoke[0]]);
    await app.app.get(IotSweeper).countdowns();
    expect((await alarmsOf(c.smoke[0]))[0]).toMatchObject({ state: 'confirmed', decidedBy: 'system:countdown', incidentId: expect.any(Number) });
    expect(await api('POST', '/iot/alarms/99999999/confirm')).toMatchObject({ status: 404 });
  });

  it('a message stored by a process that died before acting on it is acted on by the sweep, once', async () => {
    const b = await building();
    const messageId = id();
    // what a killed process leaves: the message committed, nothing done with it yet
    await new Db(ds)
      .get(IotMessagesRepository)
      .store(DEMO_PLATFORM, 'http', [{ messageId, deviceId: b.manual[0], kind: 'alarm', at: null, sensor: null, value: null, detail: null }]);
    await ds.query("UPDATE iot_message SET received_at = now() - interval '10 seconds' WHERE message_id = $1", [messageId]);
    const sweeper = app.app.get(IotSweeper);
    await waitFor(async () => ((await alarmsOf(b.manual[0])).length ? true : undefined), 10000, 'the sweep to act on it');
    await sweeper.orphans();
    expect(await alarmsOf(b.manual[0])).toHaveLength(1);
  });

  it('a dry hydrant is no longer offered; its pressure back, it is', async () => {
    const [h] = (await ds.query(
      'SELECT d.id, d.water_source_id AS ws, ST_X(w.geom) AS lon, ST_Y(w.geom) AS lat FROM iot_device d JOIN water_source w ON w.id = d.water_source_id ORDER BY d.id LIMIT 1',
    )) as Array<{ id: string; ws: number; lon: number; lat: number }>;
    const nearest = async () =>
      ((await api('GET', `/water-sources/nearest?lon=${h.lon}&lat=${h.lat}&limit=3`)).body.waterSources ??
        (await api('GET', `/water-sources/nearest?lon=${h.lon}&lat=${h.lat}&limit=3`)).body) as unknown;
    await push([{ messageId: id(), deviceId: h.id, kind: 'reading', value: 12 }]);
    await drained();
    expect(((await ds.query('SELECT status FROM water_source WHERE id = $1', [h.ws])) as Array<{ status: string }>)[0].status).toBe('out_of_service');
    expect(JSON.stringify(await nearest())).not.toContain(`"id":${h.ws},`);
    await push([{ messageId: id(), deviceId: h.id, kind: 'reading', value: 320 }]);
    await drained();
    expect(((await ds.query('SELECT status FROM water_source WHERE id = $1', [h.ws])) as Array<{ status: string }>)[0].status).toBe('in_service');
  });

  it('a flooding device loses its own messages, not the others’', async () => {
    const b = await building();
    const flood = Array.from({ length: 80 }, () => ({ messageId: id(), deviceId: b.smoke[0], kind: 'fault' }));
    const r = await push([...flood, { messageId: id(), deviceId: b.smoke[1], kind: 'fault' }]);
    expect(r.body.accepted).toBe(31); // its bucket of 30 a minute, and the other device's one
    expect((r.body.rejected as Array<{ error: string }>).every((x) => /rate-limited/.test(x.error))).toBe(true);
    await drained();
  });

  it('the offline scan: a building gone silent is one notice, a single device its own; the troubles list them by building', async () => {
    const b = await building();
    const c = await building();
    await ds.query("UPDATE iot_device SET last_seen = now() - interval '4 hours' WHERE building_id = $1", [b.id]);
    await ds.query("UPDATE iot_device SET last_seen = now() - interval '4 hours' WHERE id = $1", [c.smoke[0]]);
    const r = await app.app.get(IotSweeper).offlineScan();
    expect(r).toMatchObject({ buildingNotices: 1, deviceNotices: 1 });
    expect(r.wentOffline).toBeGreaterThanOrEqual(21);
    const t = (await api('GET', '/iot/troubles')).body as { buildings: Array<Json>; notices: Array<Json>; summary: Json };
    expect(t.buildings.find((x) => x.buildingId === b.id)).toMatchObject({ offline: 20 });
    expect(t.notices.filter((n) => n.kind === 'building_offline')).toHaveLength(1);
    // it speaks again: a heartbeat brings it back online and the notice closes
    await push([{ messageId: id(), deviceId: c.smoke[0], kind: 'heartbeat' }]);
    await app.app.get(IotSweeper).offlineScan();
    const [d] = (await ds.query('SELECT state FROM iot_device WHERE id = $1', [c.smoke[0]])) as Array<{ state: string }>;
    expect(d.state).toBe('online');
  });

  it('the map layer gets cells, never the devices one by one', async () => {
    const r = await api('GET', '/iot/cells?bbox=113.5,24.4,118.5,30.1&zoom=7');
    const cells = r.body.cells as Array<{ devices: number }>;
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.length).toBeLessThan(3000);
    expect(cells.reduce((n, c) => n + c.devices, 0)).toBeGreaterThanOrEqual(3000);
    expect(await api('GET', '/iot/cells?bbox=118,30,117,29&zoom=7')).toMatchObject({ status: 400 });
    expect(await api('GET', '/iot/cells?bbox=nope&zoom=7')).toMatchObject({ status: 400 });
  });
});
