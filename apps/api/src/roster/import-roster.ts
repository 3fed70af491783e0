import { OUTSIDE_SERVICE_AREA, SERVICE_MARGIN_M } from '../common/service-area';
import { capabilitiesOf } from '@gan119/resources';
import type { FeatureCollection } from 'geojson';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, DomainError } from '../common/errors';
import { parseCsv } from './csv';
import { UNIT_IS_REFERENCED } from '../forces/unit-references';
import { checkRow, duplicateCodes, missingColumns, RawRow, RosterKind, RowError, StationIn, UnitIn, WaterIn } from './roster-rows';

export type ImportOutcome = { kind: RosterKind; rows: number; replacedDemo: number; total: number };

const MAX_ERRORS_LISTED = 200;
const COUNT_SQL: Record<RosterKind, string> = {
  stations: 'SELECT count(*)::int AS n FROM station',
  units: 'SELECT count(*)::int AS n FROM unit',
  'water-sources': 'SELECT count(*)::int AS n FROM water_source',
};

function rowsOf(kind: RosterKind, body: unknown, contentType: string): RawRow[] {
  if (typeof body === 'string' && /text\/(csv|plain)/.test(contentType)) {
    let parsed;
    try {
      parsed = parseCsv(body);
    } catch (e) {
      throw new DomainError('bad_csv', (e as Error).message, 400);
    }
    const missing = missingColumns(kind, parsed.header);
    if (missing.length) throw new DomainError('bad_csv', `missing column(s): ${missing.join(', ')}`, 400);
    return parsed.rows.map((r) => ({ at: `line ${r.line}`, values: r.values }));
  }
  const fc = body as FeatureCollection | null;
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new DomainError('bad_body', 'send text/csv with a header row, or a GeoJSON FeatureCollection of Points', 400);
  }
  return fc.features.map((f, i) => {
    const g = f?.geometry;
    const at = `feature ${i + 1}`;
    const coords = g?.type === 'Point' && Array.isArray(g.coordinates) ? g.coordinates : [NaN, NaN];
    return { at, values: { ...(f?.properties ?? {}), ...(kind === 'units' ? {} : { lon: coords[0], lat: coords[1] }) } };
  });
}

async function checkReferences(tx: EntityManager, kind: RosterKind, rows: Array<{ at: string; row: StationIn | UnitIn | WaterIn }>, errors: RowError[]): Promise<void> {
  if (kind === 'stations') {
    const areas = new Map(((await tx.query('SELECT adcode, level, parent_adcode AS parent FROM admin_area')) as Array<{ adcode: number; level: string; parent: number | null }>).map((a) => [a.adcode, a]));
    for (const { at, row } of rows as Array<{ at: string; row: StationIn }>) {
      if (areas.get(row.cityAdcode)?.level !== 'city') errors.push({ at, field: 'city_adcode', message: `${row.cityAdcode} is not a city (支队) of the province` });
      const county = row.countyAdcode === null ? null : areas.get(row.countyAdcode);
      if (row.countyAdcode !== null && (county?.level !== 'county' || county.parent !== row.cityAdcode)) {
        errors.push({ at, field: 'county_adcode', message: `${row.countyAdcode} is not a county of city ${row.cityAdcode}` });
      }
    }
  }
  if (kind === 'units') {
    const codes = [...new Set((rows as Array<{ row: UnitIn }>).map((r) => r.row.stationCode))];
    const known = new Set(((await tx.query('SELECT code FROM station WHERE code = ANY($1)', [codes])) as Array<{ code: string }>).map((r) => r.code));
    for (const { at, row } of rows as Array<{ at: string; row: UnitIn }>) {
      if (!known.has(row.stationCode)) errors.push({ at, field: 'station_code', message: `no station with code ${row.stationCode}` });
    }
  }
  if (kind !== 'units') {
    const pts = rows as Array<{ at: string; row: StationIn | WaterIn }>;
    const outside = (await tx.query(
      `SELECT i FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lon, lat, i)
        WHERE NOT EXISTS (SELECT 1 FROM admin_area a WHERE a.level = 'province' AND ST_DWithin(a.geom::geography, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, $3))`,
      [pts.map((p) => p.row.lon), pts.map((p) => p.row.lat), SERVICE_MARGIN_M],
    )) as Array<{ i: string }>;
    for (const { i } of outside) errors.push({ at: pts[Number(i) - 1].at, field: 'lon/lat', message: OUTSIDE_SERVICE_AREA });
  }
}

