import type { HistoryIncident, HistoryUnit } from './history-import';
import type { IncidentType } from './incident-kinds';

/** A station as the generator needs it: where, in which county, and its units. */
export type SyntheticStation = {
  code: string;
  lon: number;
  lat: number;
  cityAdcode: number;
  countyAdcode: number | null;
  /** calls per day it answers, relative to the others (a city station answers more) */
  weight: number;
  units: ReadonlyArray<{ code: string; kind: string }>;
};

export type SyntheticIncident = HistoryIncident & { level: number; cityAdcode: number; countyAdcode: number | null };

/** Shares of the incident types a Jiangxi centre answers (fires, rescues, traffic, hazmat …). */
const TYPES: ReadonlyArray<[IncidentType, number]> = [
  ['building_fire', 0.2],
  ['other_fire', 0.22],
  ['social_assistance', 0.18],
  ['traffic', 0.14],
  ['mountain_rescue', 0.07],
  ['high_rise_fire', 0.05],
  ['flood', 0.06],
  ['hazmat', 0.05],
  ['earthquake', 0.03],
];
/** calls by hour of day (relative): few before dawn, most in the afternoon and early evening */
const HOURLY = [0.35, 0.25, 0.2, 0.18, 0.2, 0.3, 0.55, 0.8, 1, 1.1, 1.15, 1.2, 1.15, 1.2, 1.3, 1.35, 1.4, 1.45, 1.5, 1.4, 1.2, 1, 0.75, 0.5];

function pick<T>(r: () => number, items: ReadonlyArray<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1][0];
}

/** A log-normal draw with this median and spread (σ of the log): intervals are skewed, never negative. */
function logNormal(r: () => number, median: number, sigma: number): number {
  const u = Math.max(1e-12, r()),
    v = r();
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

/**
 * Synthetic response history (always marked synthetic where stored): `perDay` calls a day on average
 * over `days` days from `start`, by hour of day, spread over the stations by weight, each answered by
 * one to three of the station's units (more for higher levels), with call-taking, processing, turnout
 * (slower at night) and travel (by the posted road time when `roadSeconds` knows it, else by distance)
 * drawn log-normal around figures typical of Chinese centres under 一短三快. Deterministic for a seed.
 * Yields one incident at a time.
 */
export function* syntheticHistory(
  stations: readonly SyntheticStation[],
  opts: {
    /** the instant the first day begins (local midnight): hours of day count from it */
    start: number;
    days: number;
    perDay: number;
    seed: number;
    idPrefix?: string;
    /** posted-speed road time from a station to a scene (null: no road): travel then follows the roads */
    roadSeconds?: (from: readonly [number, number], to: readonly [number, number]) => number | null;
  },
): Generator<SyntheticIncident> {
  let s = (Math.abs(Math.floor(opts.seed)) % 2147483646) + 1;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647; // Park–Miller: (0, 1)
  const usable = stations.filter((st) => st.units.length > 0);
  if (usable.length === 0) return;
  const byWeight = usable.map((st) => [st, st.weight] as [SyntheticStation, number]);
  const hourTotal = HOURLY.reduce((a, b) => a + b, 0);
  let n = 0;
  for (let d = 0; d < opts.days; d++) {
    const dayStart = opts.start + d * 86_400_000;
    for (let h = 0; h < 24; h++) {
      const expected = (opts.perDay * HOURLY[h]) / hourTotal;
      const count = Math.floor(expected) + (r() < expected - Math.floor(expected) ? 1 : 0);
      for (let c = 0; c < count; c++) {
        const st = pick(r, byWeight);
        const level = pick(r, [
          [1, 0.78],
          [2, 0.15],
          [3, 0.05],
          [4, 0.015],
          [5, 0.005],
        ]);
        const type = pick(r, TYPES);
        const callAt = dayStart + h * 3_600_000 + Math.floor(r() * 3_600_000);
        const createdAt = callAt + logNormal(r, 38, 0.35) * 1000;
        const firstOrder = createdAt + logNormal(r, 22, 0.5) * 1000;
        const distKm = Math.min(15, logNormal(r, 2.2, 0.7));
        const angle = r() * 2 * Math.PI;
        const lon = st.lon + (distKm / (111.32 * Math.cos((st.lat * Math.PI) / 180))) * Math.cos(angle);
        const lat = st.lat + (distKm / 110.57) * Math.sin(angle);
        const night = h >= 22 || h < 7;
        // a road time far beyond what the distance allows (a far bridge, a road left unconnected) is not taken
        const roadS = opts.roadSeconds?.([st.lon, st.lat], [lon, lat]) ?? null;
        const road = roadS !== null && roadS <= 3 * (60 + distKm * 120) ? roadS : null;
        const unitCount = Math.min(st.units.length, level === 1 ? 1 + (r() < 0.45 ? 1 : 0) : Math.min(3, level + 1));
        const units: HistoryUnit[] = [];
        for (let k = 0; k < unitCount; k++) {
          const u = st.units[k];
          const orderedAt = firstOrder + (k === 0 ? 0 : logNormal(r, 15, 0.8) * 1000);
          const acked = r() < 0.97;
          const ackedAt = acked ? orderedAt + logNormal(r, 12, 0.6) * 1000 : null;
          const enRouteAt = orderedAt + logNormal(r, night ? 75 : 52, 0.3) * 1000;
          const arrived = r() < 0.985;
          // by road where the roads are known (leaving the station and finding the address, then faster than posted under lights and sirens), else by distance
          const travelS = road !== null ? (45 + road * 0.85) * logNormal(r, 1, 0.2) : (50 + distKm * 90) * logNormal(r, 1, 0.22);
          units.push({
            unit: u.code,
            unitType: u.kind,
            station: st.code,
            emergency: true,
            orderedAt: Math.round(orderedAt),
            ackedAt: ackedAt === null ? null : Math.round(ackedAt),
            enRouteAt: Math.round(enRouteAt),
            onSceneAt: arrived ? Math.round(enRouteAt + travelS * 1000) : null,
          });
        }
        yield {
          incident: `${opts.idPrefix ?? 'syn'}-${++n}`,
          type,
          level,
          lon,
          lat,
          callAt,
          createdAt: Math.round(createdAt),
          planned: unitCount,
          cityAdcode: st.cityAdcode,
          countyAdcode: st.countyAdcode,
          units,
        };
      }
    }
  }
}
