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

/** The interval names of each level, as the answer names them (columns `<name>_s`). */
export const INCIDENT_INTERVALS = ['call_taking', 'processing', 'first_arrival', 'response', 'full_plan'] as const;
export const UNIT_INTERVALS = ['ack', 'turnout', 'travel', 'order_to_scene'] as const;

const TZ = 'Asia/Shanghai';

/*
 * Every query below is one constant text; every value is a parameter. The filters are $1–$10 in every
 * query (a filter not given is null, and PostgreSQL plans each call with its values, so a null filter
 * costs nothing); each query's own values follow from $11.
 */
const FILTERS = (f: StatsFilter): unknown[] => [
  f.from,
  f.to,
  f.origins,
  f.scope,
  f.city ?? null,
  f.county ?? null,
  f.type ?? null,
  f.level ?? null,
  f.station ?? null,
  f.unit ?? null,
];

const WHERE_INCIDENT = `
      i.call_at >= $1 AND i.call_at < $2 AND i.origin = ANY($3::text[])
  AND ($4::int IS NULL OR i.city_adcode = $4 OR i.county_adcode = $4)
  AND ($5::int IS NULL OR i.city_adcode = $5)
  AND ($6::int IS NULL OR i.county_adcode = $6)
  AND ($7::text IS NULL OR i.type = $7)
  AND ($8::int IS NULL OR i.level = $8)
  AND ($9::int IS NULL OR EXISTS (SELECT 1 FROM response_unit x WHERE x.fact_id = i.id AND x.station_id = $9))
  AND ($10::int IS NULL OR EXISTS (SELECT 1 FROM response_unit x WHERE x.fact_id = i.id AND x.unit_id = $10))`;

const WHERE_UNIT = `
      u.call_at >= $1 AND u.call_at < $2 AND u.origin = ANY($3::text[])
  AND ($4::int IS NULL OR u.city_adcode = $4 OR u.county_adcode = $4)
  AND ($5::int IS NULL OR u.city_adcode = $5)
  AND ($6::int IS NULL OR u.county_adcode = $6)
  AND ($7::text IS NULL OR u.type = $7)
  AND ($8::int IS NULL OR u.level = $8)
  AND ($9::int IS NULL OR u.station_id = $9)
  AND ($10::int IS NULL OR u.unit_id = $10)`;

/** n and [p50, p90] of every incident interval; the processing ($11) and first-arrival ($12) shares. */
const INCIDENT_SUMMARY =
  `SELECT count(*)::int AS incidents, count(*) FILTER (WHERE i.origin = 'synthetic')::int AS synthetic,
          count(*) FILTER (WHERE i.origin = 'import')::int AS imported, min(i.call_at) AS "firstCall", max(i.call_at) AS "lastCall",
          count(i.call_taking_s)::int AS call_taking_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY i.call_taking_s) AS call_taking_q,
          count(i.processing_s)::int AS processing_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY i.processing_s) AS processing_q,
          count(i.first_arrival_s)::int AS first_arrival_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY i.first_arrival_s) AS first_arrival_q,
          count(i.response_s)::int AS response_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY i.response_s) AS response_q,
          count(i.full_plan_s)::int AS full_plan_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY i.full_plan_s) AS full_plan_q,
          count(*) FILTER (WHERE i.processing_s <= $11)::float8 / nullif(count(i.processing_s), 0) AS "processingShare",
          count(*) FILTER (WHERE i.first_arrival_s <= $12)::float8 / nullif(count(i.first_arrival_s), 0) AS "firstArrivalShare"
     FROM response_incident i WHERE` + WHERE_INCIDENT;

/** A unit's turnout within its standard: its kind's own threshold from the map in $11 (jsonb), else the fire one ($12). */
const TURNOUT_WITHIN = `u.turnout_s <= coalesce(($11::jsonb ->> u.kind)::float8, $12::float8)`;
const TURNOUT_SHARE = `count(*) FILTER (WHERE ` + TURNOUT_WITHIN + `)::float8 / nullif(count(u.turnout_s), 0) AS "turnoutShare"`;

const UNIT_SUMMARY =
  `SELECT count(*)::int AS responses,
          count(u.ack_s)::int AS ack_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY u.ack_s) AS ack_q,
          count(u.turnout_s)::int AS turnout_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY u.turnout_s) AS turnout_q,
          count(u.travel_s)::int AS travel_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY u.travel_s) AS travel_q,
          count(u.order_to_scene_s)::int AS order_to_scene_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY u.order_to_scene_s) AS order_to_scene_q, ` +
  TURNOUT_SHARE +
  ` FROM response_unit u WHERE` +
  WHERE_UNIT;

