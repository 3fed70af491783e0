import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether the record refers to a unit (an assignment, an order, a live position, an account): such a
 * unit is retired, never deleted, when a roster replaces it. One definition in the database (an
 * inlinable SQL function) instead of a fragment pasted into the queries that need it.
 */
export class UnitIsReferenced1764400001300 implements MigrationInterface {
  name = 'UnitIsReferenced1764400001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION unit_is_referenced(unit_id integer) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = $1) OR EXISTS (SELECT 1 FROM dispatch_order o WHERE o.unit_id = $1)
            OR EXISTS (SELECT 1 FROM avl_position p WHERE p.unit_id = $1) OR EXISTS (SELECT 1 FROM app_user x WHERE x.unit_id = $1)
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION unit_is_referenced(integer)');
  }
}
