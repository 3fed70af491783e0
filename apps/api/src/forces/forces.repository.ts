import type { DemoRoster } from '@gan119/resources';
import { Capability, capabilitiesOf, UNIT_KINDS, UnitStatus } from '@gan119/resources';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { DataSource, EntityManager } from 'typeorm';

export type UnitRow = {
  id: number;
  code: string;
  name: string;
  kind: string;
  capabilities: string[];
  crew: number;
  turnoutS: number;
  status: UnitStatus;
  statusReason: string | null;
  statusSince: string;
  version: number;
  demo: boolean;
  station: { id: number; code: string; name: string; kind: string };
  cityAdcode: number;
  countyAdcode: number | null;
  home: { lon: number; lat: number };
};

export type UnitFilter = {
  status?: string[];
  kind?: string[];
  capability?: string[];
  cityAdcode?: number;
  countyAdcode?: number;
  near?: { lon: number; lat: number; radiusM: number };
  within?: string; // GeoJSON polygon text, already validated
  limit: number;
};

const UNIT_SELECT = `
  SELECT u.id, u.code, u.name, u.kind, u.capabilities, u.crew, u.turnout_s AS "turnoutS", u.status,
         u.status_reason AS "statusReason", u.status_since AS "statusSince", u.version, u.demo,
         json_build_object('id', s.id, 'code', s.code, 'name', s.name, 'kind', s.kind) AS station,
         s.city_adcode AS "cityAdcode", s.county_adcode AS "countyAdcode",
         json_build_object('lon', ST_X(s.geom), 'lat', ST_Y(s.geom)) AS home
    FROM unit u JOIN station s ON s.id = u.station_id`;

const UNIT_BY_ID = UNIT_SELECT + ' WHERE u.id = $1';
const UNIT_BY_ID_FOR_UPDATE = UNIT_BY_ID + ' FOR NO KEY UPDATE OF u';

