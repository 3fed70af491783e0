import { ChildProcess } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createTestDb, freePort, spawnApi, spawnWorker, TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { io } from 'socket.io-client';
import type { OrderMessage } from '@gan119/dispatch';
import { seededTestDb } from '../../test/test-data-source';
import { startApp } from '../../test/test-app';
import { waitFor } from '../../test/wait';
import { freeTenders, newCall } from '../../test/dispatch-helpers';
import { assignUnits } from '../dispatch/assign-units';
import { signToken } from '../accounts/tokens';
import { ownRedis } from '../../test/own-redis';
import { Db } from '../infra/db/unit-of-work';

const SECRET = 'faults-test-secret-0123456789';

describe('faults on the real services: a clear 503 instead of a hang, nothing lost, nothing doubled', () => {
  let db: TestDb;
  let ds: DataSource;
  const post = (url: string, path: string, body: unknown) =>
    fetch(`${url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const freeUnit = async (offset = 0) => (await freeTenders(ds, 1, offset))[0];
  const incident = (url: string) => newCall(url);

  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('database pool exhausted: 503 naming PostgreSQL after the acquire timeout, a tablet\'s ack is answered "try again", then normal service', async () => {
    const app = await startApp(db.url, { DB_POOL_SIZE: '2', DB_ACQUIRE_TIMEOUT_MS: '800', TOKEN_SECRET: SECRET });
    const tablet = io(app.url, {
      auth: { token: signToken(SECRET, { kind: 'unit', unitId: await freeUnit(3) }, 600) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    try {
      await waitFor(() => (tablet.connected ? true : undefined), 10000, 'the tablet');
      // admitted: its first message is answered only after the server has checked it (a database
      // round or two) — the pool must not be taken while that is under way, or the tablet is turned
      // away (as a real one is, to reconnect) and this test's ack goes unanswered
      expect(await tablet.timeout(10000).emitWithAck('order:ack', { orderId: '00000000-0000-0000-0000-000000000000' })).toMatchObject({ ok: false });
      const pool = app.app.get(DataSource);
      const hogs = [pool.query('SELECT pg_sleep(6)'), pool.query('SELECT pg_sleep(6)')];
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      const res = await fetch(`${app.url}/api/incidents`);
      const waited = Date.now() - t0;
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: 'postgresql_unavailable', message: expect.stringMatching(/PostgreSQL/) });
      expect(waited).toBeLessThan(3000); // the acquire timeout, not the 6 s the pool is held
      // a socket event is answered too, never left waiting
      const ack = (await tablet.timeout(4000).emitWithAck('order:ack', { orderId: '00000000-0000-0000-0000-000000000000' })) as { ok: boolean; error: string };
      expect(ack).toEqual({ ok: false, error: 'service unavailable: PostgreSQL did not answer in time: try again' });
      await Promise.all(hogs);
      expect((await fetch(`${app.url}/api/incidents`)).status).toBe(200);
    } finally {
      tablet.disconnect();
      await app.close();
    }
  });

  it.each([
    ['statement timeout', { DB_STATEMENT_TIMEOUT_MS: '500' }, /statement timeout/],
    ['lock timeout', { DB_LOCK_TIMEOUT_MS: '500' }, /another action holds this record/],
  ])('a statement waiting on a row another session holds is cut off by the %s: 503 naming it, quickly, nothing changed', async (_, env, message) => {
    const app = await startApp(db.url, env);
    const hold = ds.createQueryRunner();
    try {
      const id = await incident(app.url);
      await hold.connect();
      await hold.startTransaction();
      await hold.query('SELECT 1 FROM incident WHERE id = $1 FOR UPDATE', [id]);
      const t0 = Date.now();
      const res = await post(app.url, `/incidents/${id}/level`, { level: 4 });
      expect(Date.now() - t0).toBeLessThan(2500);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: 'postgresql_unavailable', message: expect.stringMatching(message) });
      await hold.rollbackTransaction();
      expect(((await ds.query('SELECT level FROM incident WHERE id = $1', [id])) as Array<{ level: number }>)[0].level).toBe(1);
    } finally {
      if (hold.isTransactionActive) await hold.rollbackTransaction();
      await hold.release();
      await app.close();
    }
  });

  it('Redis down: dispatch still commits and answers (the record decides), AVL answers 503 naming Redis, quickly', async () => {
    const app = await startApp(db.url, { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    try {
      const id = await incident(app.url);
      const unitId = await freeUnit();
      const t0 = Date.now();
      const assigned = await post(app.url, `/incidents/${id}/assignments`, { units: [{ unitId, capability: 'water' }] });
      expect(assigned.status).toBe(201);
      expect(Date.now() - t0).toBeLessThan(4000);
      const [order] = (await ds.query('SELECT state FROM dispatch_order WHERE unit_id = $1', [unitId])) as Array<{ state: string }>;
      expect(order.state).toBe('issued'); // its tablet is sent it on connect; the sweep escalates it if need be
      const avl = await post(app.url, '/avl/positions', { positions: [{ unitId, ts: new Date().toISOString(), lon: 115.88, lat: 28.68 }] });
      expect(avl.status).toBe(503);
      expect(await avl.json()).toMatchObject({ error: 'redis_unavailable' });
    } finally {
      await app.close();
    }
  });

  it('a flooding tablet is slowed down, not served, and stays connected; an oversized message closes only its socket', async () => {
    const app = await startApp(db.url, { TOKEN_SECRET: SECRET, SOCKET_MSGS_PER_S: '10' });
    try {
      const unitId = await freeUnit(2);
      const connect = () => {
        const s = io(app.url, {
          auth: { token: signToken(SECRET, { kind: 'unit', unitId }, 600) },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        return new Promise<typeof s>((resolve) => s.once('connect', () => resolve(s)));
      };
      const tablet = await connect();
      const replies = (await Promise.all(
        Array.from({ length: 100 }, () => tablet.emitWithAck('order:ack', { orderId: '00000000-0000-0000-0000-000000000000' })),
      )) as Array<{ ok: boolean; error: string }>;
      const limited = replies.filter((r) => /too many messages/.test(r.error));
      expect(limited.length).toBeGreaterThanOrEqual(75); // a burst of 20 passes (to be refused on its merits), the rest waits
      expect(replies.length - limited.length).toBeLessThanOrEqual(25);
      expect(tablet.connected).toBe(true);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await tablet.emitWithAck('order:ack', { orderId: '00000000-0000-0000-0000-000000000000' })).toEqual({
        ok: false,
        error: 'no order 00000000-0000-0000-0000-000000000000',
      });
      // 100 kB in one message (the limit is 64 kB): that socket is closed, the next one is served
      const big = await connect();
      const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
      big.emit('unit:status', { to: 'en_route', reason: 'x'.repeat(100_000) });
      expect(await closed).toMatch(/transport (close|error)/);
      const again = await connect();
      expect(await again.emitWithAck('incident:watch', { incidentId: 1 })).toMatchObject({ ok: false, error: 'only a console watches incidents' });
      [tablet, again].forEach((s) => s.disconnect());
    } finally {
      await app.close();
    }
  });

  it('a crash between commit and enqueue (no timer, no push): the tablet gets the order on connect, the sweep escalates it once', async () => {
    const prefix = `tcrash${Date.now()}:`;
    const env = { ESCALATION_ACK_S: '2', ESCALATION_SWEEP_S: '1', REDIS_PREFIX: prefix, TOKEN_SECRET: SECRET };
    const unitId = await freeUnit(1);
    // what a process that died right after the commit leaves: the assignment and its order, nothing in Redis
    const id = ((await ds.query(`SELECT id FROM incident ORDER BY id DESC LIMIT 1`)) as Array<{ id: number }>)[0].id;
    const r = await assignUnits(new Db(ds), { incidentId: id, units: [{ unitId, capability: 'water' }], by: 'test' });
    const orderId = r.assignments[0].orderId;
    const app = await startApp(db.url, { ...env, ROLE: 'api' });
    const worker = await spawnWorker(db.url, env);
    try {
      const got: OrderMessage[] = [];
      const tablet = io(app.url, {
        auth: { token: signToken(SECRET, { kind: 'unit', unitId }, 600) },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      tablet.on('order:new', (o: OrderMessage) => got.push(o));
      await waitFor(() => (got.length ? true : undefined), 10000, 'the order on the tablet');
      expect(got.map((o) => [o.orderId, o.replay])).toEqual([[orderId, true]]);
      tablet.disconnect();
      const escalations = async () =>
        (
          (await ds.query(`SELECT count(*)::int AS n FROM incident_event WHERE action = 'order_unacknowledged' AND after->>'orderId' = $1`, [
            orderId,
          ])) as Array<{ n: number }>
        )[0].n;
      await waitFor(async () => ((await escalations()) > 0 ? true : undefined), 15000, 'the escalation from the sweep');
      await new Promise((r2) => setTimeout(r2, 2500));
      expect(await escalations()).toBe(1);
    } finally {
      await worker.kill();
      await app.close();
    }
  });
});

describe('an evicting Redis', () => {
  let db: TestDb;
  let redis: ChildProcess | null = null;
  let port = 0;
  beforeAll(async () => {
    db = await createTestDb();
    port = await freePort();
    // a Redis of its own that may evict keys (what a default cache-style Redis does)
    redis = await ownRedis(port, ['--save', '', '--appendonly', 'no', '--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']);
  });
  afterAll(async () => {
    redis?.kill('SIGKILL');
    await db?.drop();
  });

  it('is refused at start in production, naming the policy; tolerated with a warning elsewhere', async () => {
    const env = { REDIS_URL: `redis://127.0.0.1:${port}`, TOKEN_SECRET: 'a-long-production-secret-0123' };
    await expect(startApp(db.url, { ...env, NODE_ENV: 'production' })).rejects.toThrow(/maxmemory-policy is allkeys-lru/);
    const dev = await startApp(db.url, env);
    await dev.close();
  });
});