/**
 * Imports stations, units or water sources from CSV or GeoJSON, replacing the demo records of that
 * kind. Every row is checked first; any bad row → 422 listing them by line, and nothing changes.
 */
export async function importRoster(ds: DataSource, kind: RosterKind, body: unknown, contentType: string): Promise<ImportOutcome> {
  const raw = rowsOf(kind, body, contentType);
  if (raw.length === 0) throw new DomainError('bad_body', 'no rows to import', 400);
  const errors: RowError[] = [];
  const rows = raw.map((r) => ({ at: r.at, row: checkRow(kind, r, errors) })).filter((r): r is { at: string; row: StationIn | UnitIn | WaterIn } => r.row !== null);
  duplicateCodes(rows.map((r) => ({ at: r.at, code: r.row.code })), errors);
  return ds.transaction(async (tx) => {
    await checkReferences(tx, kind, rows, errors);
    if (errors.length) {
      errors.sort((a, b) => Number(/\d+/.exec(a.at)?.[0]) - Number(/\d+/.exec(b.at)?.[0]));
      throw new DomainError('bad_rows', `${errors.length} problem(s) in the file; nothing was imported`, 422, { errors: errors.slice(0, MAX_ERRORS_LISTED), more: Math.max(0, errors.length - MAX_ERRORS_LISTED) });
    }
    const replaced = await write(tx, kind, rows.map((r) => r.row));
    const [{ n }] = (await tx.query(COUNT_SQL[kind])) as [{ n: number }];
    return { kind, rows: rows.length, replacedDemo: replaced, total: n };
  });
}

const BUSY_DEMO_UNITS = `SELECT u.code, a.incident_id AS incident FROM unit u JOIN assignment a ON a.unit_id = u.id AND a.status = 'active'
  WHERE u.demo AND (NOT $1::boolean OR u.station_id IN (SELECT id FROM station WHERE demo)) LIMIT 3`;
const RETIRE_REFERENCED_DEMO_UNITS = `
  WITH old AS (SELECT u.id, u.status FROM unit u
                WHERE u.demo AND (NOT $1::boolean OR u.station_id IN (SELECT id FROM station WHERE demo)) AND u.status <> 'out_of_service'
                  AND ${UNIT_IS_REFERENCED}
                FOR UPDATE),
       r AS (UPDATE unit SET status = 'out_of_service', status_reason = 'demo unit retired by the roster import', status_since = now(), version = version + 1
               FROM old WHERE unit.id = old.id RETURNING unit.id, old.status AS was),
       h AS (INSERT INTO unit_status_history (unit_id, from_status, to_status, reason, changed_by)
               SELECT id, was, 'out_of_service', 'demo unit retired by the roster import', 'roster-import' FROM r)
  SELECT count(*)::int AS n FROM r`;
const DELETE_UNREFERENCED_DEMO_UNITS = `
  WITH d AS (DELETE FROM unit u
              WHERE u.demo AND (NOT $1::boolean OR u.station_id IN (SELECT id FROM station WHERE demo)) AND NOT ${UNIT_IS_REFERENCED}
              RETURNING 1)
  SELECT count(*)::int AS n FROM d`;

/**
 * Takes the demo units (of demo stations only, when `ofDemoStations`) out of service for the real
 * roster: refused (409) while one is on an open incident; a demo unit the record refers to (past
 * assignments, orders, positions, an account) is kept but retired (out of service, never proposed);
 * the rest are deleted. Returns how many were removed or retired.
 */
