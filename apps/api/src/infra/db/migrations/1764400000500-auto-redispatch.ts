import { MigrationInterface, QueryRunner } from 'typeorm';

/** A stored response plan says whether an unanswered order sends the next-best unit by itself; orders remember what replaced them. */
export class AutoRedispatch1764400000500 implements MigrationInterface {
  name = 'AutoRedispatch1764400000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE response_plan ADD COLUMN auto_redispatch boolean NOT NULL DEFAULT false');
    await q.query('ALTER TABLE dispatch_order ADD COLUMN replaced_by uuid REFERENCES dispatch_order (id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE dispatch_order DROP COLUMN replaced_by');
    await q.query('ALTER TABLE response_plan DROP COLUMN auto_redispatch');
  }
}
