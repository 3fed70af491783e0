import type { IncidentSummary } from './desk-contract';

/**
 * The desk's queue, most urgent first: calls still waiting for dispatch before the ones already
 * handled, then the higher 火警分级, then people trapped, then the longest wait. Closed ones last,
 * newest first.
 */
export function byUrgency<T extends Pick<IncidentSummary, 'state' | 'level' | 'reportedAt' | 'callFacts'>>(list: readonly T[]): T[] {
  const trapped = (i: T) => (i.callFacts?.trapped ? 1 : 0);
  const rank = (i: T) => (i.state === 'new' ? 0 : i.state === 'closed' ? 2 : 1);
  return [...list].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (rank(a) === 2 ? Date.parse(b.reportedAt) - Date.parse(a.reportedAt) : 0) ||
      b.level - a.level ||
      trapped(b) - trapped(a) ||
      Date.parse(a.reportedAt) - Date.parse(b.reportedAt),
  );
}
