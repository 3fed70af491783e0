import { DRILL_ARRIVED_M, DRILL_LEFT_STATION_M, DrillOutcome } from '@gan119/dispatch';
import type { Queryable } from '../infra/db/unit-of-work';

export type DrillRow = {
  id: number;
  state: 'scheduled' | 'live' | 'ended' | 'cancelled';
  stationIds: number[] | null;
  unitIds: number[] | null;
  stationCount: number;
  scopeAdcode: number | null;
  scenario: { type: string; level: number; lon?: number; lat?: number; address?: string | null } | null;
  randomScenario: boolean;
  seed: number;
  windowFrom: Date | null;
  windowTo: Date | null;
  fireAt: Date;
  firedAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  note: string | null;
  createdBy: string;
  createdAt: Date;
};
const DRILL = `SELECT id, state, station_ids AS "stationIds", unit_ids AS "unitIds", station_count AS "stationCount", scope_adcode AS "scopeAdcode",
  scenario, random_scenario AS "randomScenario", seed, window_from AS "windowFrom", window_to AS "windowTo", fire_at AS "fireAt", fired_at AS "firedAt",
  ended_at AS "endedAt", end_reason AS "endReason", note, created_by AS "createdBy", created_at AS "createdAt" FROM drill`;

/** A station's units that a drill may take now: not on a real incident, not on another drill, not out of service. */
export type DrillStation = {
  id: number;
  code: string;
  name: string;
  cityAdcode: number;
  countyAdcode: number | null;
  lon: number;
  lat: number;
  units: Array<{ id: number; code: string; name: string; kind: string }>;
};

export type DrillUnitInsert = {
  unitId: number;
  station: DrillStation;
  unit: { code: string; name: string; kind: string };
  point: { type: string; level: number; lon: number; lat: number; address: string | null; roadS: number | null };
};

/** One unit's part in a drill, with what its positions say (left the station, at the point). */
export type DrillUnitRow = {
  drillId: number;
  unitId: number;
  unitCode: string;
  unitName: string;
  kind: string;
  stationId: number;
  stationCode: string;
  stationName: string;
  cityAdcode: number | null;
  cityName: string | null;
  countyAdcode: number | null;
  stationLon: number;
  stationLat: number;
  type: string;
  level: number;
  lon: number;
  lat: number;
  address: string | null;
  roadS: number | null;
  orderedAt: Date;
  ackedAt: Date | null;
  enRouteAt: Date | null;
  onSceneAt: Date | null;
  finishedAt: Date | null;
  endedAt: Date | null;
  outcome: DrillOutcome;
  preemptedBy: number | null;
  leftAt: Date | null;
  reachedAt: Date | null;
};

// the positions a unit sent from its order until its part ended (or now): the first away from the station ($1 m), the first at the point ($2 m);
// the statements' own parameters follow from $3
const UNIT_RADII = [DRILL_LEFT_STATION_M, DRILL_ARRIVED_M];
const UNIT = `SELECT d.drill_id AS "drillId", d.unit_id AS "unitId", d.unit_code AS "unitCode", d.unit_name AS "unitName", d.kind,
  d.station_id AS "stationId", d.station_code AS "stationCode", d.station_name AS "stationName", d.city_adcode AS "cityAdcode", c.name AS "cityName",
  d.county_adcode AS "countyAdcode", d.station_lon AS "stationLon", d.station_lat AS "stationLat", d.type, d.level, d.lon, d.lat, d.address, d.road_s AS "roadS",
  d.ordered_at AS "orderedAt", d.acked_at AS "ackedAt", d.en_route_at AS "enRouteAt", d.on_scene_at AS "onSceneAt", d.finished_at AS "finishedAt",
  d.ended_at AS "endedAt", d.outcome, d.preempted_by AS "preemptedBy",
  (SELECT min(p.ts) FROM avl_position p WHERE p.unit_id = d.unit_id AND p.ts >= d.ordered_at AND p.ts <= coalesce(d.ended_at, now())
      AND NOT ST_DWithin(ST_MakePoint(p.lon, p.lat)::geography, ST_MakePoint(d.station_lon, d.station_lat)::geography, $1)) AS "leftAt",
  (SELECT min(p.ts) FROM avl_position p WHERE p.unit_id = d.unit_id AND p.ts >= d.ordered_at AND p.ts <= coalesce(d.ended_at, now())
      AND ST_DWithin(ST_MakePoint(p.lon, p.lat)::geography, ST_MakePoint(d.lon, d.lat)::geography, $2)) AS "reachedAt"
  FROM drill_unit d LEFT JOIN admin_area c ON c.adcode = d.city_adcode`;

