/** The thresholds of the coverage report (s of driving, plus turnout when included): 3, 5, 8 and 10 minutes. */
export const COVERAGE_THRESHOLDS = [180, 300, 480, 600] as const;
/** The station-district standard (GB 51080 §4.1.3 / 建标152): reach within 5 minutes of the order. */
export const FIRST_DUE_S = 300;
/** High-risk key units want a second station within 8 minutes. */
export const SECOND_DUE_S = 480;

/** One place counted in an area: its time from the nearest station (Infinity: beyond every threshold or unreachable). */
export type Timed = { area: number; seconds: number };

/** An area's figures (the coverage report's, GET /api/coverage/report, as the API sends and the console reads them): road length and its share within each threshold, and how many places and key units lie within each. */
export type AreaFigures = {
  adcode: number;
  name: string;
  cityAdcode: number | null;
  roadKm: number;
  withinKm: number[];
  roadShare: Array<number | null>;
  places: number;
  placesWithin: number[];
  keyUnits: number;
  keyUnitsWithin: number[];
  /** the built-up streets (town grids and urban roads): their length, and its share within each threshold */
  builtUpKm: number;
  builtUpShare: Array<number | null>;
};

type Area = { adcode: number; name: string; cityAdcode: number | null };
const km = (m: number) => Math.round(m / 100) / 10;
const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

/**
 * Per area (county), then summed per city and for the province: road metres in all (`roadM[a]`) and
 * within each threshold (`withinM[k][a]`), places and key units by their time. A city or the province
 * is the sum of its counties (a road or place outside every county counts in none).
 */
export function areaFigures(
  counties: readonly Area[],
  cities: readonly Area[],
  province: Area,
  roadM: ArrayLike<number>,
  withinM: ReadonlyArray<ArrayLike<number>>,
  places: readonly Timed[],
  keyUnits: readonly Timed[],
  builtUp: { roadM: ArrayLike<number>; withinM: ReadonlyArray<ArrayLike<number>> } = { roadM: [], withinM: [] },
  thresholds: readonly number[] = COVERAGE_THRESHOLDS,
): { counties: AreaFigures[]; cities: AreaFigures[]; province: AreaFigures } {
  const n = counties.length;
  const count = (xs: readonly Timed[]) => {
    const all = new Float64Array(n);
    const within = thresholds.map(() => new Float64Array(n));
    for (const x of xs) {
      if (x.area < 0) continue;
      all[x.area]++;
      thresholds.forEach((T, k) => {
        if (x.seconds <= T) within[k][x.area]++;
      });
    }
    return { all, within };
  };
  const p = count(places);
  const u = count(keyUnits);
  const figures = (a: Area, members: number[]): AreaFigures => {
    const sum = (v: ArrayLike<number>) => members.reduce((s, i) => s + (v[i] ?? 0), 0);
    const road = sum(roadM);
    const within = withinM.map((w) => sum(w));
    const builtUpM = sum(builtUp.roadM);
    return {
      ...a,
      roadKm: km(road),
      withinKm: within.map(km),
      roadShare: within.map((w) => share(w, road)),
      places: sum(p.all),
      placesWithin: p.within.map(sum),
      keyUnits: sum(u.all),
      keyUnitsWithin: u.within.map(sum),
      builtUpKm: km(builtUpM),
      builtUpShare: thresholds.map((_, k) => share(sum(builtUp.withinM[k] ?? []), builtUpM)),
    };
  };
  const all = counties.map((_, i) => i);
  return {
    counties: counties.map((c, i) => figures(c, [i])),
    cities: cities.map((c) =>
      figures(
        c,
        all.filter((i) => counties[i].cityAdcode === c.adcode),
      ),
    ),
    province: figures(province, all),
  };
}