/** By day or hour of day ($13: the centre's zone): counts, medians, shares within $11 (processing) and $12 (first arrival). */
const TREND_FIGURES = `count(*)::int AS incidents,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY i.processing_s) AS "processingP50",
          percentile_cont(0.5) WITHIN GROUP (ORDER BY i.first_arrival_s) AS "firstArrivalP50",
          percentile_cont(0.9) WITHIN GROUP (ORDER BY i.first_arrival_s) AS "firstArrivalP90",
          percentile_cont(0.5) WITHIN GROUP (ORDER BY i.response_s) AS "responseP50",
          count(*) FILTER (WHERE i.processing_s <= $11)::float8 / nullif(count(i.processing_s), 0) AS "processingShare",
          count(*) FILTER (WHERE i.first_arrival_s <= $12)::float8 / nullif(count(i.first_arrival_s), 0) AS "firstArrivalShare"
     FROM response_incident i WHERE`;
const BY_DAY =
  `SELECT to_char(date_trunc('day', i.call_at AT TIME ZONE $13), 'YYYY-MM-DD') AS key, ` + TREND_FIGURES + WHERE_INCIDENT + ` GROUP BY 1 ORDER BY 1`;
const BY_HOUR = `SELECT extract(hour FROM i.call_at AT TIME ZONE $13)::int AS key, ` + TREND_FIGURES + WHERE_INCIDENT + ` GROUP BY 1 ORDER BY 1`;

const TURNOUT_BY_HOUR =
  `SELECT extract(hour FROM u.call_at AT TIME ZONE $13)::int AS key, count(*)::int AS responses,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY u.turnout_s) AS "turnoutP50", ` +
  TURNOUT_SHARE +
  ` FROM response_unit u WHERE` +
  WHERE_UNIT +
  ` GROUP BY 1 ORDER BY 1`;

/** Per county or type: the same figures as a trend, without the response median. */
const GROUP_FIGURES = `count(*)::int AS incidents,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY i.processing_s) AS "processingP50",
          percentile_cont(0.5) WITHIN GROUP (ORDER BY i.first_arrival_s) AS "firstArrivalP50",
          percentile_cont(0.9) WITHIN GROUP (ORDER BY i.first_arrival_s) AS "firstArrivalP90",
          count(*) FILTER (WHERE i.first_arrival_s <= $12)::float8 / nullif(count(i.first_arrival_s), 0) AS "firstArrivalShare",
          count(*) FILTER (WHERE i.processing_s <= $11)::float8 / nullif(count(i.processing_s), 0) AS "processingShare"
     FROM response_incident i WHERE`;
const BY_COUNTY =
  `SELECT g.*, a.name, a.parent_adcode AS "cityAdcode", c.name AS "cityName"
     FROM (SELECT i.county_adcode AS key, ` +
  GROUP_FIGURES +
  WHERE_INCIDENT +
  ` GROUP BY 1) g
     LEFT JOIN admin_area a ON a.adcode = g.key LEFT JOIN admin_area c ON c.adcode = a.parent_adcode
    ORDER BY g.incidents DESC`;
const BY_TYPE = `SELECT i.type AS key, ` + GROUP_FIGURES + WHERE_INCIDENT + ` GROUP BY 1 ORDER BY incidents DESC`;

/** Per station or unit: responses, acknowledgement, turnout and travel, turnout within standard; the $13 busiest. */
const UNIT_GROUP_FIGURES =
  `count(*)::int AS responses,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY u.ack_s) AS "ackP50",
          percentile_cont(0.5) WITHIN GROUP (ORDER BY u.turnout_s) AS "turnoutP50",
          percentile_cont(0.9) WITHIN GROUP (ORDER BY u.turnout_s) AS "turnoutP90",
          percentile_cont(0.5) WITHIN GROUP (ORDER BY u.travel_s) AS "travelP50", ` +
  TURNOUT_SHARE +
  ` FROM response_unit u WHERE` +
  WHERE_UNIT;
const BY_STATION =
  `SELECT g.*, s.name
     FROM (SELECT coalesce(u.station_id::text, u.station_code) AS key, min(u.station_id) AS "stationId", min(u.station_code) AS "stationCode", ` +
  UNIT_GROUP_FIGURES +
  ` GROUP BY 1 ORDER BY responses DESC, 1 LIMIT $13) g
     LEFT JOIN station s ON s.id = g."stationId"
    ORDER BY g.responses DESC, g.key`;
