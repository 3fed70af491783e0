import { DAY_MS, localDate, startOfLocalDate } from './centre-time';

/**
 * A statistics period cut into what the rollup keeps: the local months wholly inside it, the local days
 * left at its two ends, and those ends as instants (for what is kept by month only, read from the
 * record). Only a period from one local midnight to another can be cut; others answer null.
 */
export type PeriodPieces = {
  /** the period, [from, to) */
  from: number;
  to: number;
  /** first days (YYYY-MM-01) of the local months wholly inside */
  months: string[];
  /** the local days (YYYY-MM-DD) inside but outside those months */
  days: string[];
  /** every local day of the period */
  allDays: string[];
  /** the ends outside the months, as [from, to) instants: none, one or two */
  edges: Array<[number, number]>;
};

const nextMonth = (date: string): string => {
  const [y, m] = date.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

const isLocalMidnight = (ms: number): boolean => startOfLocalDate(localDate(ms)) === ms;

export function periodPieces(from: number, to: number): PeriodPieces | null {
  if (!(to > from) || !isLocalMidnight(from) || !isLocalMidnight(to)) return null;
  const allDays: string[] = [];
  for (let t = from; t < to; t += DAY_MS) allDays.push(localDate(t)); // no daylight saving: a day is a day
  const months: string[] = [];
  const first = localDate(from);
  let m = first.endsWith('-01') ? first : nextMonth(first);
  while (startOfLocalDate(nextMonth(m)) <= to) {
    months.push(m);
    m = nextMonth(m);
  }
  if (months.length === 0) return { from, to, months, days: allDays, allDays, edges: [[from, to]] };
  const monthsFrom = startOfLocalDate(months[0]);
  const monthsTo = startOfLocalDate(nextMonth(months[months.length - 1]));
  const edges: Array<[number, number]> = [];
  if (from < monthsFrom) edges.push([from, monthsFrom]);
  if (monthsTo < to) edges.push([monthsTo, to]);
  const days = allDays.filter((d) => {
    const t = startOfLocalDate(d);
    return t < monthsFrom || t >= monthsTo;
  });
  return { from, to, months, days, allDays, edges };
}
