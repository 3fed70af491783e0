import type { Queryable } from '../infra/db/unit-of-work';
import type { AvlFix } from '@gan119/resources';

/** SQL of AVL: the service area's outline (for the per-fix check), which units exist, and the history of fixes. */
export class AvlRepository {
  constructor(private readonly db: Queryable) {}

  /** The province buffered by `marginM` and simplified, as GeoJSON (null before the boundaries are loaded). */
  async serviceOutline(marginM: number): Promise<{ type: string; coordinates: unknown } | null> {
    const rows = (await this.db.query(
      `SELECT ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_Buffer(geom::geography, $1)::geometry, 0.005))::json AS g FROM admin_area WHERE level = 'province' LIMIT 1`,
      [marginM],
    )) as Array<{ g: { type: string; coordinates: unknown } }>;
    return rows[0]?.g ?? null;
  }

  async existingUnits(ids: number[]): Promise<Set<number>> {
    return new Set(((await this.db.query('SELECT id FROM unit WHERE id = ANY($1::int[])', [ids])) as Array<{ id: number }>).map((r) => r.id));
  }

  /** Appends fixes to the history in one statement (a fix already there is a duplicate and is dropped). */
  async appendHistory(fixes: AvlFix[]): Promise<void> {
    await this.db.query(
      `INSERT INTO avl_position (unit_id, ts, lon, lat, speed_kmh, heading)
       SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::float8[], $4::float8[], $5::real[], $6::real[])
       ON CONFLICT (unit_id, ts) DO NOTHING`,
      [
        fixes.map((f) => f.unitId),
        fixes.map((f) => new Date(f.ts).toISOString()),
        fixes.map((f) => f.lon),
        fixes.map((f) => f.lat),
        fixes.map((f) => f.speedKmh ?? null),
        fixes.map((f) => f.heading ?? null),
      ],
    );
  }
}
