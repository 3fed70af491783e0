import { MigrationInterface, QueryRunner } from 'typeorm';

/** Province, cities (支队) and counties (大队): jurisdictions and the service area. */
export class AdminAreas1764400000100 implements MigrationInterface {
  name = 'AdminAreas1764400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE admin_area (
        adcode integer PRIMARY KEY,
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('province', 'city', 'county')),
        parent_adcode integer REFERENCES admin_area (adcode),
        seat geometry(Point, 4326) NOT NULL,
        geom geometry(MultiPolygon, 4326) NOT NULL,
        source text NOT NULL
      )`);
    await q.query('CREATE INDEX admin_area_geom_idx ON admin_area USING gist (geom)');
    await q.query('CREATE INDEX admin_area_level_idx ON admin_area (level)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE admin_area');
  }
}
