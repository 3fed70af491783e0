import { DataSource, EntityManager } from 'typeorm';
import type { Origin } from './response-facts.repository';

export type StatsFilter = {
  from: Date;
  to: Date;
  /** the console's jurisdiction (a city or county adcode); null: the province */
  scope: number | null;
  city?: number;
  county?: number;
  station?: number;
  unit?: number;
  type?: string;
  level?: number;
  origins: readonly Origin[];
};

export type Thresholds = { processingS: number; turnoutFireS: number; turnoutEmsS: number; firstArrivalS: number };

/** Interval columns, incident-level and unit-level, as the statistics name them. */
export const INCIDENT_INTERVALS = {
  call_taking: 'call_taking_s',
  processing: 'processing_s',
  first_arrival: 'first_arrival_s',
  response: 'response_s',
  full_plan: 'full_plan_s',
} as const;
export const UNIT_INTERVALS = { ack: 'ack_s', turnout: 'turnout_s', travel: 'travel_s', order_to_scene: 'order_to_scene_s' } as const;

type Where = { sql: string; params: unknown[] };

/** The WHERE of a query on response_incident (alias i) or response_unit (alias u), with only the filters given. */
function where(f: StatsFilter, on: 'incident' | 'unit', params: unknown[] = []): Where {
  const a = on === 'incident' ? 'i' : 'u';
  const p = (v: unknown) => `$${params.push(v)}`;
  const parts = [`${a}.call_at >= ${p(f.from)}`, `${a}.call_at < ${p(f.to)}`];
  parts.push(`${a}.origin = ANY(${p(f.origins)}::text[])`);
  if (f.scope !== null) {
    const s = p(f.scope);
    parts.push(`(${a}.city_adcode = ${s} OR ${a}.county_adcode = ${s})`);
  }
  if (f.city !== undefined) parts.push(`${a}.city_adcode = ${p(f.city)}`);
  if (f.county !== undefined) parts.push(`${a}.county_adcode = ${p(f.county)}`);
  if (f.type !== undefined) parts.push(`${a}.type = ${p(f.type)}`);
  if (f.level !== undefined) parts.push(`${a}.level = ${p(f.level)}`);
  for (const [k, col] of [
    ['station', 'station_id'],
    ['unit', 'unit_id'],
  ] as const) {
    const v = f[k];
    if (v === undefined) continue;
    parts.push(on === 'unit' ? `u.${col} = ${p(v)}` : `EXISTS (SELECT 1 FROM response_unit x WHERE x.fact_id = i.id AND x.${col} = ${p(v)})`);
  }
  return { sql: parts.join(' AND '), params };
}

/** n, p50 and p90 of each interval column, as `<name>` → [n, p50, p90] in one row. */
const quantiles = (cols: Record<string, string>, a: string) =>
  Object.entries(cols)
    .map(([k, c]) => `count(${a}.${c})::int AS "${k}_n", percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${a}.${c}) AS "${k}_q"`)
    .join(', ');

/** The share within a threshold among those measured; null when none were. */
const share = (expr: string, col: string) => `(count(*) FILTER (WHERE ${expr})::float8 / nullif(count(${col}), 0))`;

const TZ = 'Asia/Shanghai';

/**
 * The statistics as SQL aggregations over the indexed record (never the rows into Node): each method
 * is one query on the filtered range; the service runs them side by side.
 */
