import { DataSource, EntityManager } from 'typeorm';

export type CoverageCounty = { adcode: number; name: string; cityAdcode: number | null; cityName: string | null };
export type CoverageStation = { id: number; code: string; name: string; lon: number; lat: number; kinds: string[] };
export type CoveragePlace = { id: number; name: string; kind: string; countyAdcode: number | null; lon: number; lat: number };
export type CoverageKeyUnit = { id: number; name: string; countyAdcode: number | null; hazards: string[]; lon: number; lat: number };

/** What coverage is computed from: the counties and the county of each road edge, the stations with their units' kinds, the key units. */
export class CoverageRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The county each road edge lies in (by its middle point; edges outside every county are left out). */
  async edgeCounties(): Promise<Array<{ id: number; adcode: number }>> {
    const rows = (await this.db.query(
      `SELECT e.id, a.adcode FROM road_edge e JOIN admin_area a ON a.level = 'county' AND ST_Intersects(a.geom, ST_LineInterpolatePoint(e.geom, 0.5))`,
    )) as Array<{ id: string; adcode: number }>;
    return rows.map((r) => ({ id: Number(r.id), adcode: r.adcode }));
  }

  async counties(): Promise<CoverageCounty[]> {
    return (await this.db.query(
      `SELECT c.adcode, c.name, c.parent_adcode AS "cityAdcode", p.name AS "cityName"
         FROM admin_area c LEFT JOIN admin_area p ON p.adcode = c.parent_adcode WHERE c.level = 'county' ORDER BY c.adcode`,
    )) as CoverageCounty[];
  }

  /** Every station with the kinds of the units based there (planning counts the roster, whatever each unit is doing now). */
  async stations(): Promise<CoverageStation[]> {
    return (await this.db.query(
      `SELECT s.id, s.code, s.name, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, coalesce(array_agg(u.kind) FILTER (WHERE u.id IS NOT NULL), '{}') AS kinds
         FROM station s LEFT JOIN unit u ON u.station_id = s.id GROUP BY s.id ORDER BY s.id`,
    )) as CoverageStation[];
  }

  /** Key units (重点单位) at a point on their outline or their point. */
  async keyUnits(): Promise<CoverageKeyUnit[]> {
    return (await this.db.query(
      `SELECT id, name, county_adcode AS "countyAdcode", hazards, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM key_unit ORDER BY id`,
    )) as CoverageKeyUnit[];
  }

  /** The places people live, learn and are treated in (小区, villages, schools, hospitals): the demand a station district serves. */
  async places(): Promise<CoveragePlace[]> {
    return (await this.db.query(
      `SELECT id, name, kind, county_adcode AS "countyAdcode", ST_X(geom) AS lon, ST_Y(geom) AS lat FROM place
        WHERE kind IN ('residential', 'village', 'school', 'hospital') ORDER BY id`,
    )) as CoveragePlace[];
  }

  async station(id: number): Promise<CoverageStation | null> {
    const rows = (await this.db.query(
      `SELECT s.id, s.code, s.name, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, coalesce(array_agg(u.kind) FILTER (WHERE u.id IS NOT NULL), '{}') AS kinds
         FROM station s LEFT JOIN unit u ON u.station_id = s.id WHERE s.id = $1 GROUP BY s.id`,
      [id],
    )) as CoverageStation[];
    return rows[0] ?? null;
  }

  /**
   * The area a station reaches within each threshold: the concave hull of its place on the road, the road
   * vertices reached and, per threshold (`frontier[k]`), the points where it stands on roads partly driven
   * (PostGIS ST_ConcaveHull, GEOS 3.11's: about 0.1 s for 20,000 points, where turf's TIN-based hull is
   * slow), each with the smaller thresholds' areas in it, as GeoJSON, with its area in km².
   */
  async reachHulls(
    start: readonly [number, number],
    vertexIds: number[],
    seconds: number[],
    thresholds: readonly number[],
    frontier: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
  ): Promise<Array<{ seconds: number; polygon: object | null; areaKm2: number }>> {
    // each area holds the smaller ones (a running union: the hulls of nested point sets need not nest)
    const rows = (await this.db.query(
      `SELECT seconds, ST_AsGeoJSON(area, 6)::json AS polygon, coalesce(ST_Area(area::geography) / 1e6, 0) AS "areaKm2"
         FROM (SELECT t.seconds, ST_Union(h.hull) OVER (ORDER BY t.seconds) AS area
                 FROM unnest($3::int[]) t(seconds)
                 CROSS JOIN LATERAL (
                   SELECT ST_ConcaveHull(ST_Collect(g), 0.3) AS hull FROM (
                     SELECT v.geom AS g FROM unnest($1::bigint[], $2::float8[]) r(id, s) JOIN road_vertex v ON v.id = r.id WHERE r.s <= t.seconds
                     UNION ALL SELECT ST_SetSRID(ST_MakePoint(p.x, p.y), 4326) FROM unnest($6::float8[], $7::float8[], $8::int[]) p(x, y, th) WHERE p.th = t.seconds
                     UNION ALL SELECT ST_SetSRID(ST_MakePoint($4, $5), 4326)) pts) h) a
        ORDER BY seconds`,
      [
        vertexIds,
        seconds,
        thresholds,
        start[0],
        start[1],
        frontier.flatMap((pts) => pts.map((p) => p[0])),
        frontier.flatMap((pts) => pts.map((p) => p[1])),
        frontier.flatMap((pts, k) => pts.map(() => thresholds[k])),
      ],
    )) as Array<{ seconds: number; polygon: object | null; areaKm2: number }>;
    return rows.map((r) => ({ seconds: r.seconds, polygon: r.polygon, areaKm2: Math.round(Number(r.areaKm2) * 100) / 100 }));
  }
}
