import { serviceUrls, spawnApi, spawnWorker, TestDb } from '@gan119/testing';
import type { OrderMessage, UnacknowledgedMessage } from '@gan119/dispatch';
import Redis from 'ioredis';
import { io } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { waitFor } from '../../test/wait';
import { callAndAssign, escalationCounts, freeTenders } from '../../test/dispatch-helpers';
import { signToken } from '../accounts/tokens';
import { EscalationWorker } from './escalation.worker';

const SECRET = 'escalation-test-secret-0123';

async function wipe(prefix: string): Promise<number> {
  const r = new Redis(serviceUrls().redisUrl);
  let n = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) n += await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return n;
}

describe('escalation of unacknowledged orders (BullMQ on real Redis, PostgreSQL the record)', () => {
  let db: TestDb;
  let ds: DataSource;
  const free = (n: number) => freeTenders(ds, n);
  const assign = callAndAssign;
  const escalations = (orderIds: string[]) => escalationCounts(ds, orderIds);

  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('no ack: the order is escalated once, the console alerted with the next-best unit, even if the job runs twice', async () => {
    const app: RunningApp = await startApp(db.url, { ESCALATION_ACK_S: '2', ESCALATION_SWEEP_S: '1', TOKEN_SECRET: SECRET });
    try {
      const alerts: UnacknowledgedMessage[] = [];
      const console_ = io(app.url, {
        auth: { token: signToken(SECRET, { kind: 'console', user: 'nc', jurisdiction: 360100 }, 600) },
        transports: ['websocket'],
        reconnection: false,
      });
      console_.on('order:unacknowledged', (m: UnacknowledgedMessage) => alerts.push(m));
      await new Promise<void>((resolve) => console_.once('connect', () => resolve()));
      const [unit] = await free(1);
      const { orderIds } = await assign(app.url, [unit]);
      await waitFor(() => (alerts.length ? true : undefined), 15000, 'the escalation alert');
      expect(alerts[0]).toMatchObject({ orderId: orderIds[0], unitId: unit, capability: 'water' });
      expect(alerts[0].proposal).not.toBeNull();
      expect(alerts[0].proposal!.unitId).not.toBe(unit);
      // the job again, and the sweep on top: nothing more
      const worker = app.app.get(EscalationWorker);
      expect(await worker.escalate(orderIds[0])).toBe('noop');
      await worker.sweep();
      await new Promise((r) => setTimeout(r, 1500));
      expect(alerts).toHaveLength(1);
      expect(await escalations(orderIds)).toEqual([{ id: orderIds[0], n: 1 }]);
      const [o] = (await ds.query('SELECT state FROM dispatch_order WHERE id = $1', [orderIds[0]])) as Array<{ state: string }>;
      expect(o.state).toBe('unacknowledged');
      console_.disconnect();
    } finally {
      await app.close();
    }
  });

  it("a level-3 plan sends the next-best unit itself: assigned in the escalation's transaction, pushed, timed, once", async () => {
    const app: RunningApp = await startApp(db.url, { ESCALATION_ACK_S: '2', ESCALATION_SWEEP_S: '1', TOKEN_SECRET: SECRET });
    const sockets: Array<ReturnType<typeof io>> = [];
    try {
      const alerts: UnacknowledgedMessage[] = [];
      const seen: OrderMessage[] = [];
      const console_ = io(app.url, {
        auth: { token: signToken(SECRET, { kind: 'console', user: 'nc', jurisdiction: 360100 }, 600) },
        transports: ['websocket'],
        reconnection: false,
      });
      sockets.push(console_);
      console_.on('order:unacknowledged', (m: UnacknowledgedMessage) => alerts.push(m));
      console_.on('order:new', (o: OrderMessage) => seen.push(o));
      await new Promise<void>((resolve) => console_.once('connect', () => resolve()));
      const [unit] = await free(1);
      const { incidentId, orderIds } = await assign(app.url, [unit], 3);
      await waitFor(() => (alerts.length ? true : undefined), 15000, 'the escalation alert');
      const auto = alerts[0].autoDispatched;
      expect(auto).not.toBeNull();
      expect(auto!.unitId).toBe(alerts[0].proposal!.unitId);
      // the console saw the replacement's order go out; its tablet, connecting now, is sent it once
      await waitFor(() => (seen.some((o) => o.orderId === auto!.orderId) ? true : undefined), 5000, 'the replacement order at the console');
      const tabletGot: OrderMessage[] = [];
      const tablet = io(app.url, {
        auth: { token: signToken(SECRET, { kind: 'unit', unitId: auto!.unitId }, 600) },
        transports: ['websocket'],
        reconnection: false,
      });
      sockets.push(tablet);
      tablet.on('order:new', (o: OrderMessage) => tabletGot.push(o));
      await waitFor(() => (tabletGot.length ? true : undefined), 5000, 'the replacement order on its tablet');
      expect(tabletGot.map((o) => o.orderId)).toEqual([auto!.orderId]);
      expect(await tablet.emitWithAck('order:ack', { orderId: auto!.orderId })).toMatchObject({ ok: true }); // or it too escalates in 2 s
      // again, by the job and the sweep: nothing more
      expect(await app.app.get(EscalationWorker).escalate(orderIds[0])).toBe('noop');
      await new Promise((r) => setTimeout(r, 1200));
      const active = (await ds.query(`SELECT unit_id AS "unitId", assigned_by AS by FROM assignment WHERE incident_id = $1 AND status = 'active' ORDER BY id`, [
        incidentId,
      ])) as Array<{ unitId: number; by: string }>;
      expect(active).toEqual([
        { unitId: unit, by: 'dispatcher' },
        { unitId: auto!.unitId, by: 'system:escalation' },
      ]);
      const [o] = (await ds.query('SELECT state, replaced_by AS "replacedBy" FROM dispatch_order WHERE id = $1', [orderIds[0]])) as Array<{
        state: string;
        replacedBy: string;
      }>;
      expect(o).toEqual({ state: 'unacknowledged', replacedBy: auto!.orderId });
      expect(alerts.filter((a) => a.orderId === orderIds[0])).toHaveLength(1);
    } finally {
      sockets.forEach((s) => s.disconnect());
      await app.close();
    }
  });

  it('Redis wiped with escalations pending: after start-up every one still fires, once', async () => {
    const prefix = `tesc${Date.now()}:`;
    const env = { ESCALATION_ACK_S: '4', ESCALATION_SWEEP_S: '3600', REDIS_PREFIX: prefix, TOKEN_SECRET: SECRET };
    const api = await spawnApi(db.url, { ...env, ROLE: 'api' });
    const units = await free(3);
    const { orderIds } = await assign(api.url, units);
    await api.stop();
    expect(await wipe(prefix)).toBeGreaterThan(0); // the delayed jobs are gone
    const worker = await spawnWorker(db.url, env);
    try {
      await waitFor(async () => ((await escalations(orderIds)).length === 3 ? true : undefined), 20000, 'three escalations');
      await new Promise((r) => setTimeout(r, 1000));
      expect((await escalations(orderIds)).map((e) => e.n)).toEqual([1, 1, 1]);
    } finally {
      await worker.kill();
    }
  });

  it('a worker restarted with overdue escalations waits for its road graph (held back, its first load failing), then proposes and auto-dispatches each one', async () => {
    const prefix = `tescg${Date.now()}:`;
    const env = { ESCALATION_ACK_S: '2', ESCALATION_SWEEP_S: '1', REDIS_PREFIX: prefix, TOKEN_SECRET: SECRET };
    const api = await spawnApi(db.url, { ...env, ROLE: 'api' });
    const calls = [];
    try {
      // two level-3 incidents (their plan re-dispatches by itself), one unit each, and no worker running
      for (const u of await free(2)) calls.push(await assign(api.url, [u], 3));
    } finally {
      await api.stop();
    }
    const orderIds = calls.map((c) => c.orderIds[0]);
    await new Promise((r) => setTimeout(r, 2500)); // overdue now
    // the restarted worker's graph load is held back (the road table locked), as a big province's takes seconds
    const lock = ds.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query('LOCK TABLE road_edge IN ACCESS EXCLUSIVE MODE');
    let worker: Awaited<ReturnType<typeof spawnWorker>> | null = null;
    try {
      // its load gives up on the lock after 1 s (DB_LOCK_TIMEOUT_MS) and is tried again: the escalations wait through that too
      worker = await spawnWorker(db.url, { ...env, DB_LOCK_TIMEOUT_MS: '1000' });
      await new Promise((r) => setTimeout(r, 3000));
      expect(worker.logs()).toMatch(/road graph failed to load: .*lock timeout.*; trying again in \d+ s/);
      // nothing escalated blind: each waits for the graph
      expect(await escalations(orderIds)).toEqual([]);
      await lock.commitTransaction();
      await waitFor(async () => ((await escalations(orderIds)).length === 2 ? true : undefined), 20000, 'two escalations');
      const rows = (await ds.query(
        `SELECT o.id, o.state, r.unit_id AS "replacementUnit", a.assigned_by AS by FROM dispatch_order o
           LEFT JOIN dispatch_order r ON r.id = o.replaced_by LEFT JOIN assignment a ON a.id = r.assignment_id WHERE o.id = ANY($1::uuid[]) ORDER BY o.id`,
        [orderIds],
      )) as Array<{ id: string; state: string; replacementUnit: number | null; by: string | null }>;
      if (rows.some((r) => !r.by)) console.log(worker.logs());
      for (const r of rows) expect(r).toMatchObject({ state: 'unacknowledged', by: 'system:escalation' });
      expect(rows.every((r) => r.replacementUnit !== null)).toBe(true);
      expect(worker.logs()).not.toContain('no replacement proposed');
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction().catch(() => undefined);
      await lock.release().catch(() => undefined);
      await worker?.kill();
    }
  });
});
