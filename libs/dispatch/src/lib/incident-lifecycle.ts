import { haversineM, LonLat } from '@gan119/geo';
import { IncidentType } from './incident-kinds';

/** new → dispatched → on scene → under control → closed, with the allowed moves only. */
export const INCIDENT_STATES = ['new', 'dispatched', 'on_scene', 'under_control', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

const NEXT: Record<IncidentState, readonly IncidentState[]> = {
  new: ['dispatched', 'closed'], // closed straight from new: a false alarm or a merged duplicate
  dispatched: ['on_scene', 'closed'],
  on_scene: ['under_control', 'closed'],
  under_control: ['closed', 'on_scene'], // flare-up
  closed: [],
};

export function incidentMoveProblem(from: IncidentState, to: IncidentState): string | null {
  if (from === to) return `the incident is already ${to}`;
  return NEXT[from].includes(to) ? null : `cannot go from ${from} to ${to} (allowed: ${NEXT[from].join(', ') || 'none'})`;
}

/** How long after closing an incident may be reopened (a flare-up, a closing by mistake); later, a new call is a new incident. */
export const REOPEN_GRACE_S = 30 * 60;

/** Why a closed incident cannot be reopened now, or null when it can (it then waits for dispatch again). */
export function reopenProblem(
  i: { state: IncidentState; closedAt: number | null; mergedInto: number | null },
  now: number,
  graceS = REOPEN_GRACE_S,
): string | null {
  if (i.state !== 'closed') return `the incident is ${i.state}, not closed`;
  if (i.mergedInto !== null) return `the incident was merged into incident ${i.mergedInto}: reopen that one`;
  if (i.closedAt === null || now - i.closedAt > graceS * 1000) return `it was closed more than ${Math.round(graceS / 60)} minutes ago: take a new call instead`;
  return null;
}

/** Incident types that may be the same event reported differently (a car fire reported as traffic). */
const FAMILY: Record<IncidentType, string> = {
  building_fire: 'fire',
  high_rise_fire: 'fire',
  other_fire: 'fire',
  hazmat: 'hazmat',
  traffic: 'road',
  earthquake: 'disaster',
  flood: 'disaster',
  mountain_rescue: 'rescue',
  social_assistance: 'rescue',
};
const COMPATIBLE = new Set(['fire|road', 'road|fire', 'hazmat|fire', 'fire|hazmat', 'hazmat|road', 'road|hazmat']);

export type OpenIncident = { id: number; type: IncidentType; lonLat: LonLat; reportedAt: number; state: IncidentState };
export type DuplicateRule = { radiusM: number; windowS: number };
export const DEFAULT_DUPLICATE_RULE: DuplicateRule = { radiusM: 500, windowS: 1800 };

/**
 * Open incidents a new report may duplicate: compatible type, within the radius, reported within the
 * time window, not closed; nearest first. Disasters use five times the radius (one event, many calls).
 */
export function duplicateCandidates(
  report: { type: IncidentType; lonLat: LonLat; reportedAt: number },
  open: readonly OpenIncident[],
  rule = DEFAULT_DUPLICATE_RULE,
): Array<OpenIncident & { distanceM: number }> {
  const fa = FAMILY[report.type];
  return open
    .filter((o) => o.state !== 'closed')
    .filter((o) => FAMILY[o.type] === fa || COMPATIBLE.has(`${fa}|${FAMILY[o.type]}`))
    .filter((o) => Math.abs(report.reportedAt - o.reportedAt) <= rule.windowS * 1000)
    .map((o) => ({ ...o, distanceM: haversineM(report.lonLat, o.lonLat) }))
    .filter((o) => o.distanceM <= rule.radiusM * (fa === 'disaster' ? 5 : 1))
    .sort((a, b) => a.distanceM - b.distanceM);
}

/** Why a dispatcher releases a unit from an incident (recorded in the timeline; the console words each). */
export const RELEASE_REASONS = ['no_longer_needed', 'replaced', 'false_alarm', 'broken_down', 'needed_elsewhere', 'other'] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];
