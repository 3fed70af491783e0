import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An order is live only while its assignment is. Releasing a unit, closing its incident (which
 * releases every unit) or merging ends the assignment and withdraws its orders not yet acknowledged,
 * escalated ones included: `cancelled_at` and `cancel_reason` say when and why. An acknowledgement that
 * arrives after the order escalated or was withdrawn is kept on the order (`late_ack_at`) and, for a
 * withdrawn order, goes nowhere else. Orders left live by earlier releases are withdrawn here.
 */
export class OrderLife1764400001000 implements MigrationInterface {
  name = 'OrderLife1764400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dispatch_order ADD COLUMN cancelled_at timestamptz, ADD COLUMN cancel_reason text, ADD COLUMN late_ack_at timestamptz`);
    // orders left live by earlier releases (they cancelled only 'issued' ones), and the reason of those they did cancel
    await q.query(`
      UPDATE dispatch_order o SET state = 'cancelled', cancelled_at = coalesce(a.released_at, now()), cancel_reason = 'released'
        FROM assignment a
       WHERE a.id = o.assignment_id AND a.status <> 'active' AND o.acked_at IS NULL AND o.state IN ('issued', 'unacknowledged', 'cancelled')`);
    await q.query(`UPDATE dispatch_order SET cancelled_at = created_at, cancel_reason = 'released' WHERE state = 'cancelled' AND cancelled_at IS NULL`);
    await q.query(`ALTER TABLE dispatch_order ADD CONSTRAINT dispatch_order_cancel_reason CHECK (cancel_reason IN ('released', 'closed'))`);
    await q.query(`ALTER TABLE dispatch_order ADD CONSTRAINT dispatch_order_cancelled CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dispatch_order DROP CONSTRAINT dispatch_order_cancelled, DROP CONSTRAINT dispatch_order_cancel_reason`);
    await q.query(`ALTER TABLE dispatch_order DROP COLUMN late_ack_at, DROP COLUMN cancel_reason, DROP COLUMN cancelled_at`);
  }
}