/** SQL for stations and units. */
export class ForcesRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Writes the demo roster again (non-demo records are kept). Stations and units are matched by code
   * and updated in place, so ids, statuses and everything that refers to them (assignments, orders,
   * positions, accounts) survive a second `npm run up`; a demo unit no longer in the roster is removed
   * unless the record refers to it.
   */
  async replaceDemoRoster(r: DemoRoster): Promise<{ stations: number; units: number }> {
    await this.db.query('DELETE FROM unit u WHERE u.demo AND NOT (u.code = ANY($1::text[])) AND NOT unit_is_referenced(u.id)', [r.units.map((u) => u.code)]);
    await this.db.query(
      `INSERT INTO station (code, name, kind, city_adcode, county_adcode, demo, geom)
       SELECT code, name, kind, city, county, true, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::float8[], $7::float8[]) AS t(code, name, kind, city, county, lon, lat)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, city_adcode = EXCLUDED.city_adcode,
         county_adcode = EXCLUDED.county_adcode, geom = EXCLUDED.geom`,
      [
        r.stations.map((s) => s.code),
        r.stations.map((s) => s.name),
        r.stations.map((s) => s.kind),
        r.stations.map((s) => s.cityAdcode),
        r.stations.map((s) => s.countyAdcode),
        r.stations.map((s) => s.lonLat[0]),
        r.stations.map((s) => s.lonLat[1]),
      ],
    );
    await this.db.query(
      `INSERT INTO unit (code, name, kind, station_id, capabilities, crew, turnout_s, demo)
       SELECT t.code, t.name, t.kind, s.id, string_to_array(t.caps, ','), t.crew, t.turnout, true
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[]) AS t(code, name, kind, station, caps, crew, turnout)
         JOIN station s ON s.code = t.station
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, station_id = EXCLUDED.station_id, capabilities = EXCLUDED.capabilities,
         crew = EXCLUDED.crew, turnout_s = EXCLUDED.turnout_s`,
      [
        r.units.map((u) => u.code),
        r.units.map((u) => u.name),
        r.units.map((u) => u.kind),
        r.units.map((u) => u.stationCode),
        r.units.map((u) => capabilitiesOf(u.kind).join(',')),
        r.units.map((u) => UNIT_KINDS[u.kind].crew),
        r.units.map((u) => UNIT_KINDS[u.kind].turnoutS),
      ],
    );
    await this.db.query(
      'DELETE FROM station st WHERE st.demo AND NOT (st.code = ANY($1::text[])) AND NOT EXISTS (SELECT 1 FROM unit WHERE unit.station_id = st.id)',
      [r.stations.map((x) => x.code)],
    );
    const [{ s, u }] = (await this.db.query('SELECT (SELECT count(*)::int FROM station) AS s, (SELECT count(*)::int FROM unit) AS u')) as [
      { s: number; u: number },
    ];
    return { stations: s, units: u };
  }

  async units(f: UnitFilter): Promise<UnitRow[]> {
    return (await this.db.query(
      UNIT_SELECT +
        ` WHERE ($1::text[] IS NULL OR u.status = ANY($1))
          AND ($2::text[] IS NULL OR u.kind = ANY($2))
          AND ($3::text[] IS NULL OR u.capabilities @> $3)
          AND ($4::int IS NULL OR s.city_adcode = $4)
          AND ($5::int IS NULL OR s.county_adcode = $5)
          AND ($6::float8 IS NULL OR ST_DWithin(s.geom::geography, ST_SetSRID(ST_MakePoint($6, $7), 4326)::geography, $8))
          AND ($9::text IS NULL OR ST_Within(s.geom, ST_SetSRID(ST_GeomFromGeoJSON($9), 4326)))
        ORDER BY CASE WHEN $6::float8 IS NULL THEN 0 ELSE ST_Distance(s.geom, ST_SetSRID(ST_MakePoint($6, $7), 4326)) END, u.id
        LIMIT $10`,
      [
        f.status ?? null,
        f.kind ?? null,
        f.capability ?? null,
        f.cityAdcode ?? null,
        f.countyAdcode ?? null,
        f.near?.lon ?? null,
        f.near?.lat ?? null,
        f.near?.radiusM ?? null,
        f.within ?? null,
        f.limit,
      ],
    )) as UnitRow[];
  }

  /** The unit; `lock` holds its row until the transaction this repository runs in ends. */
  async unit(id: number, lock = false): Promise<UnitRow | null> {
    const rows = (await this.db.query(lock ? UNIT_BY_ID_FOR_UPDATE : UNIT_BY_ID, [id])) as UnitRow[];
    return rows[0] ?? null;
  }

  async statusHistory(unitId: number, limit = 100): Promise<Array<{ from: string; to: string; reason: string | null; by: string; at: string }>> {
    return (await this.db.query(
      `SELECT from_status AS "from", to_status AS "to", reason, changed_by AS "by", at FROM unit_status_history WHERE unit_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
      [unitId, limit],
    )) as Array<{ from: string; to: string; reason: string | null; by: string; at: string }>;
  }

  /** The unit's move to another status, with its history line (inside the caller's transaction). */
  async setStatus(unit: UnitRow, to: UnitStatus, reason: string | null, by: string): Promise<void> {
    await this.db.query(`UPDATE unit SET status = $2, status_reason = $3, status_since = now(), version = version + 1 WHERE id = $1`, [
      unit.id,
      to,
      to === 'out_of_service' ? reason : null,
    ]);
    await this.db.query('INSERT INTO unit_status_history (unit_id, from_status, to_status, reason, changed_by) VALUES ($1, $2, $3, $4, $5)', [
      unit.id,
      unit.status,
      to,
      reason,
      by,
    ]);
  }

  /** 总队 → 支队 → 大队 with station and unit counts (units of city stations count at the city). */
  async org(): Promise<{
    province: { name: string; adcode: number };
    cities: Array<{
      adcode: number;
      name: string;
      stations: number;
      units: number;
      available: number;
      counties: Array<{ adcode: number; name: string; stations: number; units: number; available: number }>;
    }>;
  }> {
    const rows = (await this.db.query(
      `SELECT a.adcode, a.name, a.level, a.parent_adcode AS parent,
              count(DISTINCT s.id)::int AS stations, count(u.id)::int AS units, count(u.id) FILTER (WHERE u.status = 'available')::int AS available
         FROM admin_area a
         LEFT JOIN station s ON (a.level = 'city' AND s.city_adcode = a.adcode AND s.county_adcode IS NULL) OR (a.level = 'county' AND s.county_adcode = a.adcode)
         LEFT JOIN unit u ON u.station_id = s.id
        GROUP BY a.adcode ORDER BY a.adcode`,
    )) as Array<{ adcode: number; name: string; level: string; parent: number | null; stations: number; units: number; available: number }>;
    const province = rows.find((r) => r.level === 'province') ?? { adcode: 360000, name: '江西省' };
    const cities = rows
      .filter((r) => r.level === 'city')
      .map(({ adcode, name, stations, units, available }) => ({
        adcode,
        name,
        stations,
        units,
        available,
        counties: rows
          .filter((c) => c.level === 'county' && c.parent === adcode)
          .map(({ adcode: a, name: n, stations: s, units: u, available: v }) => ({ adcode: a, name: n, stations: s, units: u, available: v })),
      }));
    return { province: { adcode: province.adcode, name: province.name }, cities };
  }

  async stations(): Promise<FeatureCollection<Point>> {
    const rows = (await this.db.query(
      `SELECT s.id, s.code, s.name, s.kind, s.city_adcode AS "cityAdcode", s.county_adcode AS "countyAdcode", s.demo,
              count(u.id)::int AS units, count(u.id) FILTER (WHERE u.status = 'available')::int AS available,
              ST_AsGeoJSON(s.geom, 6)::json AS geometry
         FROM station s LEFT JOIN unit u ON u.station_id = s.id GROUP BY s.id ORDER BY s.id`,
    )) as Array<Record<string, unknown> & { geometry: Point }>;
    return { type: 'FeatureCollection', features: rows.map(({ geometry, ...p }): Feature<Point> => ({ type: 'Feature', geometry, properties: p })) };
  }

  /** Units in one of these statuses with any of these capabilities and on no active assignment, at their station (the candidates' first cut). */
  async freeUnits(statuses: string[], capabilities: string[]): Promise<FreeUnit[]> {
    return (await this.db.query(
      `SELECT u.id AS "unitId", u.name, u.kind, u.status, u.capabilities, u.turnout_s AS "turnoutS", s.code AS "stationCode", s.city_adcode AS "cityAdcode", c.name AS "cityName",
              ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
              (SELECT d.drill_id FROM drill_unit d WHERE d.unit_id = u.id AND d.ended_at IS NULL LIMIT 1) AS "drillId"
         FROM unit u JOIN station s ON s.id = u.station_id JOIN admin_area c ON c.adcode = s.city_adcode
        WHERE u.status = ANY($1::text[]) AND u.capabilities && $2::text[]
          AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = u.id AND a.status = 'active')`,
      [statuses, capabilities],
    )) as FreeUnit[];
  }

  /** The units of an assignment, locked in id order (no deadlocks between dispatchers). */
  async lockForAssignment(ids: number[]): Promise<Array<{ id: number; code: string; name: string; status: UnitStatus }>> {
    return (await this.db.query('SELECT id, code, name, status FROM unit WHERE id = ANY($1::int[]) ORDER BY id FOR NO KEY UPDATE', [ids])) as Array<{
      id: number;
      code: string;
      name: string;
      status: UnitStatus;
    }>;
  }
}

export type FreeUnit = {
  unitId: number;
  name: string;
  kind: string;
  status: UnitStatus;
  capabilities: Capability[];
  turnoutS: number;
  stationCode: string;
  cityAdcode: number;
  cityName: string;
  lon: number;
  lat: number;
  /** the live drill the unit is on (it stays dispatchable: a real incident ends the drill), or null */
  drillId: number | null;
};
