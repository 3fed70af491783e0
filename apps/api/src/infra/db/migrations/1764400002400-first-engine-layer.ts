import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The first-engine layer: each road edge's time (at its middle) from the nearest station on the road
 * graph, driving only, as the worker last computed it, for the map's vector tiles; and what it was
 * computed from (a stamp of the graph, the closures, the stations and the calibration in use), so the
 * worker computes it again in the background when any of them changes.
 */
export class FirstEngineLayer1764400002400 implements MigrationInterface {
  name = 'FirstEngineLayer1764400002400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reach_edge (edge_id bigint PRIMARY KEY, seconds real NOT NULL, station_id integer NOT NULL)`);
    await q.query(`
      CREATE TABLE reach_state (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        stamp text NOT NULL,
        computed_at timestamptz NOT NULL,
        edges integer NOT NULL,
        took_ms integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE reach_edge, reach_state');
  }
}
