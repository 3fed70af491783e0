/**
 * A partner link: one incident shared with one partner agency, either way. Its state is what we know
 * of the partner's side; each side owns its own incident and never overwrites the other's.
 */
export const LINK_STATES = ['queued', 'delivered', 'acknowledged', 'en_route', 'on_scene', 'closed', 'declined', 'refused', 'cancelled'] as const;
export type LinkState = (typeof LINK_STATES)[number];
export type LinkDirection = 'in' | 'out';

/** What a partner may tell us of its side. */
export const PARTNER_STATUSES = ['acknowledged', 'en_route', 'on_scene', 'closed', 'declined'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

export function isPartnerStatus(v: unknown): v is PartnerStatus {
  return typeof v === 'string' && (PARTNER_STATUSES as readonly string[]).includes(v);
}

const RANK: Record<LinkState, number> = {
  queued: 0,
  delivered: 1,
  acknowledged: 2,
  en_route: 3,
  on_scene: 4,
  closed: 5,
  declined: 5,
  refused: 5,
  cancelled: 5,
};
const FINAL: ReadonlySet<LinkState> = new Set(['closed', 'declined', 'refused', 'cancelled']);

export function isFinalLinkState(s: LinkState): boolean {
  return FINAL.has(s);
}

/**
 * The last-writer rule for a partner's report about its own side: the newest report wins (by the
 * sender's timestamp, so a late retry of an older message cannot undo a newer one); a link only moves
 * forward (a report of "en route" after "on scene" is older news); a closed, declined, refused or
 * cancelled link stays so. Answers the state to keep and whether the report changed anything.
 */
export function applyPartnerReport(
  link: { state: LinkState; theirUpdatedAt: string | null },
  report: { status: PartnerStatus | null; at: string },
): { state: LinkState; theirUpdatedAt: string; changed: boolean; stale: boolean } {
  const last = link.theirUpdatedAt ? Date.parse(link.theirUpdatedAt) : -Infinity;
  const at = Date.parse(report.at);
  if (!(at > last) && link.theirUpdatedAt) return { state: link.state, theirUpdatedAt: link.theirUpdatedAt, changed: false, stale: true };
  if (FINAL.has(link.state) || !report.status) return { state: link.state, theirUpdatedAt: report.at, changed: false, stale: false };
  const next = report.status;
  const forward = next === 'declined' ? RANK[link.state] <= RANK.acknowledged : RANK[next] > RANK[link.state];
  return forward
    ? { state: next, theirUpdatedAt: report.at, changed: true, stale: false }
    : { state: link.state, theirUpdatedAt: report.at, changed: false, stale: false };
}

/** A partner's status from the units it reports and its incident's status (an EIDO update). */
export function statusFromReport(incidentStatus: string | null, unitStatuses: string[]): PartnerStatus {
  const s = (incidentStatus ?? '').toLowerCase();
  if (s === 'closed' || s === 'cancelled') return 'closed';
  if (s === 'declined' || s === 'refused') return 'declined';
  if (unitStatuses.some((u) => u === 'on_scene')) return 'on_scene';
  if (unitStatuses.some((u) => u === 'en_route' || u === 'dispatched')) return 'en_route';
  return 'acknowledged';
}
