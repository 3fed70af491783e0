/**
 * The centre's local time (China Standard Time, UTC+8, no daylight saving): the statistics' days and
 * hours, the turnout bands and the dates people type are all in it.
 */
export const CENTRE_UTC_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** The local hour (0–23) of an instant. */
export const localHour = (ms: number): number => new Date(ms + CENTRE_UTC_OFFSET_MS).getUTCHours();

/** The local date (YYYY-MM-DD) of an instant. */
export const localDate = (ms: number): string => new Date(ms + CENTRE_UTC_OFFSET_MS).toISOString().slice(0, 10);

/** The instant a local date (YYYY-MM-DD) begins; NaN for what is not a date. */
export const startOfLocalDate = (date: string): number => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) - CENTRE_UTC_OFFSET_MS : NaN);

/** The instant today began, locally. */
export const startOfLocalToday = (now = Date.now()): number => startOfLocalDate(localDate(now));
