import type { PeriodPieces } from '@gan119/dispatch';
import { DataSource, EntityManager } from 'typeorm';
import type { Origin } from './response-facts.repository';
import type { Thresholds } from './response-stats.repository';

/** Where the rollup is read: the province (p), a city (c) or a county (x), with its adcode (0 for the province). */
export type Geo = { level: 'p' | 'c' | 'x'; geo: number };

/** A rollup read: the period's pieces, the records' origins, the place. */
export type CellQuery = { pieces: PeriodPieces; origins: readonly Origin[]; geo: Geo };

/** Measures as the rollup numbers them (migration 1800). */
export const M = {
  incidents: 0,
  call_taking: 1,
  processing: 2,
  first_arrival: 3,
  response: 4,
  full_plan: 5,
  responses: 10,
  ack: 11,
  turnout: 12,
  travel: 13,
  order_to_scene: 14,
} as const;

/** One key's figures of one measure: how many, p50 and p90 (interpolated within their bins), how many within its threshold. */
export type CellFigure = { key: string; measure: number; total: number; p50: number | null; p90: number | null; within: number | null };

const TZ = 'Asia/Shanghai';

/*
 * $1 months, $2 days (the day-kept cells: the total view of a province or city), $3 origins, $4 level,
 * $5 geo, $6–$9 the two ends read from the record ([from, to) each, null when none), $10 processing and
 * $11 first-arrival thresholds, $12 the kinds' own turnout thresholds (jsonb), $13 the fire one.
 */
/* a county's rows through the index on (county, time of call); geo 0 at county level: outside every county */
const RAW_PLACE = (r: string) =>
  `($4 = 'p' OR ($4 = 'c' AND ${r}.city_adcode = $5) OR ($4 = 'x' AND (${r}.county_adcode = $5 OR ($5 = 0 AND ${r}.county_adcode IS NULL))))`;
const RAW_PERIOD = `((r.call_at >= $6 AND r.call_at < $7) OR (r.call_at >= $8 AND r.call_at < $9)) AND r.origin = ANY($3::text[]) AND ` + RAW_PLACE('r');
const RAW_INCIDENT = `FROM response_incident r CROSS JOIN LATERAL response_incident_measures(r.call_at, r.type, r.call_taking_s, r.processing_s, r.first_arrival_s, r.response_s, r.full_plan_s) m WHERE `;
const RAW_UNIT = `FROM response_unit r CROSS JOIN LATERAL response_unit_measures(r.call_at, r.kind, r.station_id, r.station_code, r.unit_id, r.unit_code, r.ack_s, r.turnout_s, r.travel_s, r.order_to_scene_s) m WHERE `;

type Source = {
  view: 't' | 'h' | 'y' | 's' | 'u';
  measures: readonly number[];
  /** the key a kept cell is counted under, and a record row's */
  cellKey: string;
  rawKey: string;
  /** which kept cells: the place's own, or every county of it */
  counties?: boolean;
  /** which record tables the ends are read from */
  raw: ReadonlyArray<'incident' | 'unit'>;
};

/** The kept cells of the months ($1) and days ($2) asked for, and the record's rows of the ends ($6–$9) counted into cells. */
function cells(s: Source): string {
  const measures = `ARRAY[${s.measures.join(',')}]::smallint[]`;
  const place = s.counties ? `c.level = 'x' AND ($4 = 'p' OR ($4 = 'c' AND c.city = $5) OR ($4 = 'x' AND c.geo = $5))` : `c.level = $4 AND c.geo = $5`;
  const kept = (grain: 'm' | 'd', at: string) =>
    `SELECT ${s.cellKey} AS key, c.measure, c.kind, c.bin, c.n FROM response_cell c
      WHERE c.view = '${s.view}' AND ${place} AND c.grain = '${grain}' AND c.at = ANY(${at}::date[]) AND c.origin = ANY($3::text[]) AND c.measure = ANY(${measures})`;
  const raw = s.raw.map(
    (t) =>
      `SELECT ${s.rawKey} AS key, m.measure, m.kind, m.bin, 1 AS n ${t === 'incident' ? RAW_INCIDENT : RAW_UNIT} m.view = '${s.view}' AND m.measure = ANY(${measures}) AND ${RAW_PERIOD}`,
  );
  return [kept('m', '$1'), kept('d', '$2'), ...raw].join('\n UNION ALL ');
}

