import { CLASS_MIN_ZOOM, RoadClass } from '@gan119/geo';
import type { Queryable } from '../infra/db/unit-of-work';

// tile extent 4096 (the MVT default) is written into the SQL below
const WORLD = 2 * 20037508.342789244;

/** A tile's worth of one layer as Mapbox Vector Tile bytes (ST_AsMVT), or an empty buffer. */
export type TileLayer = 'roads' | 'boundaries' | 'stations' | 'water' | 'key_units' | 'first_engine';
export const TILE_LAYERS: readonly TileLayer[] = ['roads', 'boundaries', 'stations', 'water', 'key_units', 'first_engine'];

/** Point and area layers of the forces: one query each ($1..$3 = z, x, y). */
const FORCE_LAYER_SQL: Record<'stations' | 'water' | 'key_units', string> = {
  stations: `
    WITH b AS (SELECT ST_TileEnvelope($1, $2, $3) AS env, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 0.05), 4326) AS env4326),
         t AS (SELECT ST_AsMVTGeom(ST_Transform(s.geom, 3857), b.env, 4096, 16, true) AS geom, s.id, s.code, s.name, s.kind, s.demo
                 FROM station s, b WHERE s.geom && b.env4326)
    SELECT ST_AsMVT(t.*, 'stations', 4096, 'geom') AS mvt FROM t WHERE geom IS NOT NULL`,
  water: `
    WITH b AS (SELECT ST_TileEnvelope($1, $2, $3) AS env, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 0.05), 4326) AS env4326),
         t AS (SELECT ST_AsMVTGeom(ST_Transform(w.geom, 3857), b.env, 4096, 16, true) AS geom, w.id, w.code, w.kind, w.status, w.demo
                 FROM water_source w, b WHERE w.geom && b.env4326 AND $1 >= 11)
    SELECT ST_AsMVT(t.*, 'water', 4096, 'geom') AS mvt FROM t WHERE geom IS NOT NULL`,
  key_units: `
    WITH b AS (SELECT ST_TileEnvelope($1, $2, $3) AS env, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 0.05), 4326) AS env4326),
         t AS (SELECT ST_AsMVTGeom(ST_Transform(k.geom, 3857), b.env, 4096, 16, true) AS geom, k.id, k.name, array_to_string(k.hazards, ',') AS hazards, k.demo
                 FROM key_unit k, b WHERE k.geom && b.env4326)
    SELECT ST_AsMVT(t.*, 'key_units', 4096, 'geom') AS mvt FROM t WHERE geom IS NOT NULL`,
};

/** Classes drawn at a zoom (major roads first; streets from the city zooms on). */
export function classesAt(z: number): RoadClass[] {
  return (Object.keys(CLASS_MIN_ZOOM) as RoadClass[]).filter((c) => CLASS_MIN_ZOOM[c] <= z);
}

export class TilesRepository {
  constructor(private readonly db: Queryable) {}