/** the steps a crew reports, as the statement names them */
const STEP_COLUMN = { ack: 'ack', en_route: 'en_route', on_scene: 'on_scene', finished: 'finished' } as const;

/** SQL of drills: kept apart from incidents, assignments and the statistics record. */
export class DrillRepository {
  constructor(private readonly db: Queryable) {}

  async insert(d: Omit<DrillRow, 'id' | 'firedAt' | 'endedAt' | 'endReason' | 'createdAt' | 'state'>): Promise<number> {
    const [r] = (await this.db.query(
      `INSERT INTO drill (state, station_ids, unit_ids, station_count, scope_adcode, scenario, random_scenario, seed, window_from, window_to, fire_at, note, created_by)
       VALUES ('scheduled', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        d.stationIds,
        d.unitIds,
        d.stationCount,
        d.scopeAdcode,
        d.scenario ? JSON.stringify(d.scenario) : null,
        d.randomScenario,
        d.seed,
        d.windowFrom,
        d.windowTo,
        d.fireAt,
        d.note,
        d.createdBy,
      ],
    )) as Array<{ id: number }>;
    return r.id;
  }

  async byId(id: number, lock = false): Promise<DrillRow | null> {
    const rows = (await this.db.query(DRILL + ' WHERE id = $1' + (lock ? ' FOR UPDATE' : ''), [id])) as DrillRow[];
    return rows[0] ?? null;
  }

  /** Scheduled drills whose time has come, locked (another worker skips them). */
  async dueLocked(now: Date, limit = 20): Promise<DrillRow[]> {
    return (await this.db.query(DRILL + " WHERE state = 'scheduled' AND fire_at <= $1 ORDER BY fire_at LIMIT $2 FOR UPDATE SKIP LOCKED", [
      now,
      limit,
    ])) as DrillRow[];
  }

  async list(scope: number | null, limit: number): Promise<Array<DrillRow & { units: number; live: number }>> {
    return (await this.db.query(
      `SELECT x.*, (SELECT count(*)::int FROM drill_unit d WHERE d.drill_id = x.id) AS units,
              (SELECT count(*)::int FROM drill_unit d WHERE d.drill_id = x.id AND d.ended_at IS NULL) AS live
         FROM (` +
        DRILL +
        `) x
        WHERE $1::int IS NULL OR x."scopeAdcode" = $1 OR EXISTS (SELECT 1 FROM drill_unit d WHERE d.drill_id = x.id AND $1 IN (d.city_adcode, d.county_adcode))
        ORDER BY coalesce(x."firedAt", x."fireAt") DESC LIMIT $2`,
      [scope, limit],
    )) as Array<DrillRow & { units: number; live: number }>;
  }

  /**
   * Stations whose units a drill may take now (chosen ones, or every one in the scope), with those
   * units: not on an active assignment, not on a live drill, in a status a crew can roll from.
   */
  async stationsWithFreeUnits(stationIds: number[] | null, scope: number | null): Promise<DrillStation[]> {
    return (await this.db.query(
      `SELECT s.id, s.code, s.name, s.city_adcode AS "cityAdcode", s.county_adcode AS "countyAdcode", ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
              json_agg(json_build_object('id', u.id, 'code', u.code, 'name', u.name, 'kind', u.kind) ORDER BY u.id) AS units
         FROM station s JOIN unit u ON u.station_id = s.id
        WHERE ($1::int[] IS NULL OR s.id = ANY($1)) AND ($2::int IS NULL OR $2 IN (s.city_adcode, s.county_adcode, 360000))
          AND u.status = 'available'
          AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = u.id AND a.status = 'active')
          AND NOT EXISTS (SELECT 1 FROM drill_unit d WHERE d.unit_id = u.id AND d.ended_at IS NULL)
        GROUP BY s.id ORDER BY s.id`,
      [stationIds, scope],
    )) as DrillStation[];
  }

  /** Where chosen stations and units are at home (for the jurisdiction check); missing ones are absent. */
  async homesOf(stationIds: number[], unitIds: number[]): Promise<Array<{ what: string; id: number; cityAdcode: number | null; countyAdcode: number | null }>> {
    return (await this.db.query(
      `SELECT 'station' AS what, s.id, s.city_adcode AS "cityAdcode", s.county_adcode AS "countyAdcode" FROM station s WHERE s.id = ANY($1::int[])
       UNION ALL
       SELECT 'unit', u.id, s.city_adcode, s.county_adcode FROM unit u JOIN station s ON s.id = u.station_id WHERE u.id = ANY($2::int[])`,
      [stationIds, unitIds],
    )) as Array<{ what: string; id: number; cityAdcode: number | null; countyAdcode: number | null }>;
  }

  /** An area as a place (its city and county), or null when there is no such city or county. */
  async areaOf(adcode: number): Promise<{ cityAdcode: number | null; countyAdcode: number | null; level: string } | null> {
    const [r] = (await this.db.query(
      `SELECT level, CASE level WHEN 'county' THEN parent_adcode WHEN 'city' THEN adcode END AS "cityAdcode", CASE WHEN level = 'county' THEN adcode END AS "countyAdcode"
         FROM admin_area WHERE adcode = $1`,
      [adcode],
    )) as Array<{ cityAdcode: number | null; countyAdcode: number | null; level: string }>;
    return r ?? null;
  }

  /** Chosen units as they stand: their station, whether on a real incident (which incident) or a live drill. */
  async unitsAsTheyStand(
    ids: number[],
  ): Promise<
    Array<{ id: number; code: string; name: string; kind: string; status: string; stationId: number; incidentId: number | null; drillId: number | null }>
  > {
    return (await this.db.query(
      `SELECT u.id, u.code, u.name, u.kind, u.status, u.station_id AS "stationId",
              (SELECT a.incident_id FROM assignment a WHERE a.unit_id = u.id AND a.status = 'active' LIMIT 1) AS "incidentId",
              (SELECT d.drill_id FROM drill_unit d WHERE d.unit_id = u.id AND d.ended_at IS NULL LIMIT 1) AS "drillId"
         FROM unit u WHERE u.id = ANY($1::int[]) ORDER BY u.id FOR NO KEY UPDATE OF u`,
      [ids],
    )) as Array<{ id: number; code: string; name: string; kind: string; status: string; stationId: number; incidentId: number | null; drillId: number | null }>;
  }

  async insertUnits(drillId: number, rows: DrillUnitInsert[], orderedAt: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO drill_unit (drill_id, unit_id, unit_code, unit_name, kind, station_id, station_code, station_name, city_adcode, county_adcode,
                               station_lon, station_lat, type, level, lon, lat, address, road_s, ordered_at)
       SELECT $1, * , $19::timestamptz FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::int[], $10::int[],
                                   $11::float8[], $12::float8[], $13::text[], $14::int[], $15::float8[], $16::float8[], $17::text[], $18::float8[])`,
      [
        drillId,
        rows.map((r) => r.unitId),
        rows.map((r) => r.unit.code),
        rows.map((r) => r.unit.name),
        rows.map((r) => r.unit.kind),
        rows.map((r) => r.station.id),
        rows.map((r) => r.station.code),
        rows.map((r) => r.station.name),
        rows.map((r) => r.station.cityAdcode),
        rows.map((r) => r.station.countyAdcode),
        rows.map((r) => r.station.lon),
        rows.map((r) => r.station.lat),
        rows.map((r) => r.point.type),
        rows.map((r) => r.point.level),
        rows.map((r) => r.point.lon),
        rows.map((r) => r.point.lat),
        rows.map((r) => r.point.address),
        rows.map((r) => r.point.roadS),
        orderedAt,
      ],
    );
  }

