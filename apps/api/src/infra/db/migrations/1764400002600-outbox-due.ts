import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The outbox's claim reads pending messages in id order: without an index of pending ids it walked
 * every delivered message first (the outbox keeps them as the delivery record), slower with each day.
 */
export class OutboxDue1764400002600 implements MigrationInterface {
  name = 'OutboxDue1764400002600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX outbox_due_idx ON outbox (id) WHERE state = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX outbox_due_idx');
  }
}
