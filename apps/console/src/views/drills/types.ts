import type { DrillLeagueRow, DrillScore } from '@gan119/dispatch';

/** What the drill API answers (apps/api/src/drills). */
export type DrillPart = {
  drillId: number;
  unitId: number;
  unitCode: string;
  unitName: string;
  station: { id: number; code: string; name: string; lon: number; lat: number };
  cityName: string | null;
  point: { type: string; level: number; lon: number; lat: number; address: string | null; roadS: number | null };
  orderedAt: string;
  outcome: string;
  score: DrillScore;
};
export type DrillSummary = {
  id: number;
  state: 'scheduled' | 'live' | 'ended' | 'cancelled';
  fireAt: string;
  firedAt: string | null;
  units: number;
  live: number;
  note: string | null;
  endReason: string | null;
};
export type DrillDetail = DrillSummary & { units: DrillPart[] };
export type LeagueRow = DrillLeagueRow;
export type DrillResultsAnswer = {
  days: number;
  parts: number;
  scored: number;
  preempted: number;
  byDetachment: LeagueRow[];
  byStation: LeagueRow[];
  worst: DrillPart[];
};
