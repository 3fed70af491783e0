import { DEVICE_KINDS, DeviceKind } from '@gan119/iot';
import { CRS_NAMES, CrsName, lonLatProblem, toWgs84 } from '@gan119/geo';
import type { RawRow, RowError } from '../roster/roster-rows';

/** A terminal of an import file, checked: where it is in WGS84 (the original kept), its building by name and address. */
export type DeviceIn = {
  id: string;
  kind: DeviceKind;
  building: string;
  address: string | null;
  floor: number | null;
  floors: number | null;
  lon: number;
  lat: number;
  crs: CrsName;
  originalLon: number;
  originalLat: number;
  contactName: string | null;
  contactPhone: string | null;
  installedOn: string | null;
  heartbeatS: number;
  gbAddress: string | null;
};

export const DEVICE_COLUMNS = ['id', 'kind', 'building', 'lon', 'lat'] as const;
const ID = /^[A-Za-z0-9._:-]{1,80}$/;
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
const num = (v: unknown) => (typeof v === 'number' ? v : str(v) === '' ? NaN : Number(str(v)));
const optInt = (v: unknown) => (str(v) === '' ? null : num(v));

/** Checks one row's own fields; every problem is named with its line and column. */
export function checkDeviceRow(row: RawRow, errors: RowError[]): DeviceIn | null {
  const v = row.values;
  const before = errors.length;
  const fail = (field: string, message: string) => errors.push({ at: row.at, field, message });
  const id = str(v.id);
  if (!ID.test(id)) fail('id', 'id must be 1-80 of letters, digits, . _ : -');
  const kind = str(v.kind);
  if (!(DEVICE_KINDS as readonly string[]).includes(kind)) fail('kind', `kind must be one of ${DEVICE_KINDS.join(', ')}`);
  const building = str(v.building);
  if (!building || building.length > 100) fail('building', 'building must be 1-100 characters');
  const address = str(v.address) || null;
  if (address && address.length > 200) fail('address', 'address must be at most 200 characters');
  const crs = (str(v.crs) || 'WGS84') as CrsName;
  if (!CRS_NAMES.includes(crs)) fail('crs', `crs must be one of ${CRS_NAMES.join(', ')}`);
  const lon = num(v.lon),
    lat = num(v.lat);
  const p = lonLatProblem(lon, lat);
  if (p) fail('lon/lat', p);
  const floor = optInt(v.floor);
  if (floor !== null && (!Number.isInteger(floor) || floor < -10 || floor > 200)) fail('floor', 'floor must be a whole number from -10 to 200');
  const floors = optInt(v.floors);
  if (floors !== null && (!Number.isInteger(floors) || floors < 1 || floors > 200)) fail('floors', 'floors must be a whole number from 1 to 200');
  const heartbeat = optInt(v.heartbeat_s) ?? 3600;
  if (!Number.isInteger(heartbeat) || heartbeat < 10 || heartbeat > 604800) fail('heartbeat_s', 'heartbeat_s must be 10 to 604800 seconds');
  const installed = str(v.installed_on) || null;
  if (installed && (!/^\d{4}-\d{2}-\d{2}$/.test(installed) || Number.isNaN(Date.parse(installed))))
    fail('installed_on', 'installed_on must be a date (YYYY-MM-DD)');
  const gb = str(v.gb_address) || null;
  if (gb && (!/^\d{1,15}$/.test(gb) || Number(gb) >= 2 ** 48)) fail('gb_address', 'gb_address must be the 6-byte GB/T 26875.3 address as a decimal number');
  if (gb && kind !== 'uitd') fail('gb_address', 'only a user information transmission device (uitd) has a GB/T 26875.3 address');
  const phone = str(v.contact_phone) || null;
  if (phone && !/^[0-9+\- ]{5,20}$/.test(phone)) fail('contact_phone', 'contact_phone must be 5-20 digits');
  if (errors.length > before) return null;
  const [wLon, wLat] = toWgs84([lon, lat], crs);
  return {
    id,
    kind: kind as DeviceKind,
    building,
    address,
    floor,
    floors,
    lon: wLon,
    lat: wLat,
    crs,
    originalLon: lon,
    originalLat: lat,
    contactName: str(v.contact_name).slice(0, 60) || null,
    contactPhone: phone,
    installedOn: installed,
    heartbeatS: heartbeat,
    gbAddress: gb,
  };
}

/** An id or a GB/T 26875.3 address given twice in one file is an error on the second line. */
export function duplicateDevices(rows: Array<{ at: string; row: DeviceIn }>, errors: RowError[]): void {
  for (const key of ['id', 'gbAddress'] as const) {
    const seen = new Map<string, string>();
    for (const { at, row } of rows) {
      const k = row[key];
      if (k === null) continue;
      const first = seen.get(k);
      if (first) errors.push({ at, field: key === 'id' ? 'id' : 'gb_address', message: `${k} already given at ${first}` });
      else seen.set(k, at);
    }
  }
}
