import { Injectable } from '@nestjs/common';
import { DEFAULT_THRESHOLDS, INTERVALS } from '@gan119/dispatch';
import { UNIT_KINDS } from '@gan119/resources';
import { Db } from '../infra/db/unit-of-work';
import { LiveRefresh } from './live-refresh';
import { rollupParts, rollupQuery, rollupSummary } from './rollup-answer';
import { INCIDENT_INTERVALS, ResponseStatsRepository, StatsFilter, Thresholds, UNIT_INTERVALS } from './response-stats.repository';

/** Imported records' ambulance and medic kinds: NFPA 1710's EMS turnout (60 s) applies to them. */
export const EMS_KINDS = ['MEDIC', 'PRIVATE', 'AMBULANCE', 'ambulance'];

export const defaultThresholds = (): Thresholds => ({
  processingS: DEFAULT_THRESHOLDS.processing,
  turnoutFireS: DEFAULT_THRESHOLDS.turnoutFire,
  turnoutEmsS: DEFAULT_THRESHOLDS.turnoutEms,
  firstArrivalS: DEFAULT_THRESHOLDS.firstArrival,
});

/** Per kind where the fire threshold is not the standard: EMS units, and teams that assemble before they roll. */
function kindThresholds(t: Thresholds): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(EMS_KINDS.map((k) => [k, t.turnoutEmsS]));
  for (const [k, v] of Object.entries(UNIT_KINDS)) if (v.turnoutS > t.turnoutFireS) out[k] = v.turnoutS;
  return out;
}

type Quantiles = { n: number; p50: number | null; p90: number | null };
const num = (v: unknown): number | null => (v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Math.round(Number(v) * 10) / 10);
const share = (v: unknown): number | null => (v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Math.round(Number(v) * 1000) / 1000);

function quantilesOf(row: Record<string, unknown>, names: readonly string[]): Record<string, Quantiles> {
  return Object.fromEntries(
    names.map((k) => {
      const q = row[`${k}_q`] as Array<number | null> | null;
      return [k, { n: Number(row[`${k}_n`] ?? 0), p50: num(q?.[0]), p90: num(q?.[1]) }];
    }),
  );
}

/** Numbers to one decimal and shares to three; a figure with nothing measured stays null, never NaN. */
function tidy(rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, k.endsWith('Share') ? share(v) : /P50$|P90$|S$/.test(k) ? num(v) : v instanceof Date ? v.toISOString() : v]),
    ),
  );
}

export type StatsAnswer = Awaited<ReturnType<Statistics['answer']>>;

/** The queries of an answer; an export asks only for those its table needs (and the counts its note names). */
export type StatsPart = 'incidents' | 'units' | 'byDay' | 'byHour' | 'turnoutByHour' | 'byCounty' | 'byType' | 'byStation' | 'byUnit' | 'slowest';

/** The statistics of a period: the record refreshed from the live one, then every figure in SQL, side by side. */
@Injectable()
export class Statistics {
  constructor(
    private readonly db: Db,
    private readonly live: LiveRefresh,
  ) {}

  /**
   * From how many incidents on a filter the rollup answers (below it the record does, exactly: it is
   * small). The rollup's p50/p90 are interpolated within their bins (2 s wide below 2 min, 5 s to 10 min).
   */
  rollupFrom = 5000;

  /** Every part of the answer, or only `parts` (the others answer empty). */
  async answer(f: StatsFilter, t: Thresholds, parts?: ReadonlySet<StatsPart>) {
    await this.live.refresh();
    const kinds = kindThresholds(t);
    const q = rollupQuery(f);
    const summary = q ? await rollupSummary(this.db, f, q, t, kinds) : null;
    const fromRollup = q !== null && summary !== null && Number(summary.incidents) >= this.rollupFrom;
    const exact = this.db.get(ResponseStatsRepository);
    const rollup = q && fromRollup ? rollupParts(this.db, q, t, kinds) : null;
    const run = <T>(part: StatsPart, query: () => Promise<T>, empty: T): Promise<T> => (!parts || parts.has(part) ? query() : Promise.resolve(empty));
    const none: Array<Record<string, unknown>> = [];
    const [inc, units, byDay, byHour, turnoutByHour, byCounty, byType, byStation, byUnit, slowest] = await Promise.all([
      run('incidents', () => (fromRollup && summary ? Promise.resolve(summary) : exact.incidentSummary(f, t)), {
        incidents: 0,
        synthetic: 0,
        imported: 0,
      } as Record<string, unknown>),
      run('units', () => (fromRollup && summary ? Promise.resolve(summary.units as Record<string, unknown>) : exact.unitSummary(f, t, kinds)), {
        responses: 0,
      } as Record<string, unknown>),
      run('byDay', () => rollup?.byDay?.() ?? exact.incidentTrend(f, t, 'day'), none),
      run('byHour', () => rollup?.byHour?.() ?? exact.incidentTrend(f, t, 'hour'), none),
      run('turnoutByHour', () => rollup?.turnoutByHour?.() ?? exact.turnoutByHour(f, t, kinds), none),
      run('byCounty', () => rollup?.byCounty?.() ?? exact.incidentsBy(f, t, 'county'), none),
      run('byType', () => rollup?.byType?.() ?? exact.incidentsBy(f, t, 'type'), none),
      run('byStation', () => rollup?.byStation?.(500) ?? exact.unitsBy(f, t, kinds, 'station', 500), none),
      run('byUnit', () => rollup?.byUnit?.(500) ?? exact.unitsBy(f, t, kinds, 'unit', 500), none),
      run('slowest', () => exact.slowest(f, 20), none),
    ]);
    const turnoutAt = new Map(turnoutByHour.map((r) => [Number(r.key), r]));
    return {
      period: { from: f.from.toISOString(), to: f.to.toISOString() },
      /** rollup: the p50/p90 are interpolated within the rollup's time bins; record: exact */
      source: fromRollup ? 'rollup' : 'record',
      thresholds: t,
      counts: {
        incidents: Number(inc.incidents),
        synthetic: Number(inc.synthetic),
        imported: Number(inc.imported),
        unitResponses: Number(units.responses),
        firstCall: inc.firstCall instanceof Date ? inc.firstCall.toISOString() : null,
        lastCall: inc.lastCall instanceof Date ? inc.lastCall.toISOString() : null,
      },
      intervals: { ...quantilesOf(inc, INCIDENT_INTERVALS), ...quantilesOf(units, UNIT_INTERVALS) },
      definitions: INTERVALS,
      compliance: { processing: share(inc.processingShare), turnout: share(units.turnoutShare), firstArrival: share(inc.firstArrivalShare) },
      byDay: tidy(byDay),
      byHour: tidy(
        Array.from({ length: 24 }, (_, h) => {
          const r = byHour.find((x) => Number(x.key) === h);
          const u = turnoutAt.get(h);
          return {
            key: h,
            incidents: r ? r.incidents : 0,
            processingP50: r?.processingP50 ?? null,
            firstArrivalP50: r?.firstArrivalP50 ?? null,
            turnoutP50: u?.turnoutP50 ?? null,
            turnoutShare: u?.turnoutShare ?? null,
          };
        }),
      ),
      byCounty: tidy(byCounty),
      byType: tidy(byType),
      byStation: tidy(byStation),
      byUnit: tidy(byUnit),
      slowest: tidy(slowest),
    };
  }
}
