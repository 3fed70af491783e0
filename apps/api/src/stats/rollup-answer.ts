import { periodPieces } from '@gan119/dispatch';
import { Db } from '../infra/db/unit-of-work';
import { CellFigure, CellPart, CellQuery, Geo, ResponseCellsRepository } from './response-cells.repository';
import { ResponseSamplesRepository } from './response-samples.repository';
import { ResponseStatsRepository, StatsFilter, Thresholds } from './response-stats.repository';
import { incidentGroupRows, incidentSummaryRow, parseKey, turnoutRows, unitGroupRows, unitSummaryRow } from './rollup-rows';

type Row = Record<string, unknown>;

/**
 * Where a filter can be answered from the rollup: a period from one local midnight to another that is
 * mostly whole local months (the days outside them at most a tenth), one place at most (the console's jurisdiction, a city or a county), and no narrower filter (type, level,
 * station, unit: those read the record, which they narrow enough). Null: read the record.
 */
export function rollupQuery(f: StatsFilter): CellQuery | null {
  if (f.type || f.level || f.station || f.unit) return null;
  const pieces = periodPieces(f.from.getTime(), f.to.getTime());
  // the days outside whole months are read from the record for most breakdowns: worth it only when they are few
  if (!pieces || pieces.months.length === 0 || pieces.days.length * 10 > pieces.allDays.length) return null;
  const places = [...new Set([f.scope, f.city, f.county].filter((x): x is number => typeof x === 'number'))];
  if (places.length > 1) return null;
  const a = places[0];
  const geo: Geo = a === undefined || a % 10_000 === 0 ? { level: 'p', geo: 0 } : a % 100 === 0 ? { level: 'c', geo: a } : { level: 'x', geo: a };
  return { pieces, origins: f.origins, geo };
}

/** The incident summary from the rollup (with the first and last call from the record, through its index). */
export async function rollupSummary(db: Db, f: StatsFilter, q: CellQuery, t: Thresholds, kinds: Record<string, number>): Promise<Row> {
  const [figs, firstLast] = await Promise.all([db.get(ResponseCellsRepository).figures('summary', q, t, kinds), db.get(ResponseStatsRepository).firstLast(f)]);
  return { ...incidentSummaryRow(figs, firstLast), units: unitSummaryRow(figs) };
}

/**
 * Each other part of the answer the rollup keeps for the place, in the exact queries' shape: all of
 * them for the province and a city; for a county its counties and types, and its stations and units
 * over whole months (by day and hour, and by station and unit with days outside whole months, a county
 * is read from the record, exactly: the rollup does not keep them by county).
 */
export function rollupParts(db: Db, q: CellQuery, t: Thresholds, kinds: Record<string, number>): Partial<ReturnType<typeof keptParts>> {
  const all = keptParts(db, q, t, kinds);
  if (q.geo.level !== 'x') return all;
  return { byCounty: all.byCounty, byType: all.byType, ...(fromSamples(q) ? { byStation: all.byStation, byUnit: all.byUnit } : {}) };
}

/**
 * Up to how many whole months the station and unit tables of the province or a city merge their samples
 * (beyond, the cells' histograms are smaller); a county's year of samples is smaller than a province's month.
 */
const SAMPLE_MONTHS = 3;

/** Whether the station and unit tables are read from the kept samples (exact): whole months only, few of them unless for a county. */
const fromSamples = (q: CellQuery) => q.pieces.days.length === 0 && (q.geo.level === 'x' || q.pieces.months.length <= SAMPLE_MONTHS);

function keptParts(db: Db, q: CellQuery, t: Thresholds, kinds: Record<string, number>) {
  const repo = db.get(ResponseCellsRepository);
  // each part read once: the hours' cells give both the incidents' and the turnout's figures by hour
  const reads = new Map<CellPart, Promise<CellFigure[]>>();
  const read = (part: CellPart): Promise<CellFigure[]> => {
    const once = reads.get(part) ?? repo.figures(part, q, t, kinds);
    reads.set(part, once);
    return once;
  };
  // stations and units: from their kept samples (exact) when the period is whole months only, else from the cells
  const perKey = (view: 's' | 'u') =>
    fromSamples(q) ? db.get(ResponseSamplesRepository).figures(view, q, t, kinds) : read(view === 's' ? 'byStation' : 'byUnit');
  const sortByKey = (rows: Row[]) => rows.sort((a, b) => (String(a.key) < String(b.key) ? -1 : 1));
  const byIncidents = (rows: Row[]) => rows.sort((a, b) => Number(b.incidents) - Number(a.incidents));
  return {
    byDay: async () => sortByKey(incidentGroupRows(await read('byDay'))),
    byHour: async () => incidentGroupRows(await read('byHour')).map((r) => ({ ...r, key: Number(r.key) })),
    turnoutByHour: async () => turnoutRows(await read('byHour')),
    byType: async () => byIncidents(incidentGroupRows(await read('byType'))),
    byCounty: async () => {
      const rows = incidentGroupRows(await read('byCounty'));
      const { counties } = await repo.names(
        rows.map((r) => Number(r.key)),
        [],
        [],
      );
      return byIncidents(
        rows.map((r) => {
          const c = counties.get(Number(r.key));
          return { ...r, key: Number(r.key) || null, name: c?.name ?? null, cityAdcode: c?.cityAdcode ?? null, cityName: c?.cityName ?? null };
        }),
      );
    },
    byStation: async (limit: number) => {
      const rows = unitGroupRows(await perKey('s'), limit);
      const ids = rows.map((r) => parseKey(r.key).id).filter((x): x is number => x !== null);
      const { stations } = await repo.names([], ids, []);
      return rows.map((r) => {
        const k = parseKey(r.key);
        const s = k.id === null ? undefined : stations.get(k.id);
        return { ...r, key: k.id === null ? k.code : String(k.id), stationId: k.id, stationCode: s?.code ?? k.code, name: s?.name ?? null };
      });
    },
    byUnit: async (limit: number) => {
      const rows = unitGroupRows(await perKey('u'), limit);
      const ids = rows.map((r) => parseKey(r.key).id).filter((x): x is number => x !== null);
      const { units } = await repo.names([], [], ids);
      return rows.map((r) => {
        const k = parseKey(r.key);
        const u = k.id === null ? undefined : units.get(k.id);
        return {
          ...r,
          key: k.id === null ? k.code : String(k.id),
          unitId: k.id,
          unitCode: u?.code ?? k.code,
          kind: u?.kind ?? k.kind,
          stationId: u?.stationId ?? null,
          stationCode: u?.stationCode ?? k.stationCode,
          name: u?.name ?? null,
          stationName: u?.stationName ?? null,
        };
      });
    },
  };
}
