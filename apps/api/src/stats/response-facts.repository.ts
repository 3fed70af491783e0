import { DataSource, EntityManager } from 'typeorm';

export type Origin = 'live' | 'import' | 'synthetic';

/** One incident of the statistics record, its moments (ms since the epoch) and intervals (s). */
export type FactRow = {
  ref: string;
  incidentId: number | null;
  type: string;
  level: number | null;
  cityAdcode: number | null;
  countyAdcode: number | null;
  lon: number | null;
  lat: number | null;
  callAt: number;
  createdAt: number | null;
  firstOrderAt: number | null;
  firstOnSceneAt: number | null;
  callTakingS: number | null;
  processingS: number | null;
  firstArrivalS: number | null;
  responseS: number | null;
  fullPlanS: number | null;
  planned: number | null;
  units: UnitFactRow[];
};

export type UnitFactRow = {
  unitCode: string;
  unitId: number | null;
  kind: string | null;
  stationCode: string | null;
  stationId: number | null;
  orderedAt: number;
  ackedAt: number | null;
  enRouteAt: number | null;
  onSceneAt: number | null;
  ackS: number | null;
  turnoutS: number | null;
  travelS: number | null;
  orderToSceneS: number | null;
  firstOnScene: boolean;
};

/** The live record's raw moments for some incidents (read, then turned into facts by libs/dispatch). */
export type LiveIncidentRow = {
  id: number;
  type: string;
  level: number;
  cityAdcode: number | null;
  countyAdcode: number | null;
  lon: number;
  lat: number;
  mergedInto: number | null;
  callAt: Date;
  createdAt: Date;
  requirements: Array<{ count: number }> | null;
};
export type LiveUnitRow = {
  incidentId: number;
  unitId: number;
  unitCode: string;
  kind: string;
  stationId: number;
  stationCode: string;
  orderedAt: Date;
  ackedAt: Date | null;
  enRouteAt: Date | null;
  onSceneAt: Date | null;
};

export type HistoryStation = {
  id: number;
  code: string;
  lon: number;
  lat: number;
  cityAdcode: number;
  countyAdcode: number | null;
  units: Array<{ id: number; code: string; kind: string }>;
};

