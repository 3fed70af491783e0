import type { LonLat } from '@gan119/geo';
import { Area, normalizeName, parseQuery, PlaceCandidate, rankPlaces, withoutAdminSuffix } from '@gan119/places';
import { AreaRow, PlacesRepository } from './places.repository';

export type PlaceHit = {
  kind: string;
  name: string;
  address: string | null;
  district: string | null;
  cityAdcode: number | null;
  countyAdcode: number | null;
  lon: number;
  lat: number;
  distanceM: number | null;
};

/** "南昌市 青山湖区": the city and county a place lies in, in words. */
export function districtOf(areas: ReadonlyMap<number, AreaRow>, city: number | null, county: number | null): string | null {
  const words = [city, county].map((a) => (a === null ? null : (areas.get(a)?.name ?? null))).filter((x): x is string => !!x);
  return words.length ? words.join(' ') : null;
}

/**
 * The dispatcher's 定位: what the caller said, forgiven — areas named in it (with or without 市/区/县)
 * narrow and rank, the rest is matched against every name the system knows (gazetteer places with
 * their aliases and addresses, key units, stations, roads, the areas themselves at their seats) by
 * containment, likeness (typos) or pinyin initials; nearer the dispatcher's area ranks higher. Each
 * result says its district.
 */
export async function searchPlaces(repo: PlacesRepository, areaRows: readonly AreaRow[], q: string, near: LonLat | null): Promise<PlaceHit[]> {
  const areas = new Map(areaRows.map((a) => [a.adcode, a]));
  const named = areaRows.filter((a): a is AreaRow & Area => a.level !== 'province');
  let parsed = parseQuery(q, named);
  // only areas were said ("青山湖区", "南昌"): match the whole text instead, so the area and what bears its name come up
  if (!parsed.rest) parsed = { cityAdcode: null, countyAdcode: null, rest: normalizeName(q), latin: false };
  if (!parsed.rest) return [];
  const [places, others] = await Promise.all([repo.byText(parsed.rest, parsed.latin), parsed.latin ? Promise.resolve([]) : repo.others(parsed.rest)]);
  const areaCandidates: PlaceCandidate[] = named.map((a) => ({
    kind: a.level,
    name: a.name,
    aliases: [withoutAdminSuffix(a.name)],
    address: null,
    cityAdcode: a.level === 'city' ? a.adcode : a.parentAdcode,
    countyAdcode: a.level === 'county' ? a.adcode : null,
    lon: a.lon,
    lat: a.lat,
  }));
  return rankPlaces(parsed, [...places, ...others, ...areaCandidates], near).map((p) => ({
    kind: p.kind,
    name: p.name,
    address: p.address ?? null,
    district: p.kind === 'city' ? null : districtOf(areas, p.cityAdcode, p.kind === 'county' ? null : p.countyAdcode),
    cityAdcode: p.cityAdcode,
    countyAdcode: p.countyAdcode,
    lon: p.lon,
    lat: p.lat,
    distanceM: p.distanceM === null ? null : Math.round(p.distanceM),
  }));
}
