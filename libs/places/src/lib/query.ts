import { isLatin, normalizeName, withoutAdminSuffix } from './normalize';

export type Area = { adcode: number; name: string; level: 'city' | 'county'; parentAdcode: number | null };
export type ParsedQuery = {
  /** the city and county the caller named, when they did */
  cityAdcode: number | null;
  countyAdcode: number | null;
  /** what is left to match against place names (normalized) */
  rest: string;
  /** the whole text, normalized (an alias may contain an area's name: 进贤县医院) */
  raw?: string;
  /** typed in Latin letters: pinyin initials */
  latin: boolean;
};

/**
 * Splits what the caller said into the areas they named and the place: "南昌市青山湖区阳光花园" →
 * 南昌市, 青山湖区, "阳光花园"; "青山湖 阳光花园" likewise (the suffix left out). People name the areas
 * first, so they are read from the start, longer names before shorter, full before bare; a bare name
 * shared by a city and a county (南昌 is both 南昌市 and 南昌县) means the city. A district is paired
 * only with its own city. A full district name elsewhere ("阳光花园（青山湖区）") counts too.
 */
export function parseQuery(q: string, areas: readonly Area[]): ParsedQuery {
  let rest = normalizeName(q);
  let city: number | null = null;
  let county: number | null = null;
  const names = areas
    .flatMap((a) => [
      { a, n: normalizeName(a.name), full: true },
      { a, n: normalizeName(withoutAdminSuffix(a.name)), full: false },
    ])
    .filter((x) => x.n.length >= 2)
    .sort((x, y) => y.n.length - x.n.length || Number(y.full) - Number(x.full) || (x.a.level === 'city' ? -1 : 1));
  const fits = (a: Area) =>
    a.level === 'city'
      ? city === null && (county === null || areas.find((x) => x.adcode === county)?.parentAdcode === a.adcode)
      : county === null && (city === null || a.parentAdcode === city);
  const take = (a: Area) => (a.level === 'city' ? (city = a.adcode) : (county = a.adcode));
  for (let found = true; found && rest;) {
    found = false;
    for (const { a, n } of names) {
      if (!rest.startsWith(n) || !fits(a)) continue;
      take(a);
      rest = rest.slice(n.length);
      found = true;
      break;
    }
  }
  if (county === null) {
    const inside = names.find((x) => x.full && x.a.level === 'county' && fits(x.a) && rest.includes(x.n) && rest !== x.n);
    if (inside) {
      take(inside.a);
      rest = rest.replace(inside.n, '');
    }
  }
  if (county !== null && city === null) city = areas.find((x) => x.adcode === county)?.parentAdcode ?? null;
  return { cityAdcode: city, countyAdcode: county, rest, latin: isLatin(rest), raw: normalizeName(q) };
}
