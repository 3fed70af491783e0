import { BBox, CrsName, inBBox, isCrsName, toWgs84 } from '@gan119/geo';
import { csvRecords } from './csv';
import { initialsOf } from './normalize';

export const PLACE_KINDS = ['address', 'residential', 'building', 'poi', 'school', 'hospital', 'village', 'other'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** A place ready to store: in WGS84, with its original coordinates and pinyin initials. */
export type PlaceInput = {
  ref: string;
  kind: PlaceKind;
  name: string;
  aliases: string[];
  address: string | null;
  lon: number;
  lat: number;
  crs: CrsName;
  originalLon: number;
  originalLat: number;
  initials: string;
};

/** Jiangxi with a margin: a point outside is a wrong coordinate (or the wrong CRS), not a place we serve. */
export const JIANGXI_BBOX: BBox = [113.5, 24.4, 118.5, 30.1];
export const MAX_PLACES = 200_000;
const MAX_ERRORS = 100;

const HEADERS: Record<string, keyof Row> = {
  name: 'name',
  名称: 'name',
  kind: 'kind',
  类型: 'kind',
  aliases: 'aliases',
  别名: 'aliases',
  address: 'address',
  地址: 'address',
  lon: 'lon',
  lng: 'lon',
  longitude: 'lon',
  经度: 'lon',
  lat: 'lat',
  latitude: 'lat',
  纬度: 'lat',
  crs: 'crs',
  坐标系: 'crs',
};
const KIND_WORDS: Record<string, PlaceKind> = {
  地址: 'address',
  小区: 'residential',
  楼宇: 'building',
  建筑: 'building',
  兴趣点: 'poi',
  学校: 'school',
  医院: 'hospital',
  村: 'village',
  村庄: 'village',
  其他: 'other',
};
type Row = { name?: unknown; kind?: unknown; aliases?: unknown; address?: unknown; lon?: unknown; lat?: unknown; crs?: unknown };

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : null);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** One row's place, or what is wrong with it (named by field). */
export function placeFromRow(ref: string, r: Row): PlaceInput | string {
  const name = text(r.name);
  if (!name) return `${ref}: name is missing`;
  if (name.length > 100 || CONTROL.test(name)) return `${ref}: name must be up to 100 printable characters`;
  const kindText = text(r.kind) || 'poi';
  const kind = (PLACE_KINDS as readonly string[]).includes(kindText) ? (kindText as PlaceKind) : KIND_WORDS[kindText];
  if (!kind) return `${ref}: kind "${kindText}" is not one of ${PLACE_KINDS.join(', ')}`;
  const aliasList = Array.isArray(r.aliases) ? r.aliases.map(text) : (text(r.aliases) ?? '').split(/[|;；、]/).map((a) => a.trim());
  if (aliasList.some((a) => a === null)) return `${ref}: aliases must be text`;
  const aliases = (aliasList as string[]).filter(Boolean);
  if (aliases.length > 10 || aliases.some((a) => a.length > 100 || CONTROL.test(a))) return `${ref}: aliases: at most 10, each up to 100 printable characters`;
  const address = text(r.address);
  if (address === null || address.length > 200 || CONTROL.test(address)) return `${ref}: address must be text up to 200 characters`;
  const crs = text(r.crs)?.toUpperCase().replace('-', '') || 'WGS84';
  if (!isCrsName(crs)) return `${ref}: crs "${String(r.crs)}" is not WGS84, GCJ02 or BD09`;
  const lon = typeof r.lon === 'number' ? r.lon : Number(text(r.lon) || NaN);
  const lat = typeof r.lat === 'number' ? r.lat : Number(text(r.lat) || NaN);
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return `${ref}: lon and lat must be numbers`;
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return `${ref}: lon ${lon}, lat ${lat} are not a position on Earth (swapped?)`;
  const [x, y] = toWgs84([lon, lat], crs);
  if (!inBBox([x, y], JIANGXI_BBOX)) return `${ref}: ${lon}, ${lat} (${crs}) is outside Jiangxi (lon and lat swapped?)`;
  return { ref, kind, name, aliases, address: address || null, lon: x, lat: y, crs, originalLon: lon, originalLat: lat, initials: initialsOf(name) };
}

/**
 * Reads a gazetteer file: CSV (header row with name, lon, lat and optionally kind, aliases, address,
 * crs — Chinese headers too) or a GeoJSON FeatureCollection of Points (the same properties). Every bad
 * row is named by its line (or feature); a file with any is refused whole.
 */
export function readPlaceFile(fileName: string, content: string): { places: PlaceInput[]; errors: string[] } {
  const rows = /\.(geo)?json$/i.test(fileName) || content.trimStart().startsWith('{') ? geoJsonRows(content) : csvRows(content);
  if ('error' in rows) return { places: [], errors: [rows.error] };
  if (!rows.length) return { places: [], errors: ['the file has no places'] };
  if (rows.length > MAX_PLACES) return { places: [], errors: [`the file has ${rows.length} places: at most ${MAX_PLACES} in one import`] };
  const places: PlaceInput[] = [];
  const errors: string[] = [];
  for (const { ref, row, error } of rows) {
    const p = error ?? placeFromRow(ref, row);
    if (typeof p === 'string') errors.push(p);
    else places.push(p);
  }
  return { places, errors: errors.length > MAX_ERRORS ? [...errors.slice(0, MAX_ERRORS), `… and ${errors.length - MAX_ERRORS} more`] : errors };
}

type RawRow = { ref: string; row: Row; error?: string };

function csvRows(content: string): RawRow[] | { error: string } {
  const { records, error } = csvRecords(content);
  if (error) return { error };
  const [header, ...body] = records;
  if (!header) return [];
  const cols = header.fields.map((h) => HEADERS[h.trim().toLowerCase()] ?? HEADERS[h.trim()]);
  const unknown = header.fields.filter((_, i) => !cols[i]);
  if (unknown.length)
    return { error: `line 1: unknown column ${unknown.map((u) => `"${u}"`).join(', ')} (known: name, kind, aliases, address, lon, lat, crs)` };
  for (const need of ['name', 'lon', 'lat'] as const) if (!cols.includes(need)) return { error: `line 1: the header has no ${need} column` };
  return body.map((r) => ({
    ref: `line ${r.line}`,
    row: Object.fromEntries(cols.map((c, i) => [c, r.fields[i]])) as Row,
    error: r.fields.length === cols.length ? undefined : `line ${r.line}: ${r.fields.length} fields, but the header has ${cols.length}`,
  }));
}

function geoJsonRows(content: string): RawRow[] | { error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (e) {
    return { error: `not valid JSON: ${(e as Error).message}` };
  }
  const features = (doc as { type?: unknown; features?: unknown })?.type === 'FeatureCollection' ? (doc as { features: unknown }).features : null;
  if (!Array.isArray(features)) return { error: 'a GeoJSON file must be a FeatureCollection' };
  return features.map((f: { geometry?: { type?: unknown; coordinates?: unknown }; properties?: Row | null }, i) => {
    const c = f?.geometry?.type === 'Point' && Array.isArray(f.geometry.coordinates) ? f.geometry.coordinates : null;
    return { ref: `feature ${i + 1}`, row: { ...(f?.properties ?? {}), lon: c ? c[0] : undefined, lat: c ? c[1] : undefined } };
  });
}
