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
}