  async setState(id: number, state: DrillRow['state'], fields: { firedAt?: Date; endReason?: string }): Promise<void> {
    await this.db.query(
      `UPDATE drill SET state = $2, fired_at = coalesce($3, fired_at), end_reason = coalesce($4, end_reason),
              ended_at = CASE WHEN $2 IN ('ended', 'cancelled') THEN coalesce(ended_at, now()) END WHERE id = $1`,
      [id, state, fields.firedAt ?? null, fields.endReason ?? null],
    );
  }

  async units(drillId: number): Promise<DrillUnitRow[]> {
    return (await this.db.query(UNIT + ' WHERE d.drill_id = $3 ORDER BY d.station_id, d.unit_id', [...UNIT_RADII, drillId])) as DrillUnitRow[];
  }

  /** The unit's live drill part (what its tablet shows after a reconnect). */
  async liveOf(unitId: number): Promise<DrillUnitRow[]> {
    return (await this.db.query(UNIT + ' WHERE d.unit_id = $3 AND d.ended_at IS NULL', [...UNIT_RADII, unitId])) as DrillUnitRow[];
  }

  /** Every live drill part, for the sweep (arrived by position, out of time). */
  async allLive(): Promise<DrillUnitRow[]> {
    return (await this.db.query(UNIT + ' WHERE d.ended_at IS NULL', UNIT_RADII)) as DrillUnitRow[];
  }