async function retireDemoUnits(tx: EntityManager, ofDemoStations: boolean): Promise<number> {
  const busy = (await tx.query(BUSY_DEMO_UNITS, [ofDemoStations])) as Array<{ code: string; incident: number }>;
  if (busy.length) {
    throw conflict('demo_units_busy', `demo units are still on open incidents (${busy.map((b) => `${b.code} on #${b.incident}`).join(', ')}): release them or close the incidents, then import`);
  }
  const [{ n: retired }] = (await tx.query(RETIRE_REFERENCED_DEMO_UNITS, [ofDemoStations])) as [{ n: number }];
  const [{ n: deleted }] = (await tx.query(DELETE_UNREFERENCED_DEMO_UNITS, [ofDemoStations])) as [{ n: number }];
  return retired + deleted;
}

async function write(tx: EntityManager, kind: RosterKind, rows: Array<StationIn | UnitIn | WaterIn>): Promise<number> {
  if (kind === 'stations') {
    const s = rows as StationIn[];
    const units = await retireDemoUnits(tx, true);
    const [{ n }] = (await tx.query('WITH d AS (DELETE FROM station st WHERE demo AND NOT EXISTS (SELECT 1 FROM unit WHERE station_id = st.id) RETURNING 1) SELECT count(*)::int AS n FROM d')) as [{ n: number }];
    await tx.query(
      `INSERT INTO station (code, name, kind, city_adcode, county_adcode, phone, demo, geom)
       SELECT code, name, kind, city, county, phone, false, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::float8[], $8::float8[]) AS t(code, name, kind, city, county, phone, lon, lat)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, city_adcode = EXCLUDED.city_adcode, county_adcode = EXCLUDED.county_adcode,
         phone = EXCLUDED.phone, demo = false, geom = EXCLUDED.geom`,
      [s.map((r) => r.code), s.map((r) => r.name), s.map((r) => r.kind), s.map((r) => r.cityAdcode), s.map((r) => r.countyAdcode), s.map((r) => r.phone), s.map((r) => r.lon), s.map((r) => r.lat)],
    );
    return n + units;
  }
  if (kind === 'units') {
    const u = rows as UnitIn[];
    const n = await retireDemoUnits(tx, false);
    await tx.query(
      `INSERT INTO unit (code, name, kind, station_id, capabilities, crew, turnout_s, demo)
       SELECT t.code, t.name, t.kind, s.id, string_to_array(t.caps, ','), t.crew, t.turnout, false
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[]) AS t(code, name, kind, station, caps, crew, turnout)
         JOIN station s ON s.code = t.station
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, station_id = EXCLUDED.station_id,
         capabilities = EXCLUDED.capabilities, crew = EXCLUDED.crew, turnout_s = EXCLUDED.turnout_s, demo = false`,
      [u.map((r) => r.code), u.map((r) => r.name), u.map((r) => r.kind), u.map((r) => r.stationCode), u.map((r) => capabilitiesOf(r.kind).join(',')), u.map((r) => r.crew), u.map((r) => r.turnoutS)],
    );
    return n;
  }
  const w = rows as WaterIn[];
  const [{ n }] = (await tx.query('WITH d AS (DELETE FROM water_source WHERE demo RETURNING 1) SELECT count(*)::int AS n FROM d')) as [{ n: number }];
  await tx.query(
    `INSERT INTO water_source (code, kind, status, note, demo, geom, county_adcode)
     SELECT code, kind, status, note, false, ST_SetSRID(ST_MakePoint(lon, lat), 4326),
            (SELECT a.adcode FROM admin_area a WHERE a.level = 'county' AND ST_Contains(a.geom, ST_SetSRID(ST_MakePoint(lon, lat), 4326)) LIMIT 1)
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[]) AS t(code, kind, status, note, lon, lat)
     ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, status = EXCLUDED.status, note = EXCLUDED.note, demo = false, geom = EXCLUDED.geom`,
    [w.map((r) => r.code), w.map((r) => r.kind), w.map((r) => r.status), w.map((r) => r.note), w.map((r) => r.lon), w.map((r) => r.lat)],
  );
  return n;
}
