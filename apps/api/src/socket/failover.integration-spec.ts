import { createTestDb, runApiCli, spawnApi, SpawnedApi, tcpBalancer, Balancer, TestDb } from '@gan119/testing';
import type { OrderMessage } from '@gan119/dispatch';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { testDataSource } from '../../test/test-data-source';
import { waitFor } from '../../test/wait';
import { callAndAssign, freeTenders } from '../../test/dispatch-helpers';
import { signToken } from '../accounts/tokens';

const SECRET = 'failover-test-secret-0123456789';
const TABLETS = 30;

/**
 * Three API processes behind a TCP balancer (WebSocket-only socket.io, as docs/SCALING.md deploys it),
 * 30 tablets connected through it. One process is killed (SIGKILL: no goodbye) while orders keep
 * coming: every tablet reconnects to one of the other two, and every order reaches its tablet, shown
 * once (the server may send an order again on reconnect, marked replay; the tablet keeps one per id).
 */
describe('one of three API processes killed while tablets are connected', () => {
  let db: TestDb;
  let ds: DataSource;
  let apis: SpawnedApi[] = [];
  let lb: Balancer;
  const sockets: Socket[] = [];
  const env = { TOKEN_SECRET: SECRET, REDIS_PREFIX: `tfail${Date.now()}:`, ESCALATION_ACK_S: '3600' };

  beforeAll(async () => {
    db = await createTestDb();
    await runApiCli('cli/seed-demo.ts', { DATABASE_URL: db.url }, ['--roads', 'small']);
    ds = await testDataSource(db.url);
    apis = await Promise.all([spawnApi(db.url, env), spawnApi(db.url, env), spawnApi(db.url, env)]);
    lb = await tcpBalancer(apis.map((a) => a.port));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await lb?.close();
    await Promise.all(apis.map((a) => a.stop()));
    await ds?.destroy();
    await db?.drop();
  });

  it('every tablet reconnects to another process and every order reaches it once', async () => {
    const units = await freeTenders(ds, TABLETS);
    expect(units).toHaveLength(TABLETS);
    const tablets = units.map((unitId) => {
      const shown: string[] = [];
      const fresh = new Map<string, number>();
      let drops = 0;
      const s = io(lb.url, {
        auth: { token: signToken(SECRET, { kind: 'unit', unitId }, 600) },
        transports: ['websocket'],
        reconnectionDelay: 100,
        reconnectionDelayMax: 500,
        forceNew: true,
      });
      s.on('order:new', (o: OrderMessage) => {
        if (!o.replay) fresh.set(o.orderId, (fresh.get(o.orderId) ?? 0) + 1);
        if (!shown.includes(o.orderId)) shown.push(o.orderId);
      });
      s.on('disconnect', () => drops++);
      sockets.push(s);
      return { unitId, s, shown, fresh, drops: () => drops };
    });
    await waitFor(() => (tablets.every((t) => t.s.connected) ? true : undefined), 20000, 'every tablet connected');

    // orders before the kill
    const first = await callAndAssign(lb.url, units.slice(0, 10));
    await waitFor(() => (tablets.slice(0, 10).every((t) => t.shown.length === 1) ? true : undefined), 10000, 'the first orders');

    // one process dies without a word; the balancer sends new connections to the other two
    await apis[0].stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    const second = await callAndAssign(lb.url, units.slice(10, 20));
    const third = await callAndAssign(lb.url, units.slice(20, 30));

    await waitFor(() => (tablets.every((t) => t.s.connected && t.shown.length === 1) ? true : undefined), 20000, 'every tablet back with its order');
    const dropped = tablets.filter((t) => t.drops() > 0);
    expect(dropped.length).toBeGreaterThanOrEqual(5); // round robin put about a third of them on the killed process
    expect(dropped.length).toBeLessThan(TABLETS);

    // each tablet has exactly its own order, shown once, and was never sent it as new twice
    const orders = (await ds.query('SELECT id::text AS id, unit_id AS "unitId" FROM dispatch_order WHERE unit_id = ANY($1)', [units])) as Array<{
      id: string;
      unitId: number;
    }>;
    expect(orders).toHaveLength(TABLETS);
    expect(new Set([...first.orderIds, ...second.orderIds, ...third.orderIds]).size).toBe(TABLETS);
    for (const t of tablets) {
      expect(t.shown).toEqual(orders.filter((o) => o.unitId === t.unitId).map((o) => o.id));
      expect([...t.fresh.values()].every((n) => n <= 1)).toBe(true);
    }
  });
});
