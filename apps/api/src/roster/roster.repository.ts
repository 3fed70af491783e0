import { capabilitiesOf } from '@gan119/resources';
import type { Queryable } from '../infra/db/unit-of-work';
import type { RosterKind, StationIn, UnitIn, WaterIn } from './roster-rows';

const COUNT_SQL: Record<RosterKind, string> = {
  stations: 'SELECT count(*)::int AS n FROM station',
  units: 'SELECT count(*)::int AS n FROM unit',
  'water-sources': 'SELECT count(*)::int AS n FROM water_source',
};
const BUSY_DEMO_UNITS = `SELECT u.code, a.incident_id AS incident FROM unit u JOIN assignment a ON a.unit_id = u.id AND a.status = 'active'
  WHERE u.demo AND (NOT $1::boolean OR u.station_id IN (SELECT id FROM station WHERE demo)) LIMIT 3`;
const RETIRE_REFERENCED_DEMO_UNITS = `
  WITH old AS (SELECT u.id, u.status FROM unit u
                WHERE u.demo AND (NOT $1::boolean OR u.station_id IN (SELECT id FROM station WHERE demo)) AND u.status <> 'out_of_service'
                  AND unit_is_referenced(u.id)
                FOR UPDATE),
       r AS (UPDATE unit SET status = 'out_of_service', status_reason = 'demo unit retired by the roster import', status_since = now(), version = version + 1
               FROM old WHERE unit.id = old.id RETURNING unit.id, old.status AS was),
       h AS (INSERT INTO unit_status_history (unit_id, from_status, to_status, reason, changed_by)
               SELECT id, was, 'out_of_service', 'demo unit retired by the roster import', 'roster-import' FROM r)
  SELECT count(*)::int AS n FROM r`;
const DELETE_UNREFERENCED_DEMO_UNITS = `
  WITH d AS (DELETE FROM unit u
              WHERE u.demo AND (NOT $1::boolean OR u.station_id IN (SELECT id FROM station WHERE demo)) AND NOT unit_is_referenced(u.id)
              RETURNING 1)
  SELECT count(*)::int AS n FROM d`;

/** SQL of the roster import, inside its one transaction: the checks against the record, and the writes. */
export class RosterRepository {
  constructor(private readonly tx: Queryable) {}

  async adminAreas(): Promise<Map<number, { adcode: number; level: string; parent: number | null }>> {
    const rows = (await this.tx.query('SELECT adcode, level, parent_adcode AS parent FROM admin_area')) as Array<{
      adcode: number;
      level: string;
      parent: number | null;
    }>;
    return new Map(rows.map((a) => [a.adcode, a]));
  }

  async stationCodes(codes: string[]): Promise<Set<string>> {
    return new Set(((await this.tx.query('SELECT code FROM station WHERE code = ANY($1)', [codes])) as Array<{ code: string }>).map((r) => r.code));
  }

  /** The 0-based indexes of the points outside the service area (the province and `marginM` around it). */
  async outside(points: Array<{ lon: number; lat: number }>, marginM: number): Promise<number[]> {
    const rows = (await this.tx.query(
      `SELECT i FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lon, lat, i)
        WHERE NOT EXISTS (SELECT 1 FROM admin_area a WHERE a.level = 'province' AND ST_DWithin(a.geom::geography, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, $3))`,
      [points.map((p) => p.lon), points.map((p) => p.lat), marginM],
    )) as Array<{ i: string }>;
    return rows.map((r) => Number(r.i) - 1);
  }

  async count(kind: RosterKind): Promise<number> {
    const [{ n }] = (await this.tx.query(COUNT_SQL[kind])) as [{ n: number }];
    return n;
  }

  /** Up to three demo units (of demo stations only, when asked) still on an open incident. */
  async busyDemoUnits(ofDemoStations: boolean): Promise<Array<{ code: string; incident: number }>> {
    return (await this.tx.query(BUSY_DEMO_UNITS, [ofDemoStations])) as Array<{ code: string; incident: number }>;
  }

