import { DataSource, EntityManager } from 'typeorm';
import { SERVICE_MARGIN_M } from '../common/service-area';

/** Where something is, as a jurisdiction sees it: the city and county adcodes. */
export type Area = { cityAdcode: number | null; countyAdcode: number | null };

/** SQL: a unit whose home is in the jurisdiction `$param` works on incident `alias` now (the rule's "helping"). */
export const helpingSql = (alias: string, param: string) =>
  `EXISTS (SELECT 1 FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN station s ON s.id = u.station_id
            WHERE a.incident_id = ${alias}.id AND a.status = 'active' AND (s.city_adcode = ${param} OR s.county_adcode = ${param}))`;

/** SQL: the area of a level that contains point p, else the nearest within $3 metres (the bounding-box test first: 0.06° > 5 km here). */
const NEAREST = (level: 'city' | 'county') =>
  `(SELECT adcode FROM admin_area WHERE level = '${level}' AND geom && ST_Expand(p, 0.06) AND (ST_Contains(geom, p) OR ST_DWithin(geom::geography, p::geography, $3))
     ORDER BY ST_Contains(geom, p) DESC, geom <-> p LIMIT 1)`;

const UNIT_HOME = 'SELECT s.city_adcode AS "cityAdcode", s.county_adcode AS "countyAdcode" FROM unit u JOIN station s ON s.id = u.station_id';

/** SQL for the jurisdiction rule: the areas of incidents, units, places and roads. */
export class JurisdictionRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Whether a point is in the service area (Jiangxi and SERVICE_MARGIN_M around it), and the city and
   * county it lies in — in the margin, the nearest ones (nulls outside).
   */
  async placeArea(lon: number, lat: number): Promise<Area & { inside: boolean }> {
    const [r] = (await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM admin_area WHERE level = 'province' AND ST_DWithin(geom::geography, p::geography, $3)) AS inside,
              ${NEAREST('city')} AS "cityAdcode", ${NEAREST('county')} AS "countyAdcode"
         FROM (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS p) x`,
      [lon, lat, SERVICE_MARGIN_M],
    )) as [Area & { inside: boolean }];
    return r;
  }

  /** An incident's area, and whether a unit from `jurisdiction` is working on it now (null: no such incident). */
  async incident(id: number, jurisdiction: number): Promise<(Area & { helping: boolean }) | null> {
    const rows = (await this.db.query(
      `SELECT i.city_adcode AS "cityAdcode", i.county_adcode AS "countyAdcode",
              ${helpingSql('i', '$2')} AS helping
         FROM incident i WHERE i.id = $1`,
      [id, jurisdiction],
    )) as Array<Area & { helping: boolean }>;
    return rows[0] ?? null;
  }

  /** A unit's home (its station's city and county) and the area of the incident it is on, if any (null: no such unit). */
  async unit(id: number): Promise<{ home: Area; incident: Area | null } | null> {
    const rows = (await this.db.query(
      `SELECT h."cityAdcode", h."countyAdcode", i.city_adcode AS "incidentCity", i.county_adcode AS "incidentCounty"
         FROM (${UNIT_HOME} WHERE u.id = $1) h
         LEFT JOIN assignment a ON a.unit_id = $1 AND a.status = 'active' LEFT JOIN incident i ON i.id = a.incident_id`,
      [id],
    )) as Array<Area & { incidentCity: number | null; incidentCounty: number | null }>;
    const r = rows[0];
    if (!r) return null;
    return {
      home: { cityAdcode: r.cityAdcode, countyAdcode: r.countyAdcode },
      incident: r.incidentCity === null && r.incidentCounty === null ? null : { cityAdcode: r.incidentCity, countyAdcode: r.incidentCounty },
    };
  }

  /** The homes of several units (for assignments: which come from outside the dispatcher's jurisdiction). */
  async unitHomes(ids: number[]): Promise<Map<number, Area>> {
    const rows = (await this.db.query(`${UNIT_HOME.replace('SELECT ', 'SELECT u.id, ')} WHERE u.id = ANY($1::int[])`, [ids])) as Array<Area & { id: number }>;
    return new Map(rows.map((r) => [r.id, { cityAdcode: r.cityAdcode, countyAdcode: r.countyAdcode }]));
  }

  /** Where a road edge is (its middle), or null when there is no such edge. */
  async edge(edgeId: number): Promise<Area | null> {
    const rows = (await this.db.query(
      'SELECT ST_X(m) AS lon, ST_Y(m) AS lat FROM (SELECT ST_LineInterpolatePoint(geom, 0.5) AS m FROM road_edge WHERE id = $1) x',
      [edgeId],
    )) as Array<{ lon: number; lat: number }>;
    return rows[0] ? this.placeArea(rows[0].lon, rows[0].lat) : null;
  }

  /** PostGIS's verdict on a GeoJSON geometry ('Valid Geometry' or the reason), and a point on its surface. */
  async geometry(g: unknown): Promise<{ reason: string; lon: number; lat: number }> {
    const [r] = (await this.db.query(
      'SELECT ST_IsValidReason(x.g) AS reason, ST_X(ST_PointOnSurface(x.g)) AS lon, ST_Y(ST_PointOnSurface(x.g)) AS lat FROM (SELECT ST_GeomFromGeoJSON($1) AS g) x',
      [JSON.stringify(g)],
    )) as [{ reason: string; lon: number; lat: number }];
    return r;
  }

  /** The name of a province, city or county by its adcode. */
  async areaName(adcode: number | null): Promise<string | null> {
    if (adcode === null) return null;
    const rows = (await this.db.query('SELECT name FROM admin_area WHERE adcode = $1', [adcode])) as Array<{ name: string }>;
    return rows[0]?.name ?? null;
  }

  /** A unit's id and name, when there is one. */
  async unitName(id: number): Promise<{ id: number; name: string } | null> {
    const rows = (await this.db.query('SELECT id, name FROM unit WHERE id = $1', [id])) as Array<{ id: number; name: string }>;
    return rows[0] ?? null;
  }

  /** The edge a closure is on. */
  async closureEdge(closureId: number): Promise<number | null> {
    const rows = (await this.db.query('SELECT edge_id::float8 AS "edgeId" FROM road_closure WHERE id = $1', [closureId])) as Array<{ edgeId: number }>;
    return rows[0]?.edgeId ?? null;
  }
}