describe('Redis restarted under a running API and worker', () => {
  let db: TestDb;
  let ds: DataSource;
  let redis: ChildProcess | null = null;
  let dir = '';
  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
    dir = mkdtempSync(join(tmpdir(), 'gan119-redis-'));
  });
  afterAll(async () => {
    redis?.kill('SIGKILL');
    await ds?.destroy();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every pending escalation still fires once, and the API answers again', async () => {
    const port = await freePort();
    const args = ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction', '--save', ''];
    redis = await ownRedis(port, args);
    const env = { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: 'trestart:', ESCALATION_ACK_S: '4', ESCALATION_SWEEP_S: '3600', TOKEN_SECRET: SECRET };
    const api = await spawnApi(db.url, { ...env, ROLE: 'api' });
    const worker = await spawnWorker(db.url, env);
    try {
      const units = (
        (await ds.query(`SELECT id FROM unit WHERE status = 'available' AND kind = 'water_tender' ORDER BY id LIMIT 3`)) as Array<{ id: number }>
      ).map((u) => u.id);
      const created = (await (
        await fetch(`${api.url}/api/incidents`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'building_fire', level: 1, location: { lon: 115.8873, lat: 28.6799, crs: 'WGS84' }, source: 'phone' }),
        })
      ).json()) as { incident: { id: number } };
      const assigned = (await (
        await fetch(`${api.url}/api/incidents/${created.incident.id}/assignments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ units: units.map((unitId) => ({ unitId, capability: 'water' })) }),
        })
      ).json()) as { assignments: Array<{ orderId: string }> };
      const orderIds = assigned.assignments.map((a) => a.orderId);
      redis.kill('SIGTERM'); // a clean restart: the AOF keeps the delayed jobs
      await new Promise<void>((resolve) => redis?.once('exit', () => resolve()));
      expect((await fetch(`${api.url}/api/health`)).status).toBe(503);
      redis = await ownRedis(port, args);
      const escalations = async () =>
        (await ds.query(
          `SELECT after->>'orderId' AS id, count(*)::int AS n FROM incident_event WHERE action = 'order_unacknowledged' AND after->>'orderId' = ANY($1) GROUP BY 1`,
          [orderIds],
        )) as Array<{ id: string; n: number }>;
      await waitFor(async () => ((await escalations()).length === 3 ? true : undefined), 30000, 'three escalations after the restart');
      await new Promise((r) => setTimeout(r, 1500));
      expect((await escalations()).map((e) => e.n)).toEqual([1, 1, 1]);
      await waitFor(async () => ((await fetch(`${api.url}/api/health`)).status === 200 ? true : undefined), 15000, 'a healthy API');
    } finally {
      await worker.kill();
      await api.stop();
    }
  });
});
