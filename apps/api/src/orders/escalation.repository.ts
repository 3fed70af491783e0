import type { IncidentLevel, IncidentType } from '@gan119/dispatch';
import { DataSource, EntityManager } from 'typeorm';

export type WaitingOrder = { unitId: number; incidentId: number; capability: string; type: IncidentType; level: IncidentLevel };
export type LockedOrder = {
  unitId: number;
  incidentId: number;
  capability: string;
  state: string;
  ackedAt: Date | null;
  cityAdcode: number | null;
  countyAdcode: number | null;
};

/** SQL of an order's escalation: what is waiting, overdue or pending, and the escalation's own writes. */
export class EscalationRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The order when it is still waiting for its acknowledgement (nothing to do otherwise). */
  async waiting(orderId: string): Promise<WaitingOrder | null> {
    const rows = (await this.db.query(
      `SELECT o.unit_id AS "unitId", o.incident_id AS "incidentId", o.payload->>'capability' AS capability, i.type, i.level
         FROM dispatch_order o JOIN incident i ON i.id = o.incident_id WHERE o.id = $1 AND o.state = 'issued' AND o.acked_at IS NULL`,
      [orderId],
    )) as WaitingOrder[];
    return rows[0] ?? null;
  }

  /**
   * Locks the order's incident, then the order, as every other incident action locks (release, close,
   * assign): no deadlock with them; NO KEY UPDATE, so an ack's timeline entry (a foreign key to the
   * incident) never waits on it.
   */
  async lock(orderId: string): Promise<LockedOrder | null> {
    await this.db.query('SELECT 1 FROM incident WHERE id = (SELECT incident_id FROM dispatch_order WHERE id = $1) FOR NO KEY UPDATE', [orderId]);
    const rows = (await this.db.query(
      `SELECT o.unit_id AS "unitId", o.incident_id AS "incidentId", o.payload->>'capability' AS capability, o.state, o.acked_at AS "ackedAt", i.city_adcode AS "cityAdcode", i.county_adcode AS "countyAdcode"
         FROM dispatch_order o JOIN incident i ON i.id = o.incident_id WHERE o.id = $1 FOR NO KEY UPDATE OF o`,
      [orderId],
    )) as LockedOrder[];
    return rows[0] ?? null;
  }

  /** The order becomes unacknowledged (naming its replacement, if one was sent), and the timeline says so. */
  async markUnacknowledged(orderId: string, o: LockedOrder, replacedBy: { unitId: number; orderId: string | null } | null): Promise<void> {
    await this.db.query(`UPDATE dispatch_order SET state = 'unacknowledged', replaced_by = $2 WHERE id = $1`, [orderId, replacedBy?.orderId ?? null]);
    await this.db.query(
      `INSERT INTO incident_event (incident_id, actor, action, before, after) VALUES ($1, 'system', 'order_unacknowledged', $2::jsonb, $3::jsonb)`,
      [o.incidentId, JSON.stringify({ orderId, state: 'issued' }), JSON.stringify({ orderId, state: 'unacknowledged', unitId: o.unitId, replacedBy })],
    );
  }

  /** Orders whose acknowledgement is overdue and not yet escalated (the record, not Redis, decides). */
  async overdue(ackS: number): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT id FROM dispatch_order WHERE state = 'issued' AND acked_at IS NULL AND created_at <= now() - make_interval(secs => $1) ORDER BY created_at LIMIT 1000`,
      [ackS],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Orders still waiting for their acknowledgement, with how long is left (for rebuilding timers). */
  async pending(ackS: number): Promise<Array<{ id: string; remainingMs: number }>> {
    return (await this.db.query(
      `SELECT id, greatest(0, extract(epoch FROM (created_at + make_interval(secs => $1) - now())) * 1000)::float8 AS "remainingMs"
         FROM dispatch_order WHERE state = 'issued' AND acked_at IS NULL ORDER BY created_at`,
      [ackS],
    )) as Array<{ id: string; remainingMs: number }>;
  }
}
