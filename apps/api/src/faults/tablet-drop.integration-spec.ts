import { TcpProxy, tcpProxy, TestDb } from '@gan119/testing';
import type { AckResult, OrderAckedMessage, OrderMessage, UnacknowledgedMessage } from '@gan119/dispatch';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { callAndAssign, escalationCounts, freeTenders } from '../../test/dispatch-helpers';
import { waitFor } from '../../test/wait';
import { signToken } from '../accounts/tokens';

const SECRET = 'tablet-drop-secret-0123456789';
const ACK_S = 30;
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A tablet as the console's tablet view connects (websocket, reconnecting by itself), with what it heard. */
function tablet(url: string, unitId: number) {
  const orders: OrderMessage[] = [];
  const disconnects: string[] = [];
  let connects = 0;
  const sock: Socket = io(url, { auth: { token: signToken(SECRET, { kind: 'unit', unitId }, 3600) }, transports: ['websocket'], forceNew: true });
  sock.on('order:new', (o: OrderMessage) => orders.push(o));
  sock.on('connect', () => connects++);
  sock.on('disconnect', (reason) => disconnects.push(reason));
  return {
    sock,
    orders,
    disconnects,
    connects: () => connects,
    connected: () => waitFor(() => (sock.connected ? true : undefined), 30000, `tablet ${unitId} connected`),
  };
}

/**
 * Tablets behind a network that goes silent (a proxy that holds every byte, closing nothing), for
 * 5 s and for 2 min, while orders are issued and acknowledged: each order reaches its tablet once,
 * each acknowledgement counts once, and an order unanswered past the ack timeout is escalated once.
 */
describe('tablets dropped off the network', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  let proxy: TcpProxy;
  let console_: Socket;
  const acked: OrderAckedMessage[] = [];
  const alerts: UnacknowledgedMessage[] = [];
  const order = async (id: string) =>
    ((await ds.query('SELECT state, acked_at AS "ackedAt" FROM dispatch_order WHERE id = $1', [id])) as Array<{ state: string; ackedAt: Date | null }>)[0];

  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
    app = await startApp(db.url, { TOKEN_SECRET: SECRET, ESCALATION_ACK_S: String(ACK_S), ESCALATION_SWEEP_S: '5' });
    proxy = await tcpProxy(Number(new URL(app.url).port));
    console_ = io(app.url, {
      auth: { token: signToken(SECRET, { kind: 'console', user: 'commander', jurisdiction: 360000 }, 3600) },
      transports: ['websocket'],
      forceNew: true,
    });
    console_.on('order:acked', (a: OrderAckedMessage) => acked.push(a));
    console_.on('order:unacknowledged', (m: UnacknowledgedMessage) => alerts.push(m));
    await waitFor(() => (console_.connected ? true : undefined), 10000, 'the console');
  });
  afterAll(async () => {
    console_?.disconnect();
    await proxy?.close();
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('5 s: the connection survives; an ack sent into the silence counts once, an order issued into it arrives once', async () => {
    const [u1, u2] = await freeTenders(ds, 2);
    const t1 = tablet(proxy.url, u1);
    const t2 = tablet(proxy.url, u2);
    await Promise.all([t1.connected(), t2.connected()]);
    const a = (await callAndAssign(app.url, [u1])).orderIds[0];
    await waitFor(() => (t1.orders.length ? true : undefined), 5000, 'order A on its tablet');
    proxy.blackhole();
    const ackA = t1.sock.timeout(30000).emitWithAck('order:ack', { orderId: a }) as Promise<AckResult>;
    const b = (await callAndAssign(app.url, [u2])).orderIds[0];
    await settle(5000);
    expect([await order(a), t2.orders]).toEqual([{ state: 'issued', ackedAt: null }, []]); // nothing got through
    proxy.restore();
    expect(await ackA).toMatchObject({ ok: true, already: false });
    await waitFor(() => (t2.orders.length ? true : undefined), 5000, 'order B after the silence');
    expect(t2.orders.map((o) => [o.orderId, o.replay])).toEqual([[b, false]]);
    expect(await t2.sock.emitWithAck('order:ack', { orderId: b })).toMatchObject({ ok: true, already: false });
    await waitFor(() => (acked.filter((x) => [a, b].includes(x.orderId)).length === 2 ? true : undefined), 5000, 'both acks at the console');
    await settle(500);
    expect(
      acked
        .filter((x) => [a, b].includes(x.orderId))
        .map((x) => x.orderId)
        .sort(),
    ).toEqual([a, b].sort());
    expect([t1.connects(), t2.connects(), t1.disconnects, t2.disconnects]).toEqual([1, 1, [], []]);
    expect(await escalationCounts(ds, [a, b])).toEqual([]);
    for (const t of [t1, t2]) t.sock.disconnect();
  });

  it('2 min: the order is escalated once at the ack timeout, both ends give the connection up, and on return the tablet gets it once and its late ack counts', async () => {
    const [u3] = await freeTenders(ds, 1);
    const t3 = tablet(proxy.url, u3);
    await t3.connected();
    proxy.blackhole();
    const t0 = Date.now();
    const c = (await callAndAssign(app.url, [u3])).orderIds[0];
    await waitFor(() => (alerts.some((m) => m.orderId === c) ? true : undefined), (ACK_S + 15) * 1000, 'the escalation at the ack timeout');
    expect((Date.now() - t0) / 1000).toBeGreaterThanOrEqual(ACK_S - 1);
    // the server's heartbeat gives the silent tablet up (25 s + 20 s): the consoles' count drops
    await waitFor(
      async () => (/gan119_sockets_connected\{kind="unit"\} 0/.test(await (await fetch(`${app.url}/metrics`)).text()) ? true : undefined),
      70000,
      'the server to drop the silent tablet',
    );
    await settle(Math.max(0, 120_000 - (Date.now() - t0)));
    expect(t3.disconnects).toEqual(['ping timeout']); // the tablet noticed too, and has been trying to come back
    proxy.restore();
    await waitFor(() => (t3.orders.length ? true : undefined), 30000, 'the order on the returning tablet');
    await settle(1000);
    expect(t3.orders.map((o) => [o.orderId, o.replay])).toEqual([[c, true]]); // the copy pushed into the silence died with that connection
    expect(await t3.sock.emitWithAck('order:ack', { orderId: c })).toMatchObject({ ok: true, already: false });
    expect(await order(c)).toMatchObject({ state: 'acknowledged' });
    await waitFor(() => (acked.some((x) => x.orderId === c) ? true : undefined), 5000, 'the late ack at the console');
    await settle(ACK_S * 1000 > 6000 ? 6000 : 0); // two more sweeps
    expect(await escalationCounts(ds, [c])).toEqual([{ id: c, n: 1 }]);
    expect(alerts.filter((m) => m.orderId === c)).toHaveLength(1);
    t3.sock.disconnect();
  }, 240_000);
});