  async tile(layer: TileLayer, z: number, x: number, y: number): Promise<Buffer> {
    if (layer === 'stations' || layer === 'water' || layer === 'key_units') {
      const [row] = (await this.db.query(FORCE_LAYER_SQL[layer], [z, x, y])) as [{ mvt: Buffer | null }];
      return row.mvt ?? Buffer.alloc(0);
    }
    const tolerance = WORLD / 2 ** z / 4096; // one tile pixel in metres
    if (layer === 'first_engine') return this.firstEngine(z, x, y, tolerance);
    if (layer === 'roads') {
      // below street zooms, pieces of one road are merged into one feature per road (class and name)
      const detailed = z >= 12;
      const [row] = (await this.db.query(
        `WITH b AS (SELECT ST_TileEnvelope($1, $2, $3) AS env, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 0.02), 4326) AS env4326),
              e AS (
                SELECT e.id, e.class, e.name, e.closed, (e.cost < 0 OR e.reverse_cost < 0) AS oneway, r.synthetic, ST_Transform(e.geom, 3857) AS g
                  FROM road_edge e JOIN road_region r ON r.name = e.region, b
                 WHERE e.geom && b.env4326 AND e.class = ANY($5::text[])),
              t AS (
                SELECT ST_AsMVTGeom(ST_Simplify(g, $4), b.env, 4096, 64, true) AS geom, id, class, name, closed, oneway, synthetic
                  FROM e, b WHERE $6
                UNION ALL
                SELECT ST_AsMVTGeom(ST_Simplify(ST_LineMerge(ST_Collect(g)), $4), (SELECT env FROM b), 4096, 64, true), NULL, class, name, false, false, bool_or(synthetic)
                  FROM e WHERE NOT $6 GROUP BY class, name)
         SELECT ST_AsMVT(t.*, 'roads', 4096, 'geom') AS mvt FROM t WHERE geom IS NOT NULL`,
        [z, x, y, tolerance, classesAt(z), detailed],
      )) as [{ mvt: Buffer | null }];
      return row.mvt ?? Buffer.alloc(0);
    }
    const [row] = (await this.db.query(
      `WITH b AS (SELECT ST_TileEnvelope($1, $2, $3) AS env, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 0.02), 4326) AS env4326),
            a AS (
              SELECT ST_AsMVTGeom(ST_Boundary(ST_Simplify(ST_Transform(a.geom, 3857), $4)), b.env, 4096, 64, true) AS geom, a.adcode, a.name, a.level
                FROM admin_area a, b
               WHERE a.geom && b.env4326 AND (a.level <> 'county' OR $1 >= 7)),
            s AS (
              SELECT ST_AsMVTGeom(ST_Transform(a.seat, 3857), b.env, 4096, 0, true) AS geom, a.adcode, a.name, a.level
                FROM admin_area a, b
               WHERE a.seat && b.env4326 AND a.level <> 'province' AND (a.level = 'city' OR $1 >= 8))
       SELECT (SELECT ST_AsMVT(a.*, 'boundaries', 4096, 'geom') FROM a WHERE geom IS NOT NULL)
           || (SELECT ST_AsMVT(s.*, 'seats', 4096, 'geom') FROM s WHERE geom IS NOT NULL) AS mvt`,
      [z, x, y, tolerance],
    )) as [{ mvt: Buffer | null }];
    return row.mvt ?? Buffer.alloc(0);
  }

  /**
   * Road edges by minutes from the nearest station (reach_edge, computed by the worker; 99: beyond its
   * horizon): each edge at street zooms, merged by class and minute below them.
   */
  private async firstEngine(z: number, x: number, y: number, tolerance: number): Promise<Buffer> {
    const [row] = (await this.db.query(
      `WITH b AS (SELECT ST_TileEnvelope($1, $2, $3) AS env, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 0.02), 4326) AS env4326),
            e AS (
              SELECT e.id, e.class, r.seconds, coalesce(least(floor(r.seconds / 60), 98), 99)::int AS minutes, ST_Transform(e.geom, 3857) AS g
                FROM road_edge e LEFT JOIN reach_edge r ON r.edge_id = e.id, b
               WHERE e.geom && b.env4326 AND e.class = ANY($5::text[]) AND NOT e.closed),
            t AS (
              SELECT ST_AsMVTGeom(ST_Simplify(g, $4), b.env, 4096, 64, true) AS geom, id, class, round(seconds)::int AS seconds, minutes FROM e, b WHERE $6
              UNION ALL
              SELECT ST_AsMVTGeom(ST_Simplify(ST_LineMerge(ST_Collect(g)), $4), (SELECT env FROM b), 4096, 64, true), NULL, class, NULL, minutes
                FROM e WHERE NOT $6 GROUP BY class, minutes)
       SELECT ST_AsMVT(t.*, 'first_engine', 4096, 'geom') AS mvt FROM t WHERE geom IS NOT NULL`,
      [z, x, y, tolerance, classesAt(z), z >= 12],
    )) as [{ mvt: Buffer | null }];
    return row.mvt ?? Buffer.alloc(0);
  }
}
