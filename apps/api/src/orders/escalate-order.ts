import type { IncidentLevel, IncidentType } from '@gan119/dispatch';
import { DataSource, EntityManager } from 'typeorm';
import type { OrderToSend } from '../live/live-feed';
import { AlertsRepository } from '../alerts/alerts.repository';

export type Escalation = { orderId: string; unitId: number; incidentId: number; capability: string; cityAdcode: number | null; countyAdcode: number | null; replacementOrderId: string | null; replacementOrder: OrderToSend | null };
/** Sends the replacement inside the escalation's transaction (the dispatch side assigns it): its order, as the tablet will receive it. */
export type SendReplacement = (tx: EntityManager, o: { incidentId: number; capability: string }) => Promise<OrderToSend>;
export type WaitingOrder = { unitId: number; incidentId: number; capability: string; type: IncidentType; level: IncidentLevel };
export type ReplacementUnit = { unitId: number; etaS: number; crossJurisdiction: boolean };

/** The order when it is still waiting for its acknowledgement (nothing to do otherwise). */
export async function waitingOrder(ds: DataSource, orderId: string): Promise<WaitingOrder | null> {
  const rows = (await ds.query(
    `SELECT o.unit_id AS "unitId", o.incident_id AS "incidentId", o.payload->>'capability' AS capability, i.type, i.level
       FROM dispatch_order o JOIN incident i ON i.id = o.incident_id WHERE o.id = $1 AND o.state = 'issued' AND o.acked_at IS NULL`,
    [orderId],
  )) as WaitingOrder[];
  return rows[0] ?? null;
}

/**
 * An overdue acknowledgement: marks the order unacknowledged and records it in the incident's
 * timeline, in one transaction, once; with a replacement, that unit is assigned (assignment, status,
 * order) in the same transaction, so a crash leaves either both or neither. Running again (a retried
 * or duplicated job) does nothing. A replacement that cannot be assigned fails the whole transaction.
 */
export async function escalateOrder(ds: DataSource, orderId: string, replacement: { unit: ReplacementUnit; send: SendReplacement } | null = null, proposal: (ReplacementUnit & { name: string }) | null = null): Promise<Escalation | null> {
  return ds.transaction(async (tx) => {
    // the incident first, as every other incident action locks (release, close, assign): no deadlock with
    // them; NO KEY UPDATE, so an ack's timeline entry (a foreign key to the incident) never waits on it
    await tx.query('SELECT 1 FROM incident WHERE id = (SELECT incident_id FROM dispatch_order WHERE id = $1) FOR NO KEY UPDATE', [orderId]);
    const rows = (await tx.query(
      `SELECT o.id, o.unit_id AS "unitId", o.incident_id AS "incidentId", o.payload->>'capability' AS capability, o.state, o.acked_at AS "ackedAt", i.city_adcode AS "cityAdcode", i.county_adcode AS "countyAdcode"
         FROM dispatch_order o JOIN incident i ON i.id = o.incident_id WHERE o.id = $1 FOR NO KEY UPDATE OF o`,
      [orderId],
    )) as Array<{ unitId: number; incidentId: number; capability: string; state: string; ackedAt: Date | null; cityAdcode: number | null; countyAdcode: number | null }>;
    const o = rows[0];
    if (!o || o.ackedAt || o.state !== 'issued') return null;
    const replacementOrder = replacement ? await replacement.send(tx, { incidentId: o.incidentId, capability: o.capability }) : null;
    const replacementOrderId = replacementOrder?.message.orderId ?? null;
    await tx.query(`UPDATE dispatch_order SET state = 'unacknowledged', replaced_by = $2 WHERE id = $1`, [orderId, replacementOrderId]);
    await tx.query(`INSERT INTO incident_event (incident_id, actor, action, before, after) VALUES ($1, 'system', 'order_unacknowledged', $2::jsonb, $3::jsonb)`, [
      o.incidentId,
      JSON.stringify({ orderId, state: 'issued' }),
      JSON.stringify({ orderId, state: 'unacknowledged', unitId: o.unitId, replacedBy: replacement ? { unitId: replacement.unit.unitId, orderId: replacementOrderId } : null }),
    ]);
    // the desk's alert, kept until it is dealt with (late ack, replacement, release, close, dismissal)
    const autoDispatched = replacement && replacementOrderId ? { unitId: replacement.unit.unitId, orderId: replacementOrderId } : null;
    await new AlertsRepository(tx).raise({ kind: 'unacknowledged', incidentId: o.incidentId, unitId: o.unitId, orderId, details: { proposal, autoDispatched } });
    return { orderId, unitId: o.unitId, incidentId: o.incidentId, capability: o.capability, cityAdcode: o.cityAdcode, countyAdcode: o.countyAdcode, replacementOrderId, replacementOrder };
  });
}

/** Orders whose acknowledgement is overdue and not yet escalated (the record, not Redis, decides). */
export async function overdueOrders(ds: DataSource, ackS: number): Promise<string[]> {
  const rows = (await ds.query(
    `SELECT id FROM dispatch_order WHERE state = 'issued' AND acked_at IS NULL AND created_at <= now() - make_interval(secs => $1) ORDER BY created_at LIMIT 1000`,
    [ackS],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Orders still waiting for their acknowledgement, with how long is left (for rebuilding timers). */
export async function pendingOrders(ds: DataSource, ackS: number): Promise<Array<{ id: string; remainingMs: number }>> {
  const rows = (await ds.query(
    `SELECT id, greatest(0, extract(epoch FROM (created_at + make_interval(secs => $1) - now())) * 1000)::float8 AS "remainingMs"
       FROM dispatch_order WHERE state = 'issued' AND acked_at IS NULL ORDER BY created_at`,
    [ackS],
  )) as Array<{ id: string; remainingMs: number }>;
  return rows;
}