  /** A crew's report, once: the time of the step (already: it was reported before). Null: no such live part. */
  async report(drillId: number, unitId: number, step: keyof typeof STEP_COLUMN): Promise<{ at: Date; already: boolean; live: boolean } | null> {
    // the step's column, chosen in SQL ($3): a time once, the first report kept
    const rows = (await this.db.query(
      `WITH before AS (SELECT CASE $3 WHEN 'ack' THEN acked_at WHEN 'en_route' THEN en_route_at WHEN 'on_scene' THEN on_scene_at ELSE finished_at END AS was,
                              ended_at IS NULL AS live
                         FROM drill_unit WHERE drill_id = $1 AND unit_id = $2 FOR UPDATE),
            u AS (UPDATE drill_unit SET acked_at = CASE WHEN $3 = 'ack' THEN coalesce(acked_at, now()) ELSE acked_at END,
                                        en_route_at = CASE WHEN $3 = 'en_route' THEN coalesce(en_route_at, now()) ELSE en_route_at END,
                                        on_scene_at = CASE WHEN $3 = 'on_scene' THEN coalesce(on_scene_at, now()) ELSE on_scene_at END,
                                        finished_at = CASE WHEN $3 = 'finished' THEN coalesce(finished_at, now()) ELSE finished_at END
                   WHERE drill_id = $1 AND unit_id = $2 AND ended_at IS NULL
               RETURNING CASE $3 WHEN 'ack' THEN acked_at WHEN 'en_route' THEN en_route_at WHEN 'on_scene' THEN on_scene_at ELSE finished_at END AS at)
       SELECT coalesce((SELECT at FROM u), (SELECT was FROM before)) AS at, (SELECT was FROM before) IS NOT NULL AS already, (SELECT live FROM before) AS live
        WHERE EXISTS (SELECT 1 FROM before)`,
      [drillId, unitId, STEP_COLUMN[step]],
    )) as Array<{ at: Date | null; already: boolean; live: boolean }>;
    const r = rows[0];
    return r && r.at ? { at: r.at, already: r.already, live: r.live } : r ? { at: new Date(), already: false, live: r.live } : null;
  }

  /** Ends live parts (their outcome), returning those that ended now. */
  async endParts(
    parts: Array<{ drillId: number; unitId: number; outcome: DrillOutcome }>,
    preemptedBy: number | null = null,
  ): Promise<Array<{ drillId: number; unitId: number; outcome: DrillOutcome }>> {
    if (!parts.length) return [];
    return (await this.db.query(
      `WITH e AS (UPDATE drill_unit d SET ended_at = now(), outcome = x.outcome, preempted_by = $4
                    FROM unnest($1::int[], $2::int[], $3::text[]) AS x(drill_id, unit_id, outcome)
                   WHERE d.drill_id = x.drill_id AND d.unit_id = x.unit_id AND d.ended_at IS NULL
               RETURNING d.drill_id AS "drillId", d.unit_id AS "unitId", d.outcome)
       SELECT * FROM e`,
      [parts.map((p) => p.drillId), parts.map((p) => p.unitId), parts.map((p) => p.outcome), preemptedBy],
    )) as Array<{ drillId: number; unitId: number; outcome: DrillOutcome }>;
  }

  /** A real incident takes these units: their live drill parts end, preempted (inside the assignment's transaction). */
  async preempt(unitIds: number[], incidentId: number): Promise<Array<{ drillId: number; unitId: number; outcome: DrillOutcome }>> {
    const live = (await this.db.query(`SELECT drill_id AS "drillId", unit_id AS "unitId" FROM drill_unit WHERE unit_id = ANY($1::int[]) AND ended_at IS NULL`, [
      unitIds,
    ])) as Array<{ drillId: number; unitId: number }>;
    return this.endParts(
      live.map((p) => ({ ...p, outcome: 'preempted' as const })),
      incidentId,
    );
  }

  /** Live drills none of whose units is still on it: ended. */
  async closeFinished(): Promise<number[]> {
    const rows = (await this.db.query(
      `WITH c AS (UPDATE drill x SET state = 'ended', ended_at = now(), end_reason = coalesce(end_reason, 'finished')
                   WHERE state = 'live' AND NOT EXISTS (SELECT 1 FROM drill_unit d WHERE d.drill_id = x.id AND d.ended_at IS NULL) RETURNING id)
       SELECT id FROM c`,
    )) as Array<{ id: number }>;
    return rows.map((r) => r.id);
  }

  /** Every unit part of the drills ordered in [from, to) in the scope (its city, its county, or all), for the tables. */
  async partsBetween(from: Date, to: Date, scope: number | null): Promise<DrillUnitRow[]> {
    return (await this.db.query(
      UNIT + ' WHERE d.ordered_at >= $3 AND d.ordered_at < $4 AND ($5::int IS NULL OR $5 IN (d.city_adcode, d.county_adcode)) ORDER BY d.ordered_at',
      [...UNIT_RADII, from, to, scope],
    )) as DrillUnitRow[];
  }
}
