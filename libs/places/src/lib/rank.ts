import { haversineM, LonLat } from '@gan119/geo';
import { initialsOf, normalizeName } from './normalize';
import type { ParsedQuery } from './query';

/** A place the search may return, as the store gives it. */
export type PlaceCandidate = {
  kind: string;
  name: string;
  aliases?: readonly string[];
  address?: string | null;
  cityAdcode: number | null;
  countyAdcode: number | null;
  lon: number;
  lat: number;
};

/** Two-character pieces of a name: how alike two names are despite a typo or a character left out. */
function bigrams(s: string): string[] {
  const chars = [...s];
  return chars.length < 2 ? chars : chars.slice(1).map((c, i) => chars[i] + c);
}

/** Dice's coefficient of two lists of pieces: shared pieces (each used once) over all of them. */
function overlap(x: readonly string[], y: readonly string[]): number {
  if (!x.length || !y.length) return 0;
  const pool = [...y];
  let hit = 0;
  for (const g of x) {
    const k = pool.indexOf(g);
    if (k >= 0) {
      hit++;
      pool.splice(k, 1);
    }
  }
  return (2 * hit) / (x.length + y.length);
}

/** Alike in order: shared bigrams. */
export const dice = (a: string, b: string): number => overlap(bigrams(a), bigrams(b));
/** Shared characters, in any order: a wrong or swapped character costs little. */
const charDice = (a: string, b: string): number => overlap([...a], [...b]);

/** How alike two names are despite a typo: the characters they share, and in the same order (bigrams). */
const alike = (a: string, b: string) => 0.7 * charDice(a, b) + 0.3 * dice(a, b);

/** How well a name matches what was typed, 0–1: exact, then prefix, contained, containing, then alike (typos). */
export function nameScore(typed: string, name: string): number {
  const n = normalizeName(name);
  if (!typed || !n) return 0;
  if (n === typed) return 1;
  if (n.startsWith(typed)) return 0.9 - 0.1 * (1 - typed.length / n.length);
  if (n.includes(typed)) return 0.8 - 0.1 * (1 - typed.length / n.length);
  if (typed.includes(n) && n.length >= 2) return 0.45 + 0.3 * (n.length / typed.length);
  return 0.75 * alike(typed, n);
}

function initialsScore(typed: string, name: string): number {
  const i = initialsOf(name);
  if (!i) return 0;
  if (i === typed) return 0.95;
  if (i.startsWith(typed)) return 0.85 - 0.1 * (1 - typed.length / i.length);
  return i.includes(typed) ? 0.7 : 0;
}

/** How well a place matches the text typed, 0–1, over its name, aliases and address (initials when typed in Latin letters). */
export function textScore(q: Pick<ParsedQuery, 'rest' | 'latin'>, p: Pick<PlaceCandidate, 'name' | 'aliases' | 'address'>): number {
  const names = [p.name, ...(p.aliases ?? [])];
  if (q.latin) return Math.max(...names.map((n) => Math.max(initialsScore(q.rest, n), nameScore(q.rest, n))));
  const byName = Math.max(...names.map((n) => nameScore(q.rest, n)));
  const byAddress = p.address ? 0.85 * nameScore(q.rest, p.address) : 0;
  return Math.max(byName, byAddress);
}

export type Ranked<P> = P & { score: number; distanceM: number | null };
const MIN_SCORE = 0.35;

/**
 * The places best matching a query, best first: the text first; then the district and city the
 * caller named (a place in another district than the one named falls back); then nearness to the
 * dispatcher's area (within tens of kilometres), which also breaks ties.
 */
export function rankPlaces<P extends PlaceCandidate>(q: ParsedQuery, candidates: readonly P[], near: LonLat | null = null, limit = 15): Array<Ranked<P>> {
  return candidates
    .map((p) => {
      // the whole text too (an alias may hold an area's name: 进贤县医院), but not for the areas themselves: they were read out of it
      const whole = q.raw && q.raw !== q.rest && p.kind !== 'city' && p.kind !== 'county' ? textScore({ rest: q.raw, latin: false }, p) : 0;
      const text = Math.max(q.rest ? textScore(q, p) : 0.5, whole);
      const inCity = q.cityAdcode === null || p.cityAdcode === q.cityAdcode;
      const area =
        q.countyAdcode !== null && p.countyAdcode === q.countyAdcode ? 0.15 : !inCity ? -0.3 : q.countyAdcode !== null ? -0.1 : q.cityAdcode !== null ? 0.1 : 0;
      const distanceM = near ? haversineM(near, [p.lon, p.lat]) : null;
      const nearness = distanceM === null ? 0 : 0.1 * Math.exp(-distanceM / 20000);
      return { ...p, text, score: text + area + nearness, distanceM };
    })
    .filter((p) => p.text >= MIN_SCORE && p.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || (a.distanceM ?? 0) - (b.distanceM ?? 0))
    .slice(0, limit)
    .map(({ text: _text, ...p }) => p as unknown as Ranked<P>);
}