const BY_UNIT =
  `SELECT g.*, x.name, s.name AS "stationName"
     FROM (SELECT coalesce(u.unit_id::text, u.unit_code) AS key, min(u.unit_id) AS "unitId", min(u.unit_code) AS "unitCode", min(u.kind) AS kind,
                  min(u.station_id) AS "stationId", min(u.station_code) AS "stationCode", ` +
  UNIT_GROUP_FIGURES +
  ` GROUP BY 1 ORDER BY responses DESC, 1 LIMIT $13) g
     LEFT JOIN unit x ON x.id = g."unitId" LEFT JOIN station s ON s.id = x.station_id
    ORDER BY g.responses DESC, g.key`;

/** The slowest incidents by call → first unit on scene, the $11 slowest, with what opens their timeline. */
const SLOWEST =
  `SELECT i.id AS "factId", i.origin, i.ref, i.incident_id AS "incidentId", i.type, i.level, i.call_at AS "callAt",
          i.processing_s AS "processingS", i.first_arrival_s AS "firstArrivalS", i.response_s AS "responseS", i.units, a.name AS "countyName"
     FROM response_incident i LEFT JOIN admin_area a ON a.adcode = i.county_adcode
    WHERE i.response_s IS NOT NULL AND` +
  WHERE_INCIDENT +
  ` ORDER BY i.response_s DESC LIMIT $11`;

/** The first and last call of the filtered record (through the indexes on the time of the call). */
const FIRST_LAST = `SELECT min(i.call_at) AS "firstCall", max(i.call_at) AS "lastCall" FROM response_incident i WHERE` + WHERE_INCIDENT;

type Row = Record<string, unknown>;

/**
 * The statistics as SQL aggregations over the indexed record (never the rows into Node): each method
 * is one query on the filtered range; the service runs them side by side.
 */
export class ResponseStatsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private async rows(sql: string, f: StatsFilter, own: unknown[]): Promise<Row[]> {
    return (await this.db.query(sql, [...FILTERS(f), ...own])) as Row[];
  }

  async incidentSummary(f: StatsFilter, t: Thresholds): Promise<Row> {
    return (await this.rows(INCIDENT_SUMMARY, f, [t.processingS, t.firstArrivalS]))[0];
  }

  /** `kindThresholds`: turnout thresholds of the kinds whose standard is not the fire one. */
  async unitSummary(f: StatsFilter, t: Thresholds, kindThresholds: Readonly<Record<string, number>>): Promise<Row> {
    return (await this.rows(UNIT_SUMMARY, f, [JSON.stringify(kindThresholds), t.turnoutFireS]))[0];
  }

  /** Per day (local) or per hour of day: count, medians, compliance shares. */
  incidentTrend(f: StatsFilter, t: Thresholds, by: 'day' | 'hour'): Promise<Row[]> {
    return this.rows(by === 'day' ? BY_DAY : BY_HOUR, f, [t.processingS, t.firstArrivalS, TZ]);
  }

  /** Turnout by hour of day (crews asleep roll slower). */
  turnoutByHour(f: StatsFilter, t: Thresholds, kindThresholds: Readonly<Record<string, number>>): Promise<Row[]> {
    return this.rows(TURNOUT_BY_HOUR, f, [JSON.stringify(kindThresholds), t.turnoutFireS, TZ]);
  }

  /** Per county (with its name and city) or per type: count, first-arrival and processing figures. */
  incidentsBy(f: StatsFilter, t: Thresholds, by: 'county' | 'type'): Promise<Row[]> {
    return this.rows(by === 'county' ? BY_COUNTY : BY_TYPE, f, [t.processingS, t.firstArrivalS]);
  }

  /** Per station or per unit, the `limit` busiest: acknowledgement, turnout and travel, turnout compliance. */
  unitsBy(f: StatsFilter, t: Thresholds, kindThresholds: Readonly<Record<string, number>>, by: 'station' | 'unit', limit: number): Promise<Row[]> {
    return this.rows(by === 'station' ? BY_STATION : BY_UNIT, f, [JSON.stringify(kindThresholds), t.turnoutFireS, limit]);
  }

  async firstLast(f: StatsFilter): Promise<{ firstCall: Date | null; lastCall: Date | null }> {
    return (await this.rows(FIRST_LAST, f, []))[0] as { firstCall: Date | null; lastCall: Date | null };
  }

  /** The slowest incidents (those with no arrival left out). */
  slowest(f: StatsFilter, limit: number): Promise<Row[]> {
    return this.rows(SLOWEST, f, [limit]);
  }
}
