import { DataSource, EntityManager } from 'typeorm';
import { CellFigure, CellQuery, M } from './response-cells.repository';
import type { Thresholds } from './response-stats.repository';

/** Turnout again, by the unit's kind (migration 2000): only its share within the kind's standard is read from it. */
const TURNOUT_BY_KIND = 15;

/*
 * $1 months, $2 origins, $3 level, $4 geo, $5 view ('s' or 'u'), $6 the kinds' own turnout thresholds
 * (jsonb), $7 the fire one. A key's measure kept in one row (one month, one origin) is read by subscript;
 * kept in several, its values are merged first.
 */
const kept = (a = '') => `${a}view = $5 AND ${a}level = $3 AND ${a}geo = $4 AND ${a}at = ANY($1::date[]) AND ${a}origin = ANY($2::text[])`;
const FIGURES = `
  SELECT key, measure, total, stats_sorted_pct(vals, 0.5) AS p50, stats_sorted_pct(vals, 0.9) AS p90,
         CASE WHEN measure = ${TURNOUT_BY_KIND} THEN width_bucket(coalesce(($6::jsonb ->> kind)::float8, $7::float8)::real, vals) END AS within
    FROM (SELECT g.key, g.measure, g.kind, g.total,
                 CASE WHEN g.rows = 1 THEN g.one
                      ELSE (SELECT array_agg(v ORDER BY v) FROM response_sample s CROSS JOIN LATERAL unnest(s.vals) v
                             WHERE ${kept('s.')} AND s.key = g.key AND s.measure = g.measure AND s.kind = g.kind) END AS vals
            FROM (SELECT key, measure, kind, sum(n)::int AS total, count(*) AS rows, min(vals) AS one FROM response_sample WHERE ${kept()} GROUP BY 1, 2, 3) g) x`;

/**
 * The station and unit tables from the kept samples (migration 2000): exact, one row per key and
 * measure for a whole month. Only for periods of whole local months of the province or a city.
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
