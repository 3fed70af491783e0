import type { AckResult, OrderMessage } from '@gan119/dispatch';
import { DataSource } from 'typeorm';

const MESSAGE = `
  SELECT o.id AS "orderId", o.unit_id AS "unitId", o.payload->'incident' AS incident, o.payload->>'capability' AS capability,
         (o.payload->>'etaS')::float8 AS "etaS", o.created_at AS "issuedAt", i.city_adcode AS "cityAdcode", i.county_adcode AS "countyAdcode"
    FROM dispatch_order o JOIN incident i ON i.id = o.incident_id`;
const OPEN_FOR_UNIT = MESSAGE + ` WHERE o.unit_id = $1 AND o.acked_at IS NULL AND o.state IN ('issued', 'unacknowledged') ORDER BY o.created_at`;
const BY_IDS = MESSAGE + ' WHERE o.id = ANY($1::uuid[]) ORDER BY o.created_at';
const CURRENT_FOR_UNIT = MESSAGE.replace('o.created_at AS "issuedAt",', 'o.created_at AS "issuedAt", o.acked_at AS "ackedAt",') +
  ` JOIN assignment a ON a.id = o.assignment_id WHERE o.unit_id = $1 AND a.status = 'active' AND o.state <> 'cancelled' ORDER BY o.created_at`;

export type OrderRow = Omit<OrderMessage, 'replay'> & { cityAdcode: number | null; countyAdcode: number | null };

/** An order as the tablet receives it; `replay` when sent again on (re)connect. */
export const orderMessage = (o: OrderRow, replay: boolean): OrderMessage => ({
  orderId: o.orderId, unitId: o.unitId, incident: o.incident, capability: o.capability, etaS: o.etaS, issuedAt: new Date(o.issuedAt).toISOString(), replay,
});

/** Orders as the record holds them: what a tablet still has to acknowledge, and the acknowledgement. */
export class OrdersRepository {
  constructor(private readonly ds: DataSource) {}

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

  /** Records a unit's acknowledgement of its own order; idempotent; refuses anyone else's. */
  async ack(orderId: string, unitId: number): Promise<AckResult & { incidentId?: number; cityAdcode?: number | null; countyAdcode?: number | null }> {
    if (!/^[0-9a-f-]{36}$/i.test(orderId)) return { ok: false, error: 'orderId is not an order id' };
    const rows = (await this.ds.query(
      `WITH o AS (SELECT id, unit_id, acked_at, state, incident_id FROM dispatch_order WHERE id = $1),
            u AS (UPDATE dispatch_order d SET acked_at = now(), state = 'acknowledged'
                   FROM o WHERE d.id = o.id AND o.unit_id = $2 AND o.acked_at IS NULL AND o.state IN ('issued', 'unacknowledged') RETURNING d.acked_at, d.incident_id),
            ev AS (INSERT INTO incident_event (incident_id, actor, action, after)
                   SELECT incident_id, 'unit:' || $2, 'order_acked', jsonb_build_object('orderId', $1::uuid, 'unitId', $2::int) FROM u)
       SELECT o.unit_id AS "unitId", o.state, o.incident_id AS "incidentId", coalesce((SELECT acked_at FROM u), o.acked_at) AS "ackedAt",
              EXISTS (SELECT 1 FROM u) AS fresh, i.city_adcode AS "cityAdcode", i.county_adcode AS "countyAdcode"
         FROM o JOIN incident i ON i.id = o.incident_id`,
      [orderId, unitId],
    )) as Array<{ unitId: number; state: string; incidentId: number; ackedAt: Date | null; fresh: boolean; cityAdcode: number | null; countyAdcode: number | null }>;
    const r = rows[0];
    if (!r) return { ok: false, error: `no order ${orderId}` };
    if (r.unitId !== unitId) return { ok: false, error: `order ${orderId} is not for this unit` };
    if (r.state === 'cancelled') return { ok: false, error: `order ${orderId} was cancelled` };
    if (!r.ackedAt) return { ok: false, error: `order ${orderId} cannot be acknowledged` };
    return { ok: true, orderId, ackedAt: new Date(r.ackedAt).toISOString(), already: !r.fresh, incidentId: r.incidentId, cityAdcode: r.cityAdcode, countyAdcode: r.countyAdcode };
  }
}
