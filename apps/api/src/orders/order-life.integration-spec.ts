import type { AckResult, OrderMessage, OrderWithdrawnMessage, UnacknowledgedMessage } from '@gan119/dispatch';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { TestDb } from '@gan119/testing';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { waitFor } from '../../test/wait';
import { callAndAssign, freeTenders } from '../../test/dispatch-helpers';
import { signToken } from '../accounts/tokens';

const SECRET = 'order-life-test-secret-0123';

const post = (url: string, path: string, body: unknown) =>
  fetch(`${url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A unit's tablet: what it is sent on connect and after. */
async function tablet(url: string, unitId: number): Promise<{ sock: Socket; orders: OrderMessage[]; withdrawn: OrderWithdrawnMessage[] }> {
  const orders: OrderMessage[] = [];
  const withdrawn: OrderWithdrawnMessage[] = [];
  const sock = io(url, { auth: { token: signToken(SECRET, { kind: 'unit', unitId }, 600) }, transports: ['websocket'], reconnection: false });
  sock.on('order:new', (o: OrderMessage) => orders.push(o));
  sock.on('order:withdrawn', (m: OrderWithdrawnMessage) => withdrawn.push(m));
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', () => resolve());
    sock.once('connect_error', reject);
  });
  return { sock, orders, withdrawn };
}

/**
 * Issue 13, item 3: an order lives only while its assignment does. An order that escalated and whose
 * incident was then closed (or whose unit was released) used to be replayed on every connect and its
 * late ack written on the closed incident's timeline.
 */
describe('an order lives only while its assignment does', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  const alerts: UnacknowledgedMessage[] = [];
  let desk: Socket;

  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
    // no auto re-dispatch at level 1; a 2 s ack window so orders escalate quickly
    app = await startApp(db.url, { ESCALATION_ACK_S: '2', ESCALATION_SWEEP_S: '1', TOKEN_SECRET: SECRET });
    desk = io(app.url, {
      auth: { token: signToken(SECRET, { kind: 'console', user: 'nc', jurisdiction: 360000 }, 600) },
      transports: ['websocket'],
      reconnection: false,
    });
    desk.on('order:unacknowledged', (m: UnacknowledgedMessage) => alerts.push(m));
    await new Promise<void>((resolve) => desk.once('connect', () => resolve()));
  });
  afterAll(async () => {
    desk?.disconnect();
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  const escalated = (orderId: string) => waitFor(() => (alerts.some((a) => a.orderId === orderId) ? true : undefined), 15000, `escalation of ${orderId}`);
  const order = async (id: string) =>
    (
      (await ds.query(
        'SELECT state, acked_at AS "ackedAt", late_ack_at AS "lateAckAt", cancel_reason AS "cancelReason", cancelled_at AS "cancelledAt" FROM dispatch_order WHERE id = $1',
        [id],
      )) as Array<{
        state: string;
        ackedAt: Date | null;
        lateAckAt: Date | null;
        cancelReason: string | null;
        cancelledAt: Date | null;
      }>
    )[0];
  const timeline = async (incidentId: number) =>
    ((await ds.query('SELECT action FROM incident_event WHERE incident_id = $1 ORDER BY id', [incidentId])) as Array<{ action: string }>).map((e) => e.action);

  for (const end of ['closed', 'released'] as const) {
    it(`escalated, then ${end === 'closed' ? 'the incident closed' : 'the unit released'}: not replayed, its tablet told, a late ack refused and kept on the order only`, async () => {
      const [unit] = await freeTenders(ds, 1);
      const { incidentId, orderIds } = await callAndAssign(app.url, [unit]);
      await escalated(orderIds[0]);
      const t1 = await tablet(app.url, unit);
      try {
        // while the assignment is active, the escalated order is still live: replayed on connect
        await waitFor(() => (t1.orders.length ? true : undefined), 5000, 'the replay of the escalated order');
        expect(t1.orders.map((o) => [o.orderId, o.replay])).toEqual([[orderIds[0], true]]);
        const r =
          end === 'closed'
            ? await post(app.url, `/incidents/${incidentId}/state`, { to: 'closed' })
            : await post(app.url, `/incidents/${incidentId}/release`, { unitId: unit, reason: 'no_longer_needed' });
        expect(r.status).toBe(200);
        await waitFor(() => (t1.withdrawn.length ? true : undefined), 5000, 'order:withdrawn on the tablet');
        expect(t1.withdrawn).toEqual([{ unitId: unit, incidentId, orderIds: [orderIds[0]], reason: end }]);
        expect(await order(orderIds[0])).toMatchObject({ state: 'cancelled', cancelReason: end, ackedAt: null, lateAckAt: null });
        const before = await timeline(incidentId);

        // the crew presses 确认 on the card it still had: refused, named, kept on the order, nowhere else
        const ack = (await t1.sock.emitWithAck('order:ack', { orderId: orderIds[0] })) as AckResult;
        expect(ack).toMatchObject({ ok: false, code: 'order_withdrawn', details: { incidentId, reason: end } });
        const after = await order(orderIds[0]);
        expect(after.state).toBe('cancelled');
        expect(after.ackedAt).toBeNull();
        expect(after.lateAckAt).not.toBeNull();
        expect(await timeline(incidentId)).toEqual(before);
      } finally {
        t1.sock.disconnect();
      }
      // a new connection (a restarted tablet) is not sent it again, and the unit's current orders no longer list it
      const t2 = await tablet(app.url, unit);
      try {
        await new Promise((r) => setTimeout(r, 700));
        expect(t2.orders).toEqual([]);
        const current = (await (await fetch(`${app.url}/api/units/${unit}/orders`)).json()) as { orders: unknown[] };
        expect(current.orders).toEqual([]);
      } finally {
        t2.sock.disconnect();
      }
      // and nothing escalates it again
      await new Promise((r) => setTimeout(r, 1500));
      expect(alerts.filter((a) => a.orderId === orderIds[0])).toHaveLength(1);
    });
  }

  it('an acknowledged order ends with its assignment too (the tablet drops the card), and an ack after escalation is recorded late on the order', async () => {
    const [unit] = await freeTenders(ds, 1);
    const { incidentId, orderIds } = await callAndAssign(app.url, [unit]);
    await escalated(orderIds[0]);
    const t = await tablet(app.url, unit);
    try {
      expect(await t.sock.emitWithAck('order:ack', { orderId: orderIds[0] })).toMatchObject({ ok: true, already: false });
      expect(await order(orderIds[0])).toMatchObject({ state: 'acknowledged' });
      expect((await order(orderIds[0])).lateAckAt).not.toBeNull();
      expect(await post(app.url, `/incidents/${incidentId}/state`, { to: 'closed' }).then((r) => r.status)).toBe(200);
      await waitFor(() => (t.withdrawn.length ? true : undefined), 5000, 'order:withdrawn on the tablet');
      expect(t.withdrawn[0]).toMatchObject({ orderIds: [orderIds[0]], reason: 'closed' });
      // acknowledged before the close: stays acknowledged (the record is not rewritten)
      expect(await order(orderIds[0])).toMatchObject({ state: 'acknowledged', cancelledAt: null });
    } finally {
      t.sock.disconnect();
    }
  });
});
