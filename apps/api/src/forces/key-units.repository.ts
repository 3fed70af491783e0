import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { DataSource, EntityManager } from 'typeorm';

export type KeyUnitIn = {
  name: string;
  hazards: string[];
  preplan: string | null;
  contacts: Array<{ name: string; phone: string }>;
  geometry: Geometry;
  demo: boolean;
};

/** SQL for key units (重点单位). */
export class KeyUnitRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Inserts a key unit; the geometry must be a valid Point, Polygon or MultiPolygon (checked by PostGIS). */
  async insert(k: KeyUnitIn): Promise<number> {
    const [{ id }] = (await this.db.query(
      `INSERT INTO key_unit (name, hazards, preplan, contacts, demo, geom, county_adcode)
       SELECT $1, $2, $3, $4::jsonb, $5, g, (SELECT a.adcode FROM admin_area a WHERE a.level = 'county' AND ST_Intersects(a.geom, g) LIMIT 1)
         FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($6), 4326) AS g) x RETURNING id`,
      [k.name, k.hazards, k.preplan, JSON.stringify(k.contacts), k.demo, JSON.stringify(k.geometry)],
    )) as [{ id: number }];
    return id;
  }

  async deleteDemo(): Promise<void> {
    await this.db.query('DELETE FROM key_unit WHERE demo');
  }

  /** Key units a point falls on, or lies within `radiusM` of, nearest first. */
  async near(lon: number, lat: number, radiusM: number): Promise<FeatureCollection> {
    return this.collection(
      (await this.db.query(
        `SELECT id, name, hazards, preplan, contacts, demo, ST_AsGeoJSON(geom, 6)::json AS geometry,
                ST_Distance(geom::geography, p::geography) AS "distanceM", ST_Intersects(geom, p) AS inside
           FROM key_unit, (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS p) x
          WHERE ST_DWithin(geom::geography, p::geography, $3)
          ORDER BY ST_Distance(geom::geography, p::geography) LIMIT 20`,
        [lon, lat, radiusM],
      )) as Array<Record<string, unknown> & { geometry: Geometry }>,
    );
  }

  async all(): Promise<FeatureCollection> {
    return this.collection(
      (await this.db.query(
        `SELECT id, name, hazards, preplan, contacts, demo, ST_AsGeoJSON(geom, 6)::json AS geometry FROM key_unit ORDER BY id LIMIT 5000`,
      )) as Array<Record<string, unknown> & { geometry: Geometry }>,
    );
  }

  private collection(rows: Array<Record<string, unknown> & { geometry: Geometry }>): FeatureCollection {
    return { type: 'FeatureCollection', features: rows.map(({ geometry, ...p }): Feature => ({ type: 'Feature', geometry, properties: p })) };
  }
}
