import type { AssignedUnit } from '@gan119/dispatch';
import { DataSource, EntityManager } from 'typeorm';

export type ActiveAssignment = AssignedUnit & { id: number; incidentId: number };

/** SQL for assignments and the orders that go with them. */
export class AssignmentRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async activeFor(incidentId: number): Promise<ActiveAssignment[]> {
    return (await this.db.query(
      `SELECT a.id, a.incident_id AS "incidentId", a.unit_id AS "unitId", u.name AS "unitName", s.name AS "stationName", u.status AS "unitStatus", a.capability,
              a.eta_s AS "etaS", a.cross_jurisdiction AS "crossJurisdiction", a.assigned_at AS "assignedAt",
              (SELECT min(h.at) FROM unit_status_history h WHERE h.unit_id = a.unit_id AND h.to_status = 'on_scene' AND h.at >= a.assigned_at) AS "onSceneAt",
              (SELECT json_build_object('id', o.id, 'state', o.state, 'ackedAt', o.acked_at) FROM dispatch_order o WHERE o.assignment_id = a.id ORDER BY o.created_at DESC LIMIT 1) AS "order"
         FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN station s ON s.id = u.station_id WHERE a.incident_id = $1 AND a.status = 'active' ORDER BY a.id`,
      [incidentId],
    )) as ActiveAssignment[];
  }

  /** The incident each of these units is actively assigned to, if any. */
  async activeIncidentOf(unitIds: number[]): Promise<Map<number, number>> {
    const rows = (await this.db.query(
      `SELECT unit_id AS "unitId", incident_id AS "incidentId" FROM assignment WHERE status = 'active' AND unit_id = ANY($1::int[])`,
      [unitIds],
    )) as Array<{ unitId: number; incidentId: number }>;
    return new Map(rows.map((r) => [r.unitId, r.incidentId]));
  }

  async insert(a: { incidentId: number; unitId: number; capability: string; etaS: number | null; crossJurisdiction: boolean; by: string }): Promise<number> {
    const [{ id }] = (await this.db.query(
      `INSERT INTO assignment (incident_id, unit_id, capability, eta_s, cross_jurisdiction, assigned_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [a.incidentId, a.unitId, a.capability, a.etaS, a.crossJurisdiction, a.by],
    )) as [{ id: number }];
    return id;
  }

  /** The order for a unit's tablet: its id and when it was issued. */
  async insertOrder(assignmentId: number, incidentId: number, unitId: number, payload: unknown): Promise<{ id: string; createdAt: Date }> {
    const [row] = (await this.db.query(
      'INSERT INTO dispatch_order (assignment_id, incident_id, unit_id, payload) VALUES ($1, $2, $3, $4::jsonb) RETURNING id, created_at AS "createdAt"',
      [assignmentId, incidentId, unitId, JSON.stringify(payload)],
    )) as [{ id: string; createdAt: Date }];
    return row;
  }

  /** Every unit that was ever assigned to the incident (closing it frees the active ones). */
  async unitsEverOn(incidentId: number): Promise<number[]> {
    const rows = (await this.db.query('SELECT DISTINCT unit_id AS id FROM assignment WHERE incident_id = $1', [incidentId])) as Array<{ id: number }>;
    return rows.map((r) => r.id);
  }

  /**
   * Ends the assignment, and with it its orders: those not acknowledged yet (escalated ones included)
   * are withdrawn, so nothing replays or accepts them afterwards. Answers every order the assignment
   * had, for the tablet to drop them.
   */
  async release(assignmentId: number, reason: OrderEnd): Promise<string[]> {
    await this.db.query(`UPDATE assignment SET status = 'released', released_at = now() WHERE id = $1 AND status = 'active'`, [assignmentId]);
    await this.db.query(
      `UPDATE dispatch_order SET state = 'cancelled', cancelled_at = now(), cancel_reason = $2 WHERE assignment_id = $1 AND acked_at IS NULL AND state IN ('issued', 'unacknowledged')`,
      [assignmentId, reason],
    );
    const rows = (await this.db.query('SELECT id FROM dispatch_order WHERE assignment_id = $1 ORDER BY created_at', [assignmentId])) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}

/** Why an assignment's orders ended: the unit was released, or the incident closed (which releases every unit). */
export type OrderEnd = 'released' | 'closed';
