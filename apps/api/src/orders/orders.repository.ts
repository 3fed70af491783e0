import type { AckResult, OrderMessage } from '@gan119/dispatch';
import { DataSource, EntityManager } from 'typeorm';
import { AlertsRepository } from '../alerts/alerts.repository';

const MESSAGE = `
  SELECT o.id AS "orderId", o.unit_id AS "unitId", o.payload->'incident' AS incident, o.payload->>'capability' AS capability,
         (o.payload->>'etaS')::float8 AS "etaS", o.created_at AS "issuedAt", i.city_adcode AS "cityAdcode", i.county_adcode AS "countyAdcode"
    FROM dispatch_order o JOIN incident i ON i.id = o.incident_id`;
// live orders only: an order lives while its assignment is (release and closing withdraw the rest, but the join says it too)
const OPEN_FOR_UNIT =
  MESSAGE +
  ` JOIN assignment a ON a.id = o.assignment_id AND a.status = 'active'
  WHERE o.unit_id = $1 AND o.acked_at IS NULL AND o.state IN ('issued', 'unacknowledged') ORDER BY o.created_at`;
const BY_IDS = MESSAGE + ' WHERE o.id = ANY($1::uuid[]) ORDER BY o.created_at';
const CURRENT_FOR_UNIT =
  MESSAGE.replace('o.created_at AS "issuedAt",', 'o.created_at AS "issuedAt", o.acked_at AS "ackedAt",') +
  ` JOIN assignment a ON a.id = o.assignment_id WHERE o.unit_id = $1 AND a.status = 'active' AND o.state <> 'cancelled' ORDER BY o.created_at`;

export type OrderRow = Omit<OrderMessage, 'replay'> & { cityAdcode: number | null; countyAdcode: number | null };

/** An order as the tablet receives it; `replay` when sent again on (re)connect. */
export const orderMessage = (o: OrderRow, replay: boolean): OrderMessage => ({
  orderId: o.orderId,
  unitId: o.unitId,
  incident: o.incident,
  capability: o.capability,
  etaS: o.etaS,
  issuedAt: new Date(o.issuedAt).toISOString(),
  replay,
});

export type AckOutcome = AckResult & { incidentId?: number; cityAdcode?: number | null; countyAdcode?: number | null };
/** How an order came to be acknowledged: the tablet's button, or a status the crew reported (出动, 到场). */
export type AckVia = 'ack' | 'status:en_route' | 'status:on_scene';

/** Orders as the record holds them: what a tablet still has to acknowledge, and the acknowledgement. */
export class OrdersRepository {
  constructor(private readonly ds: DataSource | EntityManager) {}

  openFor(unitId: number): Promise<OrderRow[]> {
    return this.ds.query(OPEN_FOR_UNIT, [unitId]) as Promise<OrderRow[]>;
  }

  /** The orders of the unit's active assignments, acknowledged or not: what its tablet shows after a restart. */
  currentFor(unitId: number): Promise<Array<OrderRow & { ackedAt: Date | null }>> {
    return this.ds.query(CURRENT_FOR_UNIT, [unitId]) as Promise<Array<OrderRow & { ackedAt: Date | null }>>;
  }

  byIds(ids: string[]): Promise<OrderRow[]> {
    return this.ds.query(BY_IDS, [ids]) as Promise<OrderRow[]>;
  }

  /**
   * A unit's acknowledgement, once: the order's row is locked first, so of two at once (two devices
   * of one crew, or a retry) one records it and the other is told it already was.
   */
  async ack(orderId: string, unitId: number): Promise<AckOutcome> {
    if (!/^[0-9a-f-]{36}$/i.test(orderId)) return { ok: false, error: 'orderId is not an order id' };
    return this.ds.transaction((tx) => new OrdersRepository(tx).ackHere(orderId, unitId, 'ack'));
  }