const THRESHOLD = `CASE measure WHEN ${M.processing} THEN $10::float8 WHEN ${M.first_arrival} THEN $11::float8
                                WHEN ${M.turnout} THEN coalesce(($12::jsonb ->> kind)::float8, $13::float8) END`;

/*
 * A percentile as percentile_cont takes it (between the order statistics around p × (n − 1)), each order
 * statistic placed at the middle of its share of its bin (the bin's responses spread evenly across it).
 */
const orderStat = (k: string) =>
  `min(stats_bin_lo(bin) + (${k} - before + 0.5) / n * stats_bin_width(bin)) FILTER (WHERE before <= ${k} AND ${k} < before + n)`;
const percentile = (p: number) => {
  const pos = `(${p} * (total - 1))`;
  return `${orderStat(`floor${pos}`)} + (${pos} - floor${pos}) * (${orderStat(`ceil${pos}`)} - ${orderStat(`floor${pos}`)})`;
};

/**
 * Per key and measure: how many, p50, p90 (from the merged histogram), how many within the threshold.
 * One pass merges the bins (and counts each bin's share within its threshold, by the cell's kind); one
 * sort (keys compared bytewise) gives each bin the responses before it; only the bins holding the order
 * statistics asked for are then read.
 */
const figures = (s: Source) => `
  WITH h AS (SELECT key, measure, bin, sum(n)::float8 AS n, sum(n * stats_within(bin, ${THRESHOLD})) AS within FROM (${cells(s)}) x GROUP BY 1, 2, 3),
  c AS (SELECT key, measure, bin, n, sum(n) OVER w - n AS before, sum(n) OVER p AS total, sum(within) OVER p AS within,
               floor(0.5 * (sum(n) OVER p - 1)) AS a0, ceil(0.5 * (sum(n) OVER p - 1)) AS a1, floor(0.9 * (sum(n) OVER p - 1)) AS b0, ceil(0.9 * (sum(n) OVER p - 1)) AS b1
          FROM h WHERE n > 0 WINDOW p AS (PARTITION BY key COLLATE "C", measure), w AS (p ORDER BY bin))
  SELECT key, measure, total::int AS total, ${percentile(0.5)} AS p50, ${percentile(0.9)} AS p90, within
    FROM c WHERE (before <= a0 AND a0 < before + n) OR (before <= a1 AND a1 < before + n) OR (before <= b0 AND b0 < before + n) OR (before <= b1 AND b1 < before + n)
   GROUP BY key, measure, total, within`;

const INCIDENT_MEASURES = [M.incidents, M.call_taking, M.processing, M.first_arrival, M.response, M.full_plan];
const UNIT_MEASURES = [M.responses, M.ack, M.turnout, M.travel, M.order_to_scene];
const LOCAL_HOUR = `extract(hour FROM r.call_at AT TIME ZONE '${TZ}')::int::text`;

/** The answer's parts, each one read of the rollup. */
const SQL = {
  /** the totals; the incident count by origin (key), every other measure under '' */
  summary: figures({
    view: 't',
    measures: [...INCIDENT_MEASURES, ...UNIT_MEASURES],
    cellKey: `CASE WHEN c.measure = ${M.incidents} THEN c.origin ELSE '' END`,
    rawKey: `CASE WHEN m.measure = ${M.incidents} THEN r.origin ELSE '' END`,
    raw: ['incident', 'unit'],
  }),
  byDay: figures({
    view: 't',
    measures: [M.incidents, M.processing, M.first_arrival, M.response],
    cellKey: `c.at::text`,
    rawKey: `(r.call_at AT TIME ZONE '${TZ}')::date::text`,
    raw: ['incident'],
  }),
  byHour: figures({
    view: 'h',
    measures: [M.incidents, M.processing, M.first_arrival, M.responses, M.turnout],
    cellKey: 'c.key',
    rawKey: LOCAL_HOUR,
    raw: ['incident', 'unit'],
  }),
  byCounty: figures({
    view: 't',
    measures: [M.incidents, M.processing, M.first_arrival],
    cellKey: 'c.geo::text',
    rawKey: 'coalesce(r.county_adcode, 0)::text',
    counties: true,
    raw: ['incident'],
  }),
  byType: figures({ view: 'y', measures: [M.incidents, M.processing, M.first_arrival], cellKey: 'c.key', rawKey: 'r.type', raw: ['incident'] }),
  byStation: figures({
    view: 's',
    measures: [M.responses, M.ack, M.turnout, M.travel],
    cellKey: 'c.key',
    rawKey: `coalesce('i:' || r.station_id, 'c:' || r.station_code, '')`,
    raw: ['unit'],
  }),
  byUnit: figures({
    view: 'u',
    measures: [M.responses, M.ack, M.turnout, M.travel],
    cellKey: 'c.key',
    rawKey: `coalesce('i:' || r.unit_id, 'c:' || r.unit_code || chr(31) || coalesce(r.station_code, '') || chr(31) || coalesce(r.kind, ''))`,
    raw: ['unit'],
  }),
};

