import { DataSource, EntityManager } from 'typeorm';
import { CellFigure, CellQuery, M } from './response-cells.repository';
import type { Thresholds } from './response-stats.repository';

/** Turnout again, by the unit's kind (migration 2000): only its share within the kind's standard is read from it. */
const TURNOUT_BY_KIND = 15;

/*
 * $1 months, $2 origins, $3 level, $4 geo, $5 view ('s' or 'u'), $6 the kinds' own turnout thresholds
 * (jsonb), $7 the fire one, $8 the measure of turnout by kind (its share within is counted per kind). A
 * key's measure kept in one row (one month, one origin) is read by subscript; kept in several, its values
 * are merged first. One constant text: every value is a parameter.
 */
const FIGURES = `
  SELECT key, measure, total, stats_sorted_pct(vals, 0.5) AS p50, stats_sorted_pct(vals, 0.9) AS p90,
         CASE WHEN measure = $8 THEN width_bucket(coalesce(($6::jsonb ->> kind)::float8, $7::float8)::real, vals) END AS within
    FROM (SELECT key, measure, kind, sum(n)::int AS total, CASE WHEN count(*) = 1 THEN stats_cat(vals) ELSE stats_sort(stats_cat(vals)) END AS vals
            FROM response_sample
           WHERE view = $5 AND level = $3 AND geo = $4 AND at = ANY($1::date[]) AND origin = ANY($2::text[])
           GROUP BY 1, 2, 3) x`;

/**
 * The station and unit tables from the kept samples (migration 2000): exact, one row per key and
 * measure for a whole month. Only for periods of whole local months of the province, a city or a county.
 */
export class ResponseSamplesRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async figures(view: 's' | 'u', q: CellQuery, t: Thresholds, kindThresholds: Readonly<Record<string, number>>): Promise<CellFigure[]> {
    const rows = (await this.db.query(FIGURES, [
      q.pieces.months,
      q.origins,
      q.geo.level,
      q.geo.geo,
      view,
      JSON.stringify(kindThresholds),
      t.turnoutFireS,
      TURNOUT_BY_KIND,
    ])) as Array<{ key: string; measure: number; total: number; p50: number | null; p90: number | null; within: number | null }>;
    // the share within the standard: counted per kind, summed per key onto the turnout figure
    const within = new Map<string, number>();
    for (const r of rows) if (r.measure === TURNOUT_BY_KIND) within.set(r.key, (within.get(r.key) ?? 0) + Number(r.within ?? 0));
    return rows
      .filter((r) => r.measure !== TURNOUT_BY_KIND)
      .map((r) => ({
        key: r.key,
        measure: r.measure,
        total: Number(r.total),
        p50: r.p50 === null ? null : Number(r.p50),
        p90: r.p90 === null ? null : Number(r.p90),
        within: r.measure === M.turnout ? (within.get(r.key) ?? 0) : null,
      }));
  }
}
