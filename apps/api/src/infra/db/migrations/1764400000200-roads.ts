import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * pgRouting tables: road_vertex and road_edge (cost / reverse_cost in seconds, -1 = not allowed that
 * way), by region so a real extract can replace the synthetic one; road_closure for closed edges.
 */
export class Roads1764400000200 implements MigrationInterface {
  name = 'Roads1764400000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE road_region (
        name text PRIMARY KEY CHECK (name ~ '^[a-z0-9_-]{1,40}$'),
        source text NOT NULL,
        synthetic boolean NOT NULL,
        attribution text NOT NULL,
        vertex_count integer NOT NULL,
        edge_count integer NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE road_vertex (
        id bigint PRIMARY KEY,
        region text NOT NULL REFERENCES road_region (name) ON DELETE CASCADE,
        geom geometry(Point, 4326) NOT NULL
      )`);
    await q.query(`
      CREATE TABLE road_edge (
        id bigint PRIMARY KEY,
        region text NOT NULL REFERENCES road_region (name) ON DELETE CASCADE,
        source bigint NOT NULL,
        target bigint NOT NULL,
        cost double precision NOT NULL,
        reverse_cost double precision NOT NULL,
        length_m double precision NOT NULL,
        class text NOT NULL,
        name text,
        kmh real NOT NULL,
        osm_id bigint,
        closed boolean NOT NULL DEFAULT false,
        geom geometry(LineString, 4326) NOT NULL,
        CHECK (cost >= 0 OR reverse_cost >= 0)
      )`);
    await q.query('CREATE SEQUENCE road_vertex_id_seq AS bigint');
    await q.query('CREATE SEQUENCE road_edge_id_seq AS bigint');
    await q.query('CREATE INDEX road_edge_geom_idx ON road_edge USING gist (geom)');
    await q.query('CREATE INDEX road_edge_region_idx ON road_edge (region)');
    await q.query('CREATE INDEX road_vertex_region_idx ON road_vertex (region)');
    await q.query(`
      CREATE TABLE road_closure (
        id bigserial PRIMARY KEY,
        edge_id bigint NOT NULL,
        region text NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        closed_by text NOT NULL,
        closed_at timestamptz NOT NULL DEFAULT now(),
        reopened_at timestamptz,
        reopen_note text,
        geom geometry(LineString, 4326) NOT NULL
      )`);
    await q.query('CREATE UNIQUE INDEX road_closure_active_idx ON road_closure (edge_id) WHERE reopened_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE road_closure, road_edge, road_vertex, road_region');
    await q.query('DROP SEQUENCE road_vertex_id_seq, road_edge_id_seq');
  }
}