export class ResponseStatsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async incidentSummary(f: StatsFilter, t: Thresholds): Promise<Record<string, unknown>> {
    const w = where(f, 'incident');
    const pr = w.params.push(t.processingS),
      ar = w.params.push(t.firstArrivalS);
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS incidents, count(*) FILTER (WHERE i.origin = 'synthetic')::int AS synthetic,
              count(*) FILTER (WHERE i.origin = 'import')::int AS imported, min(i.call_at) AS "firstCall", max(i.call_at) AS "lastCall",
              ${quantiles(INCIDENT_INTERVALS, 'i')},
              ${share(`i.processing_s <= $${pr}`, 'i.processing_s')} AS "processingShare",
              ${share(`i.first_arrival_s <= $${ar}`, 'i.first_arrival_s')} AS "firstArrivalShare"
         FROM response_incident i WHERE ${w.sql}`,
      w.params,
    )) as [Record<string, unknown>];
    return row;
  }

  async unitSummary(f: StatsFilter, t: Thresholds, kindThresholds: Readonly<Record<string, number>>): Promise<Record<string, unknown>> {
    const w = where(f, 'unit');
    const turnout = turnoutWithin(w.params, t, kindThresholds);
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS responses, ${quantiles(UNIT_INTERVALS, 'u')}, ${share(turnout, 'u.turnout_s')} AS "turnoutShare"
         FROM response_unit u WHERE ${w.sql}`,
      w.params,
    )) as [Record<string, unknown>];
    return row;
  }

  /** Per day (local) or per hour of day: count, response and first-arrival medians, compliance shares. */
  async incidentTrend(f: StatsFilter, t: Thresholds, by: 'day' | 'hour'): Promise<Array<Record<string, unknown>>> {
    const w = where(f, 'incident');
    const tz = w.params.push(TZ),
      pr = w.params.push(t.processingS),
      ar = w.params.push(t.firstArrivalS);
    const key =
      by === 'day' ? `to_char(date_trunc('day', i.call_at AT TIME ZONE $${tz}), 'YYYY-MM-DD')` : `extract(hour FROM i.call_at AT TIME ZONE $${tz})::int`;
    return (await this.db.query(
      `SELECT ${key} AS key, count(*)::int AS incidents,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY i.processing_s) AS "processingP50",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY i.first_arrival_s) AS "firstArrivalP50",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY i.first_arrival_s) AS "firstArrivalP90",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY i.response_s) AS "responseP50",
              ${share(`i.processing_s <= $${pr}`, 'i.processing_s')} AS "processingShare",
              ${share(`i.first_arrival_s <= $${ar}`, 'i.first_arrival_s')} AS "firstArrivalShare"
         FROM response_incident i WHERE ${w.sql} GROUP BY 1 ORDER BY 1`,
      w.params,
    )) as Array<Record<string, unknown>>;
  }

  /** Turnout by hour of day (crews asleep roll slower). */
  async turnoutByHour(f: StatsFilter, t: Thresholds, kindThresholds: Readonly<Record<string, number>>): Promise<Array<Record<string, unknown>>> {
    const w = where(f, 'unit');
    const tz = w.params.push(TZ);
    const turnout = turnoutWithin(w.params, t, kindThresholds);
    return (await this.db.query(
      `SELECT extract(hour FROM u.call_at AT TIME ZONE $${tz})::int AS key, count(*)::int AS responses,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY u.turnout_s) AS "turnoutP50", ${share(turnout, 'u.turnout_s')} AS "turnoutShare"
         FROM response_unit u WHERE ${w.sql} GROUP BY 1 ORDER BY 1`,
      w.params,
    )) as Array<Record<string, unknown>>;
  }

  /** Per county (or per type): count, first-arrival and processing figures; with the area's name. */
  async incidentsBy(f: StatsFilter, t: Thresholds, by: 'county' | 'type'): Promise<Array<Record<string, unknown>>> {
    const w = where(f, 'incident');
    const ar = w.params.push(t.firstArrivalS),
      pr = w.params.push(t.processingS);
    const key = by === 'county' ? 'i.county_adcode' : 'i.type';
    return (await this.db.query(
      `SELECT g.*, ${by === 'county' ? 'a.name, a.parent_adcode AS "cityAdcode", c.name AS "cityName"' : 'NULL AS name'}
         FROM (SELECT ${key} AS key, count(*)::int AS incidents,
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY i.processing_s) AS "processingP50",
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY i.first_arrival_s) AS "firstArrivalP50",
                      percentile_cont(0.9) WITHIN GROUP (ORDER BY i.first_arrival_s) AS "firstArrivalP90",
                      ${share(`i.first_arrival_s <= $${ar}`, 'i.first_arrival_s')} AS "firstArrivalShare",
                      ${share(`i.processing_s <= $${pr}`, 'i.processing_s')} AS "processingShare"
                 FROM response_incident i WHERE ${w.sql} GROUP BY 1) g
         ${by === 'county' ? 'LEFT JOIN admin_area a ON a.adcode = g.key LEFT JOIN admin_area c ON c.adcode = a.parent_adcode' : ''}
        ORDER BY g.incidents DESC`,
      w.params,
    )) as Array<Record<string, unknown>>;
  }

  /** Per station or per unit: responses, acknowledgement, turnout and travel figures, turnout compliance. */
  async unitsBy(
    f: StatsFilter,
    t: Thresholds,
    kindThresholds: Readonly<Record<string, number>>,
    by: 'station' | 'unit',
    limit: number,
  ): Promise<Array<Record<string, unknown>>> {
    const w = where(f, 'unit');
    const turnout = turnoutWithin(w.params, t, kindThresholds);
    const lim = w.params.push(limit);
    const key = by === 'station' ? 'coalesce(u.station_id::text, u.station_code)' : 'coalesce(u.unit_id::text, u.unit_code)';
    const names =
      by === 'station'
        ? `(SELECT s.name FROM station s WHERE s.id = g."stationId") AS name`
        : `(SELECT x.name FROM unit x WHERE x.id = g."unitId") AS name, (SELECT s.name FROM unit x JOIN station s ON s.id = x.station_id WHERE x.id = g."unitId") AS "stationName"`;
    return (await this.db.query(
      `SELECT g.*, ${names}
         FROM (SELECT ${key} AS key, min(u.station_id) AS "stationId", min(u.station_code) AS "stationCode",
                      ${by === 'unit' ? 'min(u.unit_id) AS "unitId", min(u.unit_code) AS "unitCode", min(u.kind) AS kind,' : ''}
                      count(*)::int AS responses,
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY u.ack_s) AS "ackP50",
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY u.turnout_s) AS "turnoutP50",
                      percentile_cont(0.9) WITHIN GROUP (ORDER BY u.turnout_s) AS "turnoutP90",
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY u.travel_s) AS "travelP50",
                      ${share(turnout, 'u.turnout_s')} AS "turnoutShare"
                 FROM response_unit u WHERE ${w.sql} GROUP BY 1 ORDER BY responses DESC, 1 LIMIT $${lim}) g
        ORDER BY g.responses DESC, g.key`,
      w.params,
    )) as Array<Record<string, unknown>>;
  }

  /** The slowest incidents by call → first unit on scene (those with no arrival last), with what opens their timeline. */
  async slowest(f: StatsFilter, limit: number): Promise<Array<Record<string, unknown>>> {
    const w = where(f, 'incident');
    const lim = w.params.push(limit);
    return (await this.db.query(
      `SELECT i.id AS "factId", i.origin, i.ref, i.incident_id AS "incidentId", i.type, i.level, i.call_at AS "callAt",
              i.processing_s AS "processingS", i.first_arrival_s AS "firstArrivalS", i.response_s AS "responseS", i.units,
              a.name AS "countyName"
         FROM response_incident i LEFT JOIN admin_area a ON a.adcode = i.county_adcode
        WHERE ${w.sql} AND i.response_s IS NOT NULL
        ORDER BY i.response_s DESC LIMIT $${lim}`,
      w.params,
    )) as Array<Record<string, unknown>>;
  }
}

/**
 * A unit's turnout within its standard: the fire threshold, or the kind's own where it has one
 * (EMS units 60 s; provincial teams that assemble before they roll, their own standard).
 */
function turnoutWithin(params: unknown[], t: Thresholds, kindThresholds: Readonly<Record<string, number>>): string {
  const whens = Object.entries(kindThresholds).map(([k, v]) => `WHEN $${params.push(k)} THEN $${params.push(v)}::float8`);
  const fire = params.push(t.turnoutFireS);
  return whens.length ? `u.turnout_s <= CASE u.kind ${whens.join(' ')} ELSE $${fire}::float8 END` : `u.turnout_s <= $${fire}::float8`;
}