const ts = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** SQL for the statistics record: storing facts (live, imported, synthetic) and finding what changed live. */
export class ResponseFactsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Stores incidents with their units under an origin and batch; an incident already there (same
   * origin, batch and ref) is replaced with its units. Answers how many incidents were written.
   */
  async upsert(origin: Origin, batch: string, rows: readonly FactRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const col = <K extends keyof FactRow>(k: K) => rows.map((r) => r[k]);
    const inserted = (await this.db.query(
      `INSERT INTO response_incident (origin, batch, ref, incident_id, type, level, city_adcode, county_adcode, lon, lat, call_at, created_at,
                                      first_order_at, first_on_scene_at, call_taking_s, processing_s, first_arrival_s, response_s, full_plan_s, units, planned)
       SELECT $1, $2, t.* FROM unnest($3::text[], $4::int[], $5::text[], $6::int[], $7::int[], $8::int[], $9::float8[], $10::float8[], $11::timestamptz[],
                                      $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::real[], $16::real[], $17::real[], $18::real[], $19::real[],
                                      $20::smallint[], $21::smallint[]) AS t
       ON CONFLICT (origin, batch, ref) DO UPDATE SET incident_id = EXCLUDED.incident_id, type = EXCLUDED.type, level = EXCLUDED.level,
         city_adcode = EXCLUDED.city_adcode, county_adcode = EXCLUDED.county_adcode, lon = EXCLUDED.lon, lat = EXCLUDED.lat, call_at = EXCLUDED.call_at,
         created_at = EXCLUDED.created_at, first_order_at = EXCLUDED.first_order_at, first_on_scene_at = EXCLUDED.first_on_scene_at,
         call_taking_s = EXCLUDED.call_taking_s, processing_s = EXCLUDED.processing_s, first_arrival_s = EXCLUDED.first_arrival_s,
         response_s = EXCLUDED.response_s, full_plan_s = EXCLUDED.full_plan_s, units = EXCLUDED.units, planned = EXCLUDED.planned
       RETURNING id, ref`,
      [
        origin,
        batch,
        col('ref'),
        col('incidentId'),
        col('type'),
        col('level'),
        col('cityAdcode'),
        col('countyAdcode'),
        col('lon'),
        col('lat'),
        rows.map((r) => ts(r.callAt)),
        rows.map((r) => ts(r.createdAt)),
        rows.map((r) => ts(r.firstOrderAt)),
        rows.map((r) => ts(r.firstOnSceneAt)),
        col('callTakingS'),
        col('processingS'),
        col('firstArrivalS'),
        col('responseS'),
        col('fullPlanS'),
        rows.map((r) => r.units.length),
        col('planned'),
      ],
    )) as Array<{ id: string; ref: string }>;
    const idOf = new Map(inserted.map((r) => [r.ref, r.id]));
    const ids = inserted.map((r) => r.id);
    await this.db.query('DELETE FROM response_unit WHERE fact_id = ANY($1::bigint[])', [ids]);
    const units = rows.flatMap((r) => r.units.map((u, seq) => ({ r, u, seq, id: idOf.get(r.ref) })));
    if (units.length === 0) return inserted.length;
    const ucol = <K extends keyof UnitFactRow>(k: K) => units.map((x) => x.u[k]);
    await this.db.query(
      `INSERT INTO response_unit (origin, fact_id, seq, unit_code, unit_id, kind, station_code, station_id, ordered_at, acked_at, en_route_at, on_scene_at,
                                  ack_s, turnout_s, travel_s, order_to_scene_s, first_on_scene, call_at, city_adcode, county_adcode, type, level)
       SELECT $22, * FROM unnest($1::bigint[], $2::smallint[], $3::text[], $4::int[], $5::text[], $6::text[], $7::int[], $8::timestamptz[], $9::timestamptz[],
                            $10::timestamptz[], $11::timestamptz[], $12::real[], $13::real[], $14::real[], $15::real[], $16::boolean[], $17::timestamptz[],
                            $18::int[], $19::int[], $20::text[], $21::int[])`,
      [
        units.map((x) => x.id),
        units.map((x) => x.seq),
        ucol('unitCode'),
        ucol('unitId'),
        ucol('kind'),
        ucol('stationCode'),
        ucol('stationId'),
        units.map((x) => ts(x.u.orderedAt)),
        units.map((x) => ts(x.u.ackedAt)),
        units.map((x) => ts(x.u.enRouteAt)),
        units.map((x) => ts(x.u.onSceneAt)),
        ucol('ackS'),
        ucol('turnoutS'),
        ucol('travelS'),
        ucol('orderToSceneS'),
        ucol('firstOnScene'),
        units.map((x) => ts(x.r.callAt)),
        units.map((x) => x.r.cityAdcode),
        units.map((x) => x.r.countyAdcode),
        units.map((x) => x.r.type),
        units.map((x) => x.r.level),
        origin,
      ],
    );
    return inserted.length;
  }

  /** Removes a batch (every incident and unit it held); answers how many incidents went. */
  async removeBatch(origin: Origin, batch: string): Promise<number> {
    // the units first, in one statement: a cascade would take them away one incident at a time, each a statement of the rollup's trigger
    await this.db.query(`SET LOCAL statement_timeout = '20min'`);
    await this.db.query(`DELETE FROM response_unit u USING response_incident r WHERE r.id = u.fact_id AND r.origin = $1 AND r.batch = $2`, [origin, batch]);
    const r = (await this.db.query(`WITH d AS (DELETE FROM response_incident WHERE origin = $1 AND batch = $2 RETURNING 1) SELECT count(*)::int AS n FROM d`, [
      origin,
      batch,
    ])) as [{ n: number }];
    return r[0].n;
  }

  /**
   * A batch is about to be written whole (an import, the synthetic history): the rollup's triggers are
   * held for the rest of this transaction, and `addBatchCells` adds the batch's cells once at the end
   * (migration 1900). Change nothing but the batch in between.
   */
  async holdCells(): Promise<void> {
    await this.db.query(`SELECT set_config('gan119.hold_cells', 'on', true)`);
  }

  /** The written batch's cells, at once; the hold ends. */
  async addBatchCells(origin: Origin, batch: string): Promise<void> {
    await this.db.query(`SET LOCAL statement_timeout = 0`); // a month at a time: a year of a province's record is many minutes
    await this.db.query('SELECT response_cells_add_batch($1, $2)', [origin, batch]);
    // a large batch changes what the planner should expect of the rollup's tables
    await this.db.query('ANALYZE response_cell, response_sample');
  }

  async removeLive(incidentIds: readonly number[]): Promise<void> {
    if (incidentIds.length === 0) return;
    await this.db.query(
      `DELETE FROM response_unit u USING response_incident r WHERE r.id = u.fact_id AND r.origin = 'live' AND r.incident_id = ANY($1::int[])`,
      [incidentIds],
    );
    await this.db.query(`DELETE FROM response_incident WHERE origin = 'live' AND incident_id = ANY($1::int[])`, [incidentIds]);
  }

  /**
   * Imported incidents without a county: the county (and its city) whose boundary holds the incident;
   * units by their codes in the roster. Answers how many incidents found their county.
   */
  async placeBatch(origin: Origin, batch: string): Promise<number> {
    // a batch of a million rows just written: without fresh statistics the planner joins it as if it held a few
    await this.db.query('ANALYZE response_incident, response_unit');
    // placing a large batch moves its rollup cells too (migration 1800): minutes, not the request's seconds
    await this.db.query(`SET LOCAL statement_timeout = '20min'`);
    const r = (await this.db.query(
      `WITH p AS (
         UPDATE response_incident r SET county_adcode = a.adcode, city_adcode = a.parent_adcode
           FROM admin_area a
          WHERE r.origin = $1 AND r.batch = $2 AND r.county_adcode IS NULL AND r.lon IS NOT NULL
            AND a.level = 'county' AND ST_Contains(a.geom, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326))
         RETURNING r.id)
       SELECT count(*)::int AS n FROM p`,
      [origin, batch],
    )) as [{ n: number }];
    await this.db.query(
      `UPDATE response_unit ru SET county_adcode = r.county_adcode, city_adcode = r.city_adcode
         FROM response_incident r WHERE r.id = ru.fact_id AND r.origin = $1 AND r.batch = $2 AND ru.county_adcode IS DISTINCT FROM r.county_adcode`,
      [origin, batch],
    );
    await this.db.query(
      `UPDATE response_unit ru SET unit_id = u.id, station_id = u.station_id, station_code = coalesce(ru.station_code, s.code), kind = coalesce(ru.kind, u.kind)
         FROM response_incident r, unit u JOIN station s ON s.id = u.station_id
        WHERE r.id = ru.fact_id AND r.origin = $1 AND r.batch = $2 AND ru.unit_id IS NULL AND u.code = ru.unit_code`,
      [origin, batch],
    );
    await this.db.query(
      `UPDATE response_unit ru SET station_id = s.id
         FROM response_incident r, station s
        WHERE r.id = ru.fact_id AND r.origin = $1 AND r.batch = $2 AND ru.station_id IS NULL AND s.code = ru.station_code`,
      [origin, batch],
    );
    return r[0].n;
  }

  async batches(): Promise<Array<{ origin: Origin; batch: string; incidents: number; from: Date; to: Date }>> {
    return (await this.db.query(
      `SELECT origin, batch, count(*)::int AS incidents, min(call_at) AS "from", max(call_at) AS "to"
         FROM response_incident GROUP BY origin, batch ORDER BY origin, batch`,
    )) as Array<{ origin: Origin; batch: string; incidents: number; from: Date; to: Date }>;
  }

  /** The roster as the synthetic history generator needs it: stations with their place and units. */
  async roster(): Promise<HistoryStation[]> {
    return (await this.db.query(
      `SELECT s.id, s.code, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, s.city_adcode AS "cityAdcode", s.county_adcode AS "countyAdcode",
              coalesce(json_agg(json_build_object('id', u.id, 'code', u.code, 'kind', u.kind) ORDER BY u.id) FILTER (WHERE u.id IS NOT NULL), '[]') AS units
         FROM station s LEFT JOIN unit u ON u.station_id = s.id
        GROUP BY s.id ORDER BY s.id`,
    )) as HistoryStation[];
  }

  /** The live refresh's watermark, and a try at its lock (another process refreshing: false). */
  async lockRefresh(): Promise<{ watermark: Date; now: Date } | null> {
    const [{ locked }] = (await this.db.query(`SELECT pg_try_advisory_xact_lock(hashtext('gan119_response_refresh')) AS locked`)) as [{ locked: boolean }];
    if (!locked) return null;
    const [r] = (await this.db.query(`SELECT watermark, clock_timestamp() AS now FROM response_refresh WHERE id = 1`)) as [{ watermark: Date; now: Date }];
    return r;
  }

  async setWatermark(at: Date): Promise<void> {
    await this.db.query(`UPDATE response_refresh SET watermark = $1, refreshed_at = now() WHERE id = 1`, [at]);
  }

  /** Incidents (above an id, a page at a time) whose record changed since the watermark: the incident, an assignment, an acknowledgement or a unit's move on it. */
  async touchedSince(watermark: Date, afterId: number, limit: number): Promise<number[]> {
    const rows = (await this.db.query(
      `SELECT id FROM (
         SELECT id FROM incident WHERE updated_at > $1
         UNION SELECT incident_id FROM assignment WHERE assigned_at > $1
         UNION SELECT incident_id FROM assignment WHERE released_at > $1
         UNION SELECT incident_id FROM dispatch_order WHERE acked_at > $1
         UNION SELECT a.incident_id FROM unit_status_history h
                 JOIN assignment a ON a.unit_id = h.unit_id AND h.at >= a.assigned_at AND (a.released_at IS NULL OR h.at <= a.released_at)
                WHERE h.at > $1 AND h.to_status IN ('en_route', 'on_scene')
       ) t WHERE id > $2 ORDER BY id LIMIT $3`,
      [watermark, afterId, limit],
    )) as Array<{ id: number }>;
    return rows.map((r) => r.id);
  }

  /** The live record of some incidents: when the call came, the plan's size, and each unit's moments. */
  async liveRecord(ids: readonly number[]): Promise<{ incidents: LiveIncidentRow[]; units: LiveUnitRow[] }> {
    const incidents = (await this.db.query(
      `SELECT i.id, i.type, i.level, i.city_adcode AS "cityAdcode", i.county_adcode AS "countyAdcode", ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
              i.merged_into AS "mergedInto", i.reported_at AS "createdAt", p.requirements,
              least(i.reported_at, i.call_received_at, (SELECT min(c.reported_at) FROM incident_caller c WHERE c.incident_id = i.id)) AS "callAt"
         FROM incident i LEFT JOIN response_plan p ON p.type = i.type AND p.level = i.level
        WHERE i.id = ANY($1::int[])`,
      [ids],
    )) as LiveIncidentRow[];
    const units = (await this.db.query(
      `SELECT a.incident_id AS "incidentId", a.unit_id AS "unitId", u.code AS "unitCode", u.kind, s.id AS "stationId", s.code AS "stationCode",
              a.assigned_at AS "orderedAt", coalesce(o.acked_at, o.late_ack_at) AS "ackedAt",
              (SELECT min(h.at) FROM unit_status_history h WHERE h.unit_id = a.unit_id AND h.to_status = 'en_route'
                  AND h.at >= a.assigned_at AND (a.released_at IS NULL OR h.at <= a.released_at)) AS "enRouteAt",
              (SELECT min(h.at) FROM unit_status_history h WHERE h.unit_id = a.unit_id AND h.to_status = 'on_scene'
                  AND h.at >= a.assigned_at AND (a.released_at IS NULL OR h.at <= a.released_at)) AS "onSceneAt"
         FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN station s ON s.id = u.station_id
         LEFT JOIN dispatch_order o ON o.assignment_id = a.id
        WHERE a.incident_id = ANY($1::int[])
        ORDER BY a.incident_id, a.assigned_at, a.id`,
      [ids],
    )) as LiveUnitRow[];
    return { incidents, units };
  }
}
