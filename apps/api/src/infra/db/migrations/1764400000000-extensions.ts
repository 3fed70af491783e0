import { MigrationInterface, QueryRunner } from 'typeorm';

/** PostGIS and pgRouting are part of the schema: created here, never by the ORM at boot. */
export class Extensions1764400000000 implements MigrationInterface {
  name = 'Extensions1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await q.query('CREATE EXTENSION IF NOT EXISTS pgrouting');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP EXTENSION IF EXISTS pgrouting');
    await q.query('DROP EXTENSION IF EXISTS postgis');
  }
}