  /** The old order names the one sent instead, once: false when it is not the incident's or already names one. */
  async setReplacement(oldOrderId: string, incidentId: number, newOrderId: string): Promise<boolean> {
    const rows = (await this.ds.query(
      `WITH r AS (UPDATE dispatch_order SET replaced_by = $3 WHERE id = $1 AND incident_id = $2 AND replaced_by IS NULL RETURNING id) SELECT id FROM r`,
      [oldOrderId, incidentId, newOrderId],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * The acknowledgement inside the transaction this repository runs in (the caller's): locks the order, records it once (late when
   * the order had already escalated, which answers the desk's alert), and notes it in the timeline.
   */
  async ackHere(orderId: string, unitId: number, via: AckVia): Promise<AckOutcome> {
    const [r] = (await this.ds.query(
      `SELECT o.unit_id AS "unitId", o.state, o.incident_id AS "incidentId", o.acked_at AS "ackedAt", o.cancel_reason AS "cancelReason", a.status = 'active' AS live,
            i.city_adcode AS "cityAdcode", i.county_adcode AS "countyAdcode"
       FROM dispatch_order o JOIN incident i ON i.id = o.incident_id JOIN assignment a ON a.id = o.assignment_id WHERE o.id = $1 FOR NO KEY UPDATE OF o`,
      [orderId],
    )) as Array<{
      unitId: number;
      state: string;
      incidentId: number;
      ackedAt: Date | null;
      cancelReason: string | null;
      live: boolean;
      cityAdcode: number | null;
      countyAdcode: number | null;
    }>;
    if (!r) return { ok: false, error: `no order ${orderId}` };
    if (r.unitId !== unitId) return { ok: false, error: `order ${orderId} is not for this unit` };
    const area = { incidentId: r.incidentId, cityAdcode: r.cityAdcode, countyAdcode: r.countyAdcode };
    if (r.ackedAt) return { ok: true, orderId, ackedAt: new Date(r.ackedAt).toISOString(), already: true, ...area };
    if (r.state === 'cancelled' || !r.live) {
      // withdrawn: the late ack is kept on the order, and goes nowhere else (not the incident's timeline, not the desk)
      await this.ds.query('UPDATE dispatch_order SET late_ack_at = coalesce(late_ack_at, now()) WHERE id = $1', [orderId]);
      const reason = r.cancelReason ?? 'released';
      return {
        ok: false,
        code: 'order_withdrawn',
        error: `order ${orderId} was withdrawn: ${reason === 'closed' ? `incident ${r.incidentId} is closed` : `the unit was released from incident ${r.incidentId}`}`,
        details: { incidentId: r.incidentId, reason },
      };
    }
    const late = r.state === 'unacknowledged';
    // (an UPDATE's RETURNING through TypeORM comes back as [rows, count]: read it through a CTE)
    const [u] = (await this.ds.query(
      `WITH u AS (UPDATE dispatch_order SET acked_at = now(), state = 'acknowledged', late_ack_at = CASE WHEN $2::boolean THEN now() END WHERE id = $1 RETURNING acked_at) SELECT acked_at AS "ackedAt" FROM u`,
      [orderId, late],
    )) as Array<{ ackedAt: Date }>;
    await this.ds.query(
      `INSERT INTO incident_event (incident_id, actor, action, after) VALUES ($1, 'unit:' || $2, 'order_acked', jsonb_build_object('orderId', $3::uuid, 'unitId', $2::int, 'via', $4::text, 'late', $5::boolean))`,
      [r.incidentId, unitId, orderId, via, late],
    );
    if (late) await new AlertsRepository(this.ds).resolveForOrder(orderId, 'acked_late', `unit:${unitId}`);
    return { ok: true, orderId, ackedAt: new Date(u.ackedAt).toISOString(), already: false, ...area };
  }

  /** The unit's orders not yet acknowledged on its active assignment (what a status reply answers). */
  async unackedOf(unitId: number): Promise<string[]> {
    const rows = (await this.ds.query(
      `SELECT o.id FROM dispatch_order o JOIN assignment a ON a.id = o.assignment_id
      WHERE o.unit_id = $1 AND a.status = 'active' AND o.acked_at IS NULL AND o.state IN ('issued', 'unacknowledged') ORDER BY o.created_at`,
      [unitId],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}
