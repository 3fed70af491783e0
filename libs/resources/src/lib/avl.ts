/** One AVL fix from a vehicle: where it was at a moment. */
export type AvlFix = { unitId: number; ts: number; lon: number; lat: number; speedKmh?: number; heading?: number };

/** What to do with a fix given the newest one already held for that unit. */
export type FixVerdict = 'live' | 'history_only' | 'duplicate';

/**
 * A newer fix becomes the live position; an older one (arriving out of order over a flaky link) is
 * only history; one with the same time as the live one is a duplicate and dropped.
 */
export function judgeFix(latestTs: number | null, fixTs: number): FixVerdict {
  if (latestTs === null || fixTs > latestTs) return 'live';
  if (fixTs === latestTs) return 'duplicate';
  return 'history_only';
}

/** Whether a unit that last reported at `lastTs` is stale at `now`. */
export function isStale(lastTs: number | null, now: number, staleAfterS: number): boolean {
  return lastTs === null || now - lastTs > staleAfterS * 1000;
}

/** Why a fix cannot be taken (null when it can), given the clock and the age limit. */
export function fixProblem(f: AvlFix, now: number, maxAgeS = 86400): string | null {
  if (!Number.isInteger(f.unitId) || f.unitId < 1) return 'unitId must be a positive integer';
  if (!Number.isFinite(f.ts)) return 'ts must be a time';
  if (f.ts > now + 60_000) return 'ts is more than a minute in the future';
  if (f.ts < now - maxAgeS * 1000) return `ts is older than ${maxAgeS} s`;
  if (f.speedKmh !== undefined && !(f.speedKmh >= 0 && f.speedKmh <= 250)) return 'speedKmh must be 0..250';
  if (f.heading !== undefined && !(f.heading >= 0 && f.heading < 360)) return 'heading must be 0..359.9';
  return null;
}
