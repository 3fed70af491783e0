import type { FeatureCollection, Point } from 'geojson';
import { DataSource, EntityManager } from 'typeorm';

export type WaterSourceRow = { id: number; code: string; kind: string; status: string; note: string | null; lon: number; lat: number; straightM: number };

/** SQL for hydrants and other water sources. */
export class WaterRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Demo hydrants along the urban streets of the (synthetic) network, at least `target` of them, and
   * natural sources along the provincial roads. Deterministic: picks vertices by id.
   */
  async replaceDemoWater(target: number): Promise<{ hydrants: number; natural: number }> {
    await this.db.query('DELETE FROM water_source WHERE demo');
    const [{ n }] = (await this.db.query(
      `SELECT count(DISTINCT v.id)::int AS n FROM road_vertex v JOIN road_edge e ON e.source = v.id WHERE e.class IN ('residential', 'secondary', 'primary')`,
    )) as [{ n: number }];
    if (n === 0) return { hydrants: 0, natural: 0 };
    const every = Math.max(1, Math.floor(n / (target * 1.05)));
    await this.db.query(
      `INSERT INTO water_source (code, kind, status, county_adcode, note, demo, geom)
       SELECT 'HY' || v.id, 'hydrant',
              CASE WHEN (v.id / $1) % 100 < 92 THEN 'in_service' WHEN (v.id / $1) % 100 < 97 THEN 'out_of_service' ELSE 'low_pressure' END,
              (SELECT a.adcode FROM admin_area a WHERE a.level = 'county' AND ST_Contains(a.geom, v.geom) LIMIT 1),
              '市政消火栓（演示数据）', true, v.geom
         FROM (SELECT DISTINCT v.id, v.geom FROM road_vertex v JOIN road_edge e ON e.source = v.id
                WHERE e.class IN ('residential', 'secondary', 'primary') AND e.name IS DISTINCT FROM NULL AND e.name !~ '^[SX][0-9]') v
        WHERE v.id % $1 = 0`,
      [every],
    );
    await this.db.query(
      `INSERT INTO water_source (code, kind, status, county_adcode, note, demo, geom)
       SELECT 'NW' || v.id, 'natural', 'in_service',
              (SELECT a.adcode FROM admin_area a WHERE a.level = 'county' AND ST_Contains(a.geom, v.geom) LIMIT 1),
              '天然水源取水点（演示数据）', true, v.geom
         FROM (SELECT DISTINCT v.id, v.geom FROM road_vertex v JOIN road_edge e ON e.source = v.id WHERE e.name ~ '^[SX][0-9]') v
        WHERE v.id % 7 = 0`,
    );
    const [c] = (await this.db.query(
      `SELECT count(*) FILTER (WHERE kind = 'hydrant')::int AS hydrants, count(*) FILTER (WHERE kind = 'natural')::int AS natural FROM water_source`,
    )) as [{ hydrants: number; natural: number }];
    return c;
  }

  /** The nearest in-service sources by straight line (the candidates for the road-time ranking). */
  async nearestInService(lon: number, lat: number, limit: number): Promise<WaterSourceRow[]> {
    return (await this.db.query(
      `SELECT id, code, kind, status, note, ST_X(geom) AS lon, ST_Y(geom) AS lat,
              ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS "straightM"
         FROM water_source WHERE status = 'in_service'
        ORDER BY geom <-> ST_SetSRID(ST_MakePoint($1, $2), 4326) LIMIT $3`,
      [lon, lat, limit],
    )) as WaterSourceRow[];
  }

  async featureCollection(bbox: [number, number, number, number] | null, status: string | null, limit: number): Promise<FeatureCollection<Point>> {
    const rows = (await this.db.query(
      `SELECT id, code, kind, status, note, demo, ST_AsGeoJSON(geom, 6)::json AS geometry FROM water_source
        WHERE ($1::float8 IS NULL OR geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)) AND ($5::text IS NULL OR status = $5)
        ORDER BY id LIMIT $6`,
      [bbox?.[0] ?? null, bbox?.[1] ?? null, bbox?.[2] ?? null, bbox?.[3] ?? null, status, limit],
    )) as Array<Record<string, unknown> & { geometry: Point }>;
    return { type: 'FeatureCollection', features: rows.map(({ geometry, ...p }) => ({ type: 'Feature', geometry, properties: p })) };
  }
}