export type CellPart = keyof typeof SQL;

/**
 * The statistics read from the rollup (migration 1800): the kept histograms of the period's whole
 * months (and, where kept, days), with the period's ends read from the record into the same shape, merged
 * and turned into counts, p50/p90 and shares in SQL. Each part is one query.
 */
export class ResponseCellsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async figures(part: CellPart, q: CellQuery, t: Thresholds, kindThresholds: Readonly<Record<string, number>>): Promise<CellFigure[]> {
    const { pieces } = q;
    // kept by day: the total view of the province and of a city; elsewhere the days outside whole months come from the record
    const keptByDay = (part === 'summary' || part === 'byDay') && q.geo.level !== 'x';
    const months = part === 'byDay' ? [] : pieces.months;
    const days = !keptByDay ? [] : part === 'byDay' ? pieces.allDays : pieces.days;
    const edges: Array<[number, number]> = keptByDay ? [] : pieces.edges;
    const ends = [0, 1].flatMap((i) => (edges[i] ? [new Date(edges[i][0]), new Date(edges[i][1])] : [null, null]));
    const rows = (await this.db.query(SQL[part], [
      months,
      days,
      q.origins,
      q.geo.level,
      q.geo.geo,
      ...ends,
      t.processingS,
      t.firstArrivalS,
      JSON.stringify(kindThresholds),
      t.turnoutFireS,
    ])) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      key: String(r.key),
      measure: Number(r.measure),
      total: Number(r.total),
      p50: r.p50 === null ? null : Number(r.p50),
      p90: r.p90 === null ? null : Number(r.p90),
      within: r.within === null ? null : Number(r.within),
    }));
  }

  /** Names of counties (with their cities), stations and units the rollup names by code. */
  async names(counties: number[], stations: number[], units: number[]) {
    const [c, s, u] = await Promise.all([
      this.db.query(
        `SELECT a.adcode, a.name, a.parent_adcode AS "cityAdcode", p.name AS "cityName" FROM admin_area a LEFT JOIN admin_area p ON p.adcode = a.parent_adcode
          WHERE a.adcode = ANY($1::int[])`,
        [counties],
      ) as Promise<Array<{ adcode: number; name: string; cityAdcode: number | null; cityName: string | null }>>,
      this.db.query(`SELECT id, code, name FROM station WHERE id = ANY($1::int[])`, [stations]) as Promise<Array<{ id: number; code: string; name: string }>>,
      this.db.query(
        `SELECT u.id, u.code, u.name, u.kind, u.station_id AS "stationId", s.code AS "stationCode", s.name AS "stationName"
           FROM unit u LEFT JOIN station s ON s.id = u.station_id WHERE u.id = ANY($1::int[])`,
        [units],
      ) as Promise<
        Array<{ id: number; code: string; name: string; kind: string; stationId: number | null; stationCode: string | null; stationName: string | null }>
      >,
    ]);
    return { counties: new Map(c.map((x) => [x.adcode, x])), stations: new Map(s.map((x) => [x.id, x])), units: new Map(u.map((x) => [x.id, x])) };
  }
}
