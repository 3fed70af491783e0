import type { PolygonRings, Seat } from '@gan119/geo';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { DataSource, EntityManager } from 'typeorm';

export type AdminLevel = 'province' | 'city' | 'county';
export const ADMIN_LEVELS: readonly AdminLevel[] = ['province', 'city', 'county'];

export type AdminAreaRow = {
  adcode: number;
  name: string;
  level: AdminLevel;
  parentAdcode: number | null;
  seat: [number, number];
  geom: MultiPolygon;
  source: string;
};

/** SQL for the admin_area table. */
export class AdminAreaRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Inserts or replaces areas, parents first. */
  async upsert(rows: AdminAreaRow[]): Promise<void> {
    const order: Record<AdminLevel, number> = { province: 0, city: 1, county: 2 };
    for (const r of [...rows].sort((a, b) => order[a.level] - order[b.level])) {
      await this.db.query(
        `INSERT INTO admin_area (adcode, name, level, parent_adcode, seat, geom, source)
         VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326),
                 ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($7), 4326)), 3)), $8)
         ON CONFLICT (adcode) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level,
           parent_adcode = EXCLUDED.parent_adcode, seat = EXCLUDED.seat, geom = EXCLUDED.geom, source = EXCLUDED.source`,
        [r.adcode, r.name, r.level, r.parentAdcode, r.seat[0], r.seat[1], JSON.stringify(r.geom), r.source],
      );
    }
  }

  async count(): Promise<number> {
    const [{ n }] = (await this.db.query('SELECT count(*)::int AS n FROM admin_area')) as [{ n: number }];
    return n;
  }

  /** Areas of one level as GeoJSON, simplified to `tolerance` degrees (0 = full detail). */
  async featureCollection(level: AdminLevel, tolerance: number): Promise<FeatureCollection> {
    const rows = (await this.db.query(
      `SELECT adcode, name, level, parent_adcode AS "parentAdcode", source,
              json_build_array(ST_X(seat), ST_Y(seat)) AS seat,
              ST_AsGeoJSON(CASE WHEN $2::float8 > 0 THEN ST_SimplifyPreserveTopology(geom, $2::float8) ELSE geom END, 6)::json AS geometry
         FROM admin_area WHERE level = $1 ORDER BY adcode`,
      [level, tolerance],
    )) as Array<Record<string, unknown> & { geometry: MultiPolygon }>;
    const features: Feature[] = rows.map(({ geometry, ...props }) => ({ type: 'Feature', geometry, properties: props }));
    return { type: 'FeatureCollection', features };
  }

  /** The city and county seats, and the province outline, as the synthetic network needs them. */
  async seatsAndProvince(): Promise<{ seats: Seat[]; province: PolygonRings[] }> {
    const seats = (await this.db.query(
      `SELECT adcode, name, level, parent_adcode AS parent, json_build_array(ST_X(seat), ST_Y(seat)) AS "lonLat"
         FROM admin_area WHERE level IN ('city', 'county') ORDER BY adcode`,
    )) as Array<{ adcode: number; name: string; level: 'city' | 'county'; parent: number; lonLat: [number, number] }>;
    const prov = (await this.db.query(`SELECT ST_AsGeoJSON(geom)::json AS g FROM admin_area WHERE level = 'province' LIMIT 1`)) as Array<{
      g: { coordinates: PolygonRings[] };
    }>;
    if (!prov.length || !seats.length) throw new Error('the admin areas are not loaded (run the demo seed first)');
    return { seats: seats.map((s) => ({ ...s, isDistrict: s.name.endsWith('区') })), province: prov[0].g.coordinates };
  }

  /** A county's seat, else its city's (the assembly point of a major incident). */
  async seatOf(countyAdcode: number | null, cityAdcode: number | null): Promise<{ name: string; lon: number; lat: number } | null> {
    const rows = (await this.db.query(`SELECT name, ST_X(seat) AS lon, ST_Y(seat) AS lat FROM admin_area WHERE adcode = coalesce($1::int, $2::int)`, [
      countyAdcode,
      cityAdcode,
    ])) as Array<{ name: string; lon: number; lat: number }>;
    return rows[0] ?? null;
  }
}