  /** Demo units the record refers to are kept but retired (out of service, in their history); how many. */
  async retireReferencedDemoUnits(ofDemoStations: boolean): Promise<number> {
    const [{ n }] = (await this.tx.query(RETIRE_REFERENCED_DEMO_UNITS, [ofDemoStations])) as [{ n: number }];
    return n;
  }

  async deleteUnreferencedDemoUnits(ofDemoStations: boolean): Promise<number> {
    const [{ n }] = (await this.tx.query(DELETE_UNREFERENCED_DEMO_UNITS, [ofDemoStations])) as [{ n: number }];
    return n;
  }

  /** Demo stations with no unit left. */
  async deleteEmptyDemoStations(): Promise<number> {
    const [{ n }] = (await this.tx.query(
      'WITH d AS (DELETE FROM station st WHERE demo AND NOT EXISTS (SELECT 1 FROM unit WHERE station_id = st.id) RETURNING 1) SELECT count(*)::int AS n FROM d',
    )) as [{ n: number }];
    return n;
  }

  async upsertStations(s: StationIn[]): Promise<void> {
    await this.tx.query(
      `INSERT INTO station (code, name, kind, city_adcode, county_adcode, phone, demo, geom)
       SELECT code, name, kind, city, county, phone, false, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::float8[], $8::float8[]) AS t(code, name, kind, city, county, phone, lon, lat)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, city_adcode = EXCLUDED.city_adcode, county_adcode = EXCLUDED.county_adcode,
         phone = EXCLUDED.phone, demo = false, geom = EXCLUDED.geom`,
      [
        s.map((r) => r.code),
        s.map((r) => r.name),
        s.map((r) => r.kind),
        s.map((r) => r.cityAdcode),
        s.map((r) => r.countyAdcode),
        s.map((r) => r.phone),
        s.map((r) => r.lon),
        s.map((r) => r.lat),
      ],
    );
  }

  async upsertUnits(u: UnitIn[]): Promise<void> {
    await this.tx.query(
      `INSERT INTO unit (code, name, kind, station_id, capabilities, crew, turnout_s, demo)
       SELECT t.code, t.name, t.kind, s.id, string_to_array(t.caps, ','), t.crew, t.turnout, false
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[]) AS t(code, name, kind, station, caps, crew, turnout)
         JOIN station s ON s.code = t.station
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, station_id = EXCLUDED.station_id,
         capabilities = EXCLUDED.capabilities, crew = EXCLUDED.crew, turnout_s = EXCLUDED.turnout_s, demo = false`,
      [
        u.map((r) => r.code),
        u.map((r) => r.name),
        u.map((r) => r.kind),
        u.map((r) => r.stationCode),
        u.map((r) => capabilitiesOf(r.kind).join(',')),
        u.map((r) => r.crew),
        u.map((r) => r.turnoutS),
      ],
    );
  }

  async deleteDemoWater(): Promise<number> {
    const [{ n }] = (await this.tx.query('WITH d AS (DELETE FROM water_source WHERE demo RETURNING 1) SELECT count(*)::int AS n FROM d')) as [{ n: number }];
    return n;
  }

  async upsertWater(w: WaterIn[]): Promise<void> {
    await this.tx.query(
      `INSERT INTO water_source (code, kind, status, note, demo, geom, county_adcode)
       SELECT code, kind, status, note, false, ST_SetSRID(ST_MakePoint(lon, lat), 4326),
              (SELECT a.adcode FROM admin_area a WHERE a.level = 'county' AND ST_Contains(a.geom, ST_SetSRID(ST_MakePoint(lon, lat), 4326)) LIMIT 1)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[]) AS t(code, kind, status, note, lon, lat)
       ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, status = EXCLUDED.status, note = EXCLUDED.note, demo = false, geom = EXCLUDED.geom`,
      [w.map((r) => r.code), w.map((r) => r.kind), w.map((r) => r.status), w.map((r) => r.note), w.map((r) => r.lon), w.map((r) => r.lat)],
    );
  }
}
