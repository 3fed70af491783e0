import type { AreaFigures } from '@gan119/dispatch';

export type { AreaFigures };

/** GET /api/coverage/report, as the console reads it. */
export type CoverageAnswer = {
  thresholds: number[];
  turnout: 'excluded' | 'included';
  network: { edges: number; synthetic: boolean };
  stations: { total: number; onNetwork: number };
  province: AreaFigures;
  cities: AreaFigures[];
  counties: AreaFigures[];
  capabilities: Array<{ capability: string; zh: string; en: string; stations: number; keyUnits: number; keyUnitsWithin: number }>;
  keyUnits: Array<{ id: number; name: string; countyAdcode: number | null; hazards: string[]; firstSeconds: number | null; stationsWithin8: number | null }>;
  outside: Array<{ id: number; name: string; kind: string; countyAdcode: number | null; lon: number; lat: number; seconds: number | null }>;
  computedMs: number;
};

/** Green where at least 80 % of the road is within the threshold, amber from 50 %, red below; grey with no road. */
export const coverageColour = (share: number | null) =>
  share === null ? 'rgba(176,190,197,0.35)' : share >= 0.8 ? 'rgba(67,160,71,0.55)' : share >= 0.5 ? 'rgba(251,192,45,0.6)' : 'rgba(229,57,53,0.6)';
