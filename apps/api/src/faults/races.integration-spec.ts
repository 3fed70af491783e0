import { runApiCli, TestDb } from '@gan119/testing';
import type { AckResult } from '@gan119/dispatch';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { callAndAssign, doublyAssigned, escalationCounts } from '../../test/dispatch-helpers';
import { waitFor } from '../../test/wait';
import { EscalationWorker } from '../escalation/escalation.worker';
import { signToken } from '../accounts/tokens';
import type { Session } from '../accounts/auth.service';

const SECRET = 'races-test-secret-0123456789';
const PASSWORD = 'race password 119 ok';
const later = <T>(ms: number, f: () => Promise<T>) =>
  new Promise<T>((resolve, reject) => {
    setTimeout(() => void f().then(resolve, reject), ms);
  });

/**
 * The moments where two things happen at once in a real centre, each run many times on the real
 * services, started together (Promise.all over real sockets, HTTP and the worker's own code): the
 * record must come out as if one went first. (Many dispatchers assigning one unit: dispatch spec.)
 */
describe('races: exactly once, whoever comes first', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  let races = 0;
  const sockets: Socket[] = [];
  const available = async (n: number) =>
    (
      (await ds.query(
        `SELECT id FROM unit WHERE status = 'available' AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = unit.id AND a.status = 'active') ORDER BY id LIMIT $1`,
        [n],
      )) as Array<{ id: number }>
    ).map((r) => r.id);
  const tabletOf = async (unitId: number) => {
    const s = io(app.url, {
      auth: { token: signToken(SECRET, { kind: 'unit', unitId }, 600) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(s);
    await waitFor(() => (s.connected ? true : undefined), 10000, `tablet ${unitId}`);
    return s;
  };
  const events = async (action: string, orderIds: string[]) =>
    new Map(
      (
        (await ds.query(`SELECT after->>'orderId' AS id, count(*)::int AS n FROM incident_event WHERE action = $1 AND after->>'orderId' = ANY($2) GROUP BY 1`, [
          action,
          orderIds,
        ])) as Array<{ id: string; n: number }>
      ).map((r) => [r.id, r.n]),
    );
  const post = async (path: string, body: unknown, token?: string) => {
    const r = await fetch(`${app.url}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Session & { message?: string } };
  };

  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
    for (const username of ['racer', 'guessed'])
      await runApiCli('cli/create-user.ts', { DATABASE_URL: db.url, GAN119_PASSWORD: PASSWORD }, [
        '--username',
        username,
        '--role',
        'commander',
        '--jurisdiction',
        '360000',
      ]);
    // no timers of their own: the races call the escalation themselves
    app = await startApp(db.url, {
      TOKEN_SECRET: SECRET,
      ESCALATION_ACK_S: '3600',
      ESCALATION_SWEEP_S: '3600',
      LOGINS_PER_MIN: '10000',
      SOCKET_MSGS_PER_S: '1000',
    });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    console.log(`races run: ${races}`);
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('one order acknowledged at once from two tablets of its unit, 40 times: one fresh ack each, one timeline entry', async () => {
    const units = await available(40);
    const { orderIds } = await callAndAssign(app.url, units);
    const pairs = await Promise.all(units.map(async (u) => [await tabletOf(u), await tabletOf(u)] as const));
    const replies = await Promise.all(
      pairs.map(([a, b], i) => Promise.all([a, b].map((s) => s.emitWithAck('order:ack', { orderId: orderIds[i] }) as Promise<AckResult>))),
    );
    for (const r of replies) expect(r.map((x) => (x.ok ? x.already : x.error)).sort()).toEqual([false, true]);
    const acked = await events('order_acked', orderIds);
    expect(orderIds.map((id) => acked.get(id))).toEqual(orderIds.map(() => 1));
    races += units.length;
  });

  it('an acknowledgement against its escalation, 40 times: the ack always counts, the escalation at most once', async () => {
    const worker = app.app.get(EscalationWorker);
    const units = await available(40);
    const { orderIds } = await callAndAssign(app.url, units);
    const tablets = await Promise.all(units.map(tabletOf));
    // one race at a time, the ack leaving 0 to 57 ms after the escalation starts, so that each side comes first in some
    const outcomes: Array<[AckResult, string]> = [];
    for (const [i, orderId] of orderIds.entries())
      outcomes.push(
        await Promise.all([later(3 * (i % 20), () => tablets[i].emitWithAck('order:ack', { orderId }) as Promise<AckResult>), worker.escalate(orderId)]),
      );
    for (const [ack] of outcomes) expect(ack).toMatchObject({ ok: true, already: false });
    const [acked, escalated] = [await events('order_acked', orderIds), await events('order_unacknowledged', orderIds)];
    for (const [i, id] of orderIds.entries()) {
      expect(acked.get(id)).toBe(1);
      expect(escalated.get(id) ?? 0).toBe(outcomes[i][1] === 'escalated' ? 1 : 0);
    }
    const states = (await ds.query(`SELECT DISTINCT state FROM dispatch_order WHERE id = ANY($1)`, [orderIds])) as Array<{ state: string }>;
    expect(states).toEqual([{ state: 'acknowledged' }]);
    console.log(`ack against escalation: the escalation came first ${escalated.size} times of ${orderIds.length}`);
    expect(escalated.size).toBeGreaterThan(0); // the test is only as good as its races: both orders happened
    races += orderIds.length;
  });

  it('a release against the escalation of a level-3 fire (which sends a replacement itself), 15 times: a replacement only when the escalation came first, once; no unit on two incidents', async () => {
    const worker = app.app.get(EscalationWorker);
    const units = await available(15);
    const calls = [];
    for (const u of units) calls.push({ unitId: u, ...(await callAndAssign(app.url, [u], 3)) });
    for (const [i, c] of calls.entries())
      await Promise.all([later(4 * (i % 8), () => post(`/incidents/${c.incidentId}/release`, { unitId: c.unitId })), worker.escalate(c.orderIds[0])]);
    let replaced = 0;
    for (const c of calls) {
      const [o] = (await ds.query('SELECT state, replaced_by AS "replacedBy" FROM dispatch_order WHERE id = $1', [c.orderIds[0]])) as Array<{
        state: string;
        replacedBy: string | null;
      }>;
      const sent = (await ds.query(
        `SELECT o.id FROM assignment a JOIN dispatch_order o ON o.assignment_id = a.id WHERE a.incident_id = $1 AND a.assigned_by = 'system:escalation'`,
        [c.incidentId],
      )) as Array<{ id: string }>;
      const escalations = (await escalationCounts(ds, c.orderIds)).map((e) => e.n);
      // the release always ends the order (withdrawn: it can never be replayed or acked); whether the
      // escalation came first shows in the timeline, and only then was a replacement sent
      expect(o.state).toBe('cancelled');
      if (!escalations.length) expect(sent).toEqual([]);
      else {
        expect(escalations).toEqual([1]);
        expect(sent.map((s) => s.id)).toEqual(o.replacedBy ? [o.replacedBy] : []);
        replaced += sent.length;
      }
      const [a] = (await ds.query(`SELECT status FROM assignment WHERE incident_id = $1 AND unit_id = $2`, [c.incidentId, c.unitId])) as Array<{
        status: string;
      }>;
      expect(a.status).toBe('released');
    }
    expect(await doublyAssigned(ds)).toEqual([]);
    console.log(`release against escalation: ${replaced} replacements sent of ${calls.length}`);
    expect(replaced).toBeGreaterThan(0);
    races += calls.length;
  });

  it('one refresh token presented twice at once, 15 times: one new session, the other refused, and the new session lives', async () => {
    for (let i = 0; i < 15; i++) {
      const s = (await post('/auth/login', { username: 'racer', password: PASSWORD })).body;
      const both = await Promise.all([post('/auth/refresh', { refreshToken: s.refreshToken }), post('/auth/refresh', { refreshToken: s.refreshToken })]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
      const winner = both.find((r) => r.status === 200)!.body;
      expect((await fetch(`${app.url}/api/auth/me`, { headers: { authorization: `Bearer ${winner.accessToken}` } })).status).toBe(200);
      races++;
    }
  });

  it('20 wrong passwords at once: five are checked, the rest refused as locked, the account locks once, and the right password waits', async () => {
    const statuses = (await Promise.all(Array.from({ length: 20 }, (_, i) => post('/auth/login', { username: 'guessed', password: `guess number ${i}` })))).map(
      (r) => r.status,
    );
    expect([statuses.filter((s) => s === 401).length, statuses.filter((s) => s === 423).length]).toEqual([5, 15]);
    expect((await post('/auth/login', { username: 'guessed', password: PASSWORD })).status).toBe(423);
    const audit = (await ds.query(`SELECT event, count(*)::int AS n FROM audit_log WHERE username = 'guessed' GROUP BY 1 ORDER BY 1`)) as Array<{
      event: string;
      n: number;
    }>;
    expect(audit).toEqual([
      { event: 'account_locked', n: 1 },
      { event: 'account_written', n: 1 },
      { event: 'login_failed', n: expect.any(Number) },
      { event: 'login_refused', n: expect.any(Number) },
    ]);
    expect(audit[0].n + audit[2].n + audit[3].n).toBe(21); // each of the 21 attempts audited once
    races++;
  });
});
