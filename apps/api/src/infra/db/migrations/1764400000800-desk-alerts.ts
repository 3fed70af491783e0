import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts the dispatcher must deal with, kept until they are: an order not acknowledged in time, a
 * crew reporting itself available while still on an incident. Each is open until it is resolved
 * (acknowledged late, replacement sent, unit released, incident closed, or dismissed with a reason).
 */
export class DeskAlerts1764400000800 implements MigrationInterface {
  name = 'DeskAlerts1764400000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE desk_alert (
        id serial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('unacknowledged', 'release_requested')),
        incident_id integer NOT NULL REFERENCES incident (id),
        unit_id integer NOT NULL REFERENCES unit (id),
        order_id uuid REFERENCES dispatch_order (id),
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        resolution text CHECK (resolution IN ('acked_late', 'replaced', 'released', 'closed', 'dismissed')),
        resolved_by text,
        reason text,
        CHECK ((resolved_at IS NULL) = (resolution IS NULL))
      )`);
    await q.query(`CREATE INDEX desk_alert_open_idx ON desk_alert (created_at) WHERE resolved_at IS NULL`);
    // one open alert per order not acknowledged, one open release request per unit and incident
    await q.query(`CREATE UNIQUE INDEX desk_alert_one_per_order ON desk_alert (order_id) WHERE resolved_at IS NULL AND kind = 'unacknowledged'`);
    await q.query(
      `CREATE UNIQUE INDEX desk_alert_one_release_request ON desk_alert (unit_id, incident_id) WHERE resolved_at IS NULL AND kind = 'release_requested'`,
    );
    // when an incident was closed: it may be reopened within a grace period (a flare-up, a closing by mistake)
    await q.query('ALTER TABLE incident ADD COLUMN closed_at timestamptz');
    await q.query(`UPDATE incident i SET closed_at = i.updated_at WHERE i.state = 'closed'`);
    // 接警要素: what the caller said that changes the plan (people trapped, floor, hazards, building use)
    await q.query(`ALTER TABLE incident ADD COLUMN call_facts jsonb NOT NULL DEFAULT '{}'`);
    // orders escalated before this table existed and still unanswered on open incidents
    await q.query(`
      INSERT INTO desk_alert (kind, incident_id, unit_id, order_id, created_at)
      SELECT 'unacknowledged', o.incident_id, o.unit_id, o.id, o.created_at
        FROM dispatch_order o JOIN assignment a ON a.id = o.assignment_id
       WHERE o.state = 'unacknowledged' AND o.acked_at IS NULL AND a.status = 'active'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE desk_alert');
    await q.query('ALTER TABLE incident DROP COLUMN closed_at, DROP COLUMN call_facts');
  }
}
