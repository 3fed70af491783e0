import type { Queryable } from '../infra/db/unit-of-work';

export type FirstEngineState = { stamp: string; computedAt: Date; edges: number; tookMs: number };

/** SQL of the first-engine layer: what it is computed from, and the layer itself. */
export class FirstEngineRepository {
  constructor(private readonly db: Queryable) {}

  /** A stamp of the inputs in the database: the closures in force, the stations and where they stand (as the coverage report counts them), the calibration in use. */
  async inputsStamp(): Promise<string> {
    const [r] = (await this.db.query(
      `SELECT md5(coalesce((SELECT string_agg(edge_id::text, ',' ORDER BY edge_id) FROM road_closure WHERE reopened_at IS NULL), '') || '|' ||
                  coalesce((SELECT string_agg(s.id || '@' || ST_AsText(s.geom), ',' ORDER BY s.id) FROM station s), '') || '|' ||
                  coalesce((SELECT string_agg(id::text, ',' ORDER BY id) FROM eta_calibration WHERE in_use), '')) AS stamp`,
    )) as Array<{ stamp: string }>;
    return r.stamp;
  }

  async state(): Promise<FirstEngineState | null> {
    const rows = (await this.db.query(`SELECT stamp, computed_at AS "computedAt", edges, took_ms AS "tookMs" FROM reach_state`)) as FirstEngineState[];
    return rows[0] ?? null;
  }

  /** Takes the layer's lock for this transaction (waits while another process writes it). */
  async lock(): Promise<void> {
    await this.db.query(`SELECT pg_advisory_xact_lock(hashtext('gan119.first_engine'))`);
  }

  /** Replaces the layer (inside the caller's transaction). */
  async replace(edgeIds: Float64Array, seconds: Float32Array, stations: Int32Array, count: number, stamp: string, tookMs: number): Promise<void> {
    await this.db.query('TRUNCATE reach_edge');
    const CHUNK = 100_000;
    for (let i = 0; i < count; i += CHUNK) {
      const n = Math.min(CHUNK, count - i);
      await this.db.query(`INSERT INTO reach_edge (edge_id, seconds, station_id) SELECT * FROM unnest($1::bigint[], $2::real[], $3::int[])`, [
        Array.from(edgeIds.subarray(i, i + n)),
        Array.from(seconds.subarray(i, i + n)),
        Array.from(stations.subarray(i, i + n)),
      ]);
    }
    await this.db.query(
      `INSERT INTO reach_state (id, stamp, computed_at, edges, took_ms) VALUES (true, $1, now(), $2, $3)
       ON CONFLICT (id) DO UPDATE SET stamp = EXCLUDED.stamp, computed_at = EXCLUDED.computed_at, edges = EXCLUDED.edges, took_ms = EXCLUDED.took_ms`,
      [stamp, count, tookMs],
    );
  }
}
