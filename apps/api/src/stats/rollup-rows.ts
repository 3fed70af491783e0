import { CellFigure, M } from './response-cells.repository';
import { INCIDENT_INTERVALS, UNIT_INTERVALS } from './response-stats.repository';

/*
 * The rollup's figures (per key and measure) in the shape of the exact queries' rows, so that one
 * answer is built from either.
 */
type Row = Record<string, unknown>;
type ByMeasure = Map<number, CellFigure>;

export function byKey(figs: readonly CellFigure[]): Map<string, ByMeasure> {
  const out = new Map<string, ByMeasure>();
  for (const f of figs) {
    const m = out.get(f.key) ?? new Map<number, CellFigure>();
    m.set(f.measure, f);
    out.set(f.key, m);
  }
  return out;
}

const count = (m: ByMeasure | undefined, measure: number) => m?.get(measure)?.total ?? 0;
const p50 = (m: ByMeasure | undefined, measure: number) => m?.get(measure)?.p50 ?? null;
const p90 = (m: ByMeasure | undefined, measure: number) => m?.get(measure)?.p90 ?? null;
const share = (m: ByMeasure | undefined, measure: number) => {
  const f = m?.get(measure);
  return f && f.total > 0 && f.within !== null ? f.within / f.total : null;
};

/** The incident summary: counts by origin, n/p50/p90 of each interval, the processing and first-arrival shares. */
export function incidentSummaryRow(figs: readonly CellFigure[], firstLast: { firstCall: Date | null; lastCall: Date | null }): Row {
  const k = byKey(figs);
  const all = k.get('');
  const origin = (o: string) => count(k.get(o), M.incidents);
  const row: Row = {
    incidents: origin('live') + origin('import') + origin('synthetic'),
    synthetic: origin('synthetic'),
    imported: origin('import'),
    ...firstLast,
  };
  for (const name of INCIDENT_INTERVALS) {
    row[`${name}_n`] = count(all, M[name]);
    row[`${name}_q`] = [p50(all, M[name]), p90(all, M[name])];
  }
  row.processingShare = share(all, M.processing);
  row.firstArrivalShare = share(all, M.first_arrival);
  return row;
}

export function unitSummaryRow(figs: readonly CellFigure[]): Row {
  const all = byKey(figs).get('');
  const row: Row = { responses: count(all, M.responses) };
  for (const name of UNIT_INTERVALS) {
    row[`${name}_n`] = count(all, M[name]);
    row[`${name}_q`] = [p50(all, M[name]), p90(all, M[name])];
  }
  row.turnoutShare = share(all, M.turnout);
  return row;
}

/** By day or county or type or hour: incidents, processing and first-arrival figures. */
export function incidentGroupRows(figs: readonly CellFigure[]): Row[] {
  return [...byKey(figs)]
    .filter(([, m]) => count(m, M.incidents) > 0)
    .map(([key, m]) => ({
      key,
      incidents: count(m, M.incidents),
      processingP50: p50(m, M.processing),
      firstArrivalP50: p50(m, M.first_arrival),
      firstArrivalP90: p90(m, M.first_arrival),
      responseP50: p50(m, M.response),
      processingShare: share(m, M.processing),
      firstArrivalShare: share(m, M.first_arrival),
    }));
}

/** Turnout by hour of day. */
export function turnoutRows(figs: readonly CellFigure[]): Row[] {
  return [...byKey(figs)]
    .filter(([, m]) => count(m, M.responses) > 0)
    .map(([key, m]) => ({ key: Number(key), responses: count(m, M.responses), turnoutP50: p50(m, M.turnout), turnoutShare: share(m, M.turnout) }));
}

/** Per station or unit: responses, acknowledgement, turnout, travel, turnout within standard; the `limit` busiest. */
export function unitGroupRows(figs: readonly CellFigure[], limit: number): Array<Row & { key: string; responses: number }> {
  return [...byKey(figs)]
    .map(([key, m]) => ({
      key,
      responses: count(m, M.responses),
      ackP50: p50(m, M.ack),
      turnoutP50: p50(m, M.turnout),
      turnoutP90: p90(m, M.turnout),
      travelP50: p50(m, M.travel),
      turnoutShare: share(m, M.turnout),
    }))
    .filter((r) => r.responses > 0)
    .sort((a, b) => b.responses - a.responses || (a.key < b.key ? -1 : 1))
    .slice(0, limit);
}

/** A station or unit key of the rollup: by roster id ("i:12") or by code ("c:E01", a unit's with its station code and kind). */
export function parseKey(key: string): { id: number | null; code: string | null; stationCode: string | null; kind: string | null } {
  if (key.startsWith('i:')) return { id: Number(key.slice(2)), code: null, stationCode: null, kind: null };
  const [code, stationCode, kind] = key.slice(2).split('\u001f');
  return { id: null, code: code ?? null, stationCode: stationCode || null, kind: kind || null };
}
