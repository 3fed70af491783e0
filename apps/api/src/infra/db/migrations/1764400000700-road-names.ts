import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each region's road names once, at a point of the road: what the place search (定位) scans, ten
 * thousand names instead of half a million edges. Rebuilt with the region's network on every import.
 */
export class RoadNames1764400000700 implements MigrationInterface {
  name = 'RoadNames1764400000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE road_name (
        region text NOT NULL REFERENCES road_region (name) ON DELETE CASCADE,
        name text NOT NULL,
        geom geometry(Point, 4326) NOT NULL,
        PRIMARY KEY (region, name)
      )`);
    await q.query(`
      INSERT INTO road_name (region, name, geom)
      SELECT DISTINCT ON (e.region, e.name) e.region, e.name, ST_LineInterpolatePoint(e.geom, 0.5)
        FROM road_edge e WHERE e.name IS NOT NULL AND e.name <> ''
       ORDER BY e.region, e.name, e.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE road_name');
  }
}
