import { isStationKind, isUnitKind, HYDRANT_STATUSES, WATER_SOURCE_KINDS, UNIT_KINDS, UnitKind } from '@gan119/resources';
import { lonLatProblem } from '@gan119/geo';

export type RosterKind = 'stations' | 'units' | 'water-sources';
export const ROSTER_KINDS: readonly RosterKind[] = ['stations', 'units', 'water-sources'];
export type RowError = { at: string; field?: string; message: string };
export type RawRow = { at: string; values: Record<string, unknown> };

export type StationIn = {
  code: string;
  name: string;
  kind: string;
  cityAdcode: number;
  countyAdcode: number | null;
  lon: number;
  lat: number;
  phone: string | null;
};
export type UnitIn = { code: string; name: string; kind: UnitKind; stationCode: string; crew: number; turnoutS: number };
export type WaterIn = { code: string; kind: string; status: string; lon: number; lat: number; note: string | null };

const CODE = /^[A-Za-z0-9_-]{1,60}$/;
export const REQUIRED_COLUMNS: Record<RosterKind, string[]> = {
  stations: ['code', 'name', 'kind', 'city_adcode', 'lon', 'lat'],
  units: ['code', 'name', 'kind', 'station_code'],
  'water-sources': ['code', 'kind', 'lon', 'lat'],
};

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
const num = (v: unknown) => (typeof v === 'number' ? v : str(v) === '' ? NaN : Number(str(v)));

/** Checks one row's own fields (references to other records are checked against the database later). */
export function checkRow(kind: RosterKind, row: RawRow, errors: RowError[]): StationIn | UnitIn | WaterIn | null {
  const v = row.values;
  const before = errors.length;
  const fail = (field: string, message: string) => errors.push({ at: row.at, field, message });
  const code = str(v.code);
  if (!CODE.test(code)) fail('code', 'code must be 1-60 of A-Z, a-z, 0-9, _ and -');
  const point = () => {
    const lon = num(v.lon),
      lat = num(v.lat);
    const p = lonLatProblem(lon, lat);
    if (p) fail('lon/lat', p);
    return { lon, lat };
  };
  if (kind === 'stations') {
    const name = str(v.name);
    if (!name || name.length > 100) fail('name', 'name must be 1-100 characters');
    if (!isStationKind(str(v.kind))) fail('kind', `unknown station kind "${str(v.kind)}"`);
    const city = num(v.city_adcode);
    if (!Number.isInteger(city)) fail('city_adcode', 'city_adcode must be an adcode');
    const county = str(v.county_adcode) === '' ? null : num(v.county_adcode);
    if (county !== null && !Number.isInteger(county)) fail('county_adcode', 'county_adcode must be an adcode or empty');
    const { lon, lat } = point();
    return errors.length > before ? null : { code, name, kind: str(v.kind), cityAdcode: city, countyAdcode: county, lon, lat, phone: str(v.phone) || null };
  }
  if (kind === 'units') {
    const name = str(v.name);
    if (!name || name.length > 100) fail('name', 'name must be 1-100 characters');
    const k = str(v.kind);
    if (!isUnitKind(k)) fail('kind', `unknown unit kind "${k}"`);
    const station = str(v.station_code);
    if (!CODE.test(station)) fail('station_code', 'station_code must name a station');
    const crew = str(v.crew) === '' ? (isUnitKind(k) ? UNIT_KINDS[k].crew : 0) : num(v.crew);
    if (!Number.isInteger(crew) || crew < 1 || crew > 200) fail('crew', 'crew must be 1-200');
    const turnout = str(v.turnout_s) === '' ? (isUnitKind(k) ? UNIT_KINDS[k].turnoutS : 0) : num(v.turnout_s);
    if (!Number.isInteger(turnout) || turnout < 0 || turnout > 3600) fail('turnout_s', 'turnout_s must be 0-3600 seconds');
    return errors.length > before ? null : { code, name, kind: k as UnitKind, stationCode: station, crew, turnoutS: turnout };
  }
  const k = str(v.kind);
  if (!(WATER_SOURCE_KINDS as readonly string[]).includes(k)) fail('kind', `kind must be one of ${WATER_SOURCE_KINDS.join(', ')}`);
  const status = str(v.status) || 'in_service';
  if (!(HYDRANT_STATUSES as readonly string[]).includes(status)) fail('status', `status must be one of ${HYDRANT_STATUSES.join(', ')}`);
  const { lon, lat } = point();
  return errors.length > before ? null : { code, kind: k, status, lon, lat, note: str(v.note) || null };
}

/** Codes given twice in one file are an error on the second line. */
export function duplicateCodes(rows: Array<{ at: string; code: string }>, errors: RowError[]): void {
  const seen = new Map<string, string>();
  for (const r of rows) {
    const first = seen.get(r.code);
    if (first) errors.push({ at: r.at, field: 'code', message: `code ${r.code} already given at ${first}` });
    else seen.set(r.code, r.at);
  }
}
