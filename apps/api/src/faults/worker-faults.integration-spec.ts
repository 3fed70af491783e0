import { ChildProcess } from 'child_process';
import { freePort, spawnApi, spawnWorker, TestDb } from '@gan119/testing';
import type { OrderMessage } from '@gan119/dispatch';
import Redis from 'ioredis';
import { io } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { callAndAssign, doublyAssigned, escalationCounts, freeTenders } from '../../test/dispatch-helpers';
import { waitFor } from '../../test/wait';
import { signToken } from '../accounts/tokens';
import { ownRedis } from '../../test/own-redis';

const SECRET = 'worker-faults-secret-0123456789';
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the worker and Redis fail under load: nothing lost, nothing doubled', () => {
  let db: TestDb;
  let ds: DataSource;
  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('kill -9 of the worker inside an escalation (its transaction open, a replacement being assigned): the next worker does it, once', async () => {
    const env = { ESCALATION_ACK_S: '2', ESCALATION_SWEEP_S: '3600', ESCALATION_LOCK_MS: '2000', REDIS_PREFIX: `tkill9${Date.now()}:`, TOKEN_SECRET: SECRET };
    const api = await spawnApi(db.url, { ...env, ROLE: 'api' });
    const hold = ds.createQueryRunner();
    let first: Awaited<ReturnType<typeof spawnWorker>> | null = null;
    try {
      // a level-3 fire: its plan sends the next-best unit itself, inside the escalation's transaction
      const [unit] = await freeTenders(ds, 1);
      const { incidentId, orderIds } = await callAndAssign(api.url, [unit], 3);
      const [orderId] = orderIds;
      // hold the order's row: the worker's escalation stops in its transaction, at SELECT … FOR UPDATE
      await hold.connect();
      await hold.startTransaction();
      await hold.query('SELECT 1 FROM dispatch_order WHERE id = $1 FOR UPDATE', [orderId]);
      first = await spawnWorker(db.url, env);
      await waitFor(
        async () =>
          (
            (await ds.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE OF o%'`,
            )) as Array<{ n: number }>
          )[0].n
            ? true
            : undefined,
        20000,
        'the worker blocked inside the escalation',
      );
      await first.kill('SIGKILL');
      await hold.rollbackTransaction();
      await settle(500);
      // the dead worker's transaction left nothing behind
      expect(await escalationCounts(ds, [orderId])).toEqual([]);
      expect(((await ds.query('SELECT count(*)::int AS n FROM assignment WHERE incident_id = $1', [incidentId])) as Array<{ n: number }>)[0].n).toBe(1);
      const second = await spawnWorker(db.url, env);
      try {
        await waitFor(async () => ((await escalationCounts(ds, [orderId])).length ? true : undefined), 20000, 'the escalation by the next worker');
        await settle(2500); // a second run of the job, or of the timer rebuilt at start-up, would show by now
        expect(await escalationCounts(ds, [orderId])).toEqual([{ id: orderId, n: 1 }]);
        const [o] = (await ds.query('SELECT state, replaced_by AS "replacedBy" FROM dispatch_order WHERE id = $1', [orderId])) as Array<{
          state: string;
          replacedBy: string | null;
        }>;
        expect(o.state).toBe('unacknowledged');
        const replacements = (await ds.query(
          `SELECT a.unit_id AS "unitId", o.id AS "orderId" FROM assignment a JOIN dispatch_order o ON o.assignment_id = a.id WHERE a.incident_id = $1 AND a.assigned_by = 'system:escalation'`,
          [incidentId],
        )) as Array<{ unitId: number; orderId: string }>;
        expect(replacements.length).toBeGreaterThanOrEqual(1); // its own order may in turn go unanswered and be replaced: one each
        expect(replacements[0].orderId).toBe(o.replacedBy);
        expect(await doublyAssigned(ds)).toEqual([]);
      } finally {
        await second.kill();
      }
    } finally {
      await first?.kill('SIGKILL'); // already dead unless the test failed before the kill
      if (hold.isTransactionActive) await hold.rollbackTransaction();
      await hold.release();
      await api.stop();
    }
  });

  describe('Redis wiped (FLUSHALL) under a running API and worker', () => {
    let redis: ChildProcess | null = null;
    afterAll(() => {
      redis?.kill('SIGKILL');
    });

    it('every pending escalation still fires once (from the record), and orders, timers and positions work again at once', async () => {
      const port = await freePort();
      redis = await ownRedis(port, ['--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction']);
      const env = { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: 'twipe:', ESCALATION_ACK_S: '3', ESCALATION_SWEEP_S: '2', TOKEN_SECRET: SECRET };
      const api = await spawnApi(db.url, { ...env, ROLE: 'api' });
      const worker = await spawnWorker(db.url, env);
      const admin = new Redis(env.REDIS_URL);
      try {
        const units = await freeTenders(ds, 4);
        const before = await callAndAssign(api.url, units.slice(0, 3));
        expect(await admin.dbsize()).toBeGreaterThan(0);
        await admin.flushall(); // the delayed jobs, the queue's own keys and every live position: gone
        await waitFor(async () => ((await escalationCounts(ds, before.orderIds)).length === 3 ? true : undefined), 20000, 'three escalations after the wipe');
        // after the wipe: a tablet is pushed its new order, and that order's timer runs in the wiped queue
        const got: OrderMessage[] = [];
        const tablet = io(api.url, {
          auth: { token: signToken(SECRET, { kind: 'unit', unitId: units[3] }, 600) },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        tablet.on('order:new', (m: OrderMessage) => got.push(m));
        await new Promise<void>((resolve) => tablet.once('connect', () => resolve()));
        const after = await callAndAssign(api.url, [units[3]]);
        await waitFor(() => (got.length ? true : undefined), 5000, 'the new order pushed to its tablet');
        expect(got.map((o) => [o.orderId, o.replay])).toEqual([[after.orderIds[0], false]]);
        await waitFor(async () => ((await escalationCounts(ds, after.orderIds)).length ? true : undefined), 15000, 'the new order escalated');
        await settle(2500);
        expect((await escalationCounts(ds, [...before.orderIds, ...after.orderIds])).map((e) => e.n)).toEqual([1, 1, 1, 1]);
        const fix = await fetch(`${api.url}/api/avl/positions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ positions: [{ unitId: units[3], ts: new Date().toISOString(), lon: 115.89, lat: 28.68 }] }),
        });
        expect(fix.status).toBe(200);
        expect((await (await fetch(`${api.url}/api/health`)).json()) as unknown).toMatchObject({ status: 'ok' });
        tablet.disconnect();
      } finally {
        admin.disconnect();
        await worker.kill();
        await api.stop();
      }
    });
  });
});
