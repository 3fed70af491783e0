import { helpingSql } from '../accounts/jurisdiction.repository';
import type { CallFacts, IncidentLevel, IncidentState, IncidentSummary, IncidentType } from '@gan119/dispatch';
import { DataSource, EntityManager } from 'typeorm';

/** An incident as the record holds it: what the queue lists, and more. */
export type IncidentRow = IncidentSummary & {
  original: { crs: string; lon: number; lat: number };
  source: string;
  cityAdcode: number | null;
  countyAdcode: number | null;
  duplicateCandidates: number[];
  mergedInto: number | null;
  version: number;
  updatedAt: string;
  closedAt: string | null;
  callFacts: CallFacts;
};

const SELECT = `
  SELECT i.id, i.type, i.level, i.state, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
         json_build_object('crs', i.original_crs, 'lon', i.original_lon, 'lat', i.original_lat) AS original,
         i.address, i.source, i.city_adcode AS "cityAdcode", c.name AS "cityName", i.county_adcode AS "countyAdcode", k.name AS "countyName",
         i.reported_at AS "reportedAt", i.duplicate_candidates AS "duplicateCandidates", i.merged_into AS "mergedInto", i.version,
         i.updated_at AS "updatedAt", i.closed_at AS "closedAt", i.call_facts AS "callFacts"
    FROM incident i LEFT JOIN admin_area c ON c.adcode = i.city_adcode LEFT JOIN admin_area k ON k.adcode = i.county_adcode`;
const BY_ID = SELECT + ' WHERE i.id = $1';
// NO KEY UPDATE: incident actions wait for each other, but not for the foreign-key checks of rows that merely refer to the incident (an ack's timeline entry)
const BY_ID_LOCKED = BY_ID + ' FOR NO KEY UPDATE OF i';

export type NewIncident = {
  type: IncidentType;
  level: IncidentLevel;
  lon: number;
  lat: number;
  originalCrs: string;
  originalLon: number;
  originalLat: number;
  address: string | null;
  callerNumber: string | null;
  source: string;
  cityAdcode: number | null;
  countyAdcode: number | null;
  duplicateCandidates: number[];
  callFacts: CallFacts;
  callReceivedAt: Date | null;
};

/** SQL for incidents, their callers and their timeline. */
export class IncidentRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Open incidents near a point reported since a time (the candidates for duplicate checks). */
  async openNear(
    lon: number,
    lat: number,
    radiusM: number,
    since: Date,
  ): Promise<Array<{ id: number; type: IncidentType; lon: number; lat: number; reportedAt: string; state: IncidentState }>> {
    return (await this.db.query(
      `SELECT id, type, ST_X(geom) AS lon, ST_Y(geom) AS lat, reported_at AS "reportedAt", state FROM incident
        WHERE state <> 'closed' AND reported_at >= $4 AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3)`,
      [lon, lat, radiusM, since.toISOString()],
    )) as Array<{ id: number; type: IncidentType; lon: number; lat: number; reportedAt: string; state: IncidentState }>;
  }

  async insert(n: NewIncident): Promise<number> {
    const [{ id }] = (await this.db.query(
      `INSERT INTO incident (type, level, geom, original_crs, original_lon, original_lat, address, source, city_adcode, county_adcode, duplicate_candidates, call_facts, call_received_at)
       VALUES ($1, $2, ST_SetSRID(ST_MakePoint($3, $4), 4326), $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14) RETURNING id`,
      [
        n.type,
        n.level,
        n.lon,
        n.lat,
        n.originalCrs,
        n.originalLon,
        n.originalLat,
        n.address,
        n.source,
        n.cityAdcode,
        n.countyAdcode,
        n.duplicateCandidates,
        JSON.stringify(n.callFacts),
        n.callReceivedAt,
      ],
    )) as [{ id: number }];
    await this.db.query('INSERT INTO incident_caller (incident_id, number, source, address) VALUES ($1, $2, $3, $4)', [
      id,
      n.callerNumber,
      n.source,
      n.address,
    ]);
    return id;
  }

  async byId(id: number, lock = false): Promise<IncidentRow | null> {
    const rows = (await this.db.query(lock ? BY_ID_LOCKED : BY_ID, [id])) as IncidentRow[];
    return rows[0] ?? null;
  }

  /** The queue: open ones (or all), by city, type, reporting time, and text in the address, a caller's number or the incident number. */
  /** The queue; with a jurisdiction, its incidents and those its units work on now (the jurisdiction rule's reads). */
  async list(f: {
    openOnly: boolean;
    limit: number;
    city?: number;
    type?: string;
    q?: string;
    hours?: number;
    jurisdiction?: number | null;
  }): Promise<IncidentRow[]> {
    return (await this.db.query(
      SELECT +
        ` WHERE ($1::boolean IS FALSE OR i.state <> 'closed')
            AND ($3::int IS NULL OR i.city_adcode = $3)
            AND ($4::text IS NULL OR i.type = $4)
            AND ($6::int IS NULL OR i.reported_at >= now() - make_interval(hours => $6))
            AND ($7::int IS NULL OR i.city_adcode = $7 OR i.county_adcode = $7 OR ${helpingSql('i', '$7')})
            AND ($5::text IS NULL OR i.id::text = $5 OR strpos(coalesce(i.address, ''), $5) > 0
                 OR EXISTS (SELECT 1 FROM incident_caller c WHERE c.incident_id = i.id AND (strpos(coalesce(c.number, ''), $5) > 0 OR strpos(coalesce(c.address, ''), $5) > 0)))
          ORDER BY i.reported_at DESC LIMIT $2`,
      [f.openOnly, f.limit, f.city ?? null, f.type ?? null, f.q?.replace(/^#/, '') ?? null, f.hours ?? null, f.jurisdiction ?? null],
    )) as IncidentRow[];
  }

  async update(id: number, set: { state?: IncidentState; level?: IncidentLevel; mergedInto?: number | null; duplicateCandidates?: number[] }): Promise<void> {
    await this.db.query(
      `UPDATE incident SET state = coalesce($2, state), closed_at = CASE WHEN $2 = 'closed' THEN now() WHEN $2 IS NOT NULL THEN NULL ELSE closed_at END, level = coalesce($3, level), merged_into = coalesce($4, merged_into),
              duplicate_candidates = coalesce($5, duplicate_candidates), version = version + 1, updated_at = now() WHERE id = $1`,
      [id, set.state ?? null, set.level ?? null, set.mergedInto ?? null, set.duplicateCandidates ?? null],
    );
  }

  async event(incidentId: number, actor: string, action: string, before: unknown, after: unknown): Promise<void> {
    await this.db.query('INSERT INTO incident_event (incident_id, actor, action, before, after) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)', [
      incidentId,
      actor,
      action,
      before === undefined ? null : JSON.stringify(before),
      after === undefined ? null : JSON.stringify(after),
    ]);
  }

  async timeline(incidentId: number): Promise<Array<{ at: string; actor: string; action: string; before: unknown; after: unknown }>> {
    return (await this.db.query('SELECT at, actor, action, before, after FROM incident_event WHERE incident_id = $1 ORDER BY id', [incidentId])) as Array<{
      at: string;
      actor: string;
      action: string;
      before: unknown;
      after: unknown;
    }>;
  }

  /** What the incident's units reported while on it (出动, 到场, 返回), as timeline entries. */
  async unitStatusesOn(incidentId: number): Promise<Array<{ at: string; actor: string; action: string; before: unknown; after: unknown }>> {
    return (await this.db.query(
      `SELECT h.at, h.changed_by AS actor, 'unit_status' AS action, json_build_object('status', h.from_status) AS before,
              json_build_object('unitId', h.unit_id, 'status', h.to_status) AS after
         FROM assignment a JOIN unit_status_history h ON h.unit_id = a.unit_id AND h.at >= a.assigned_at AND h.at <= coalesce(a.released_at, now())
        WHERE a.incident_id = $1 AND h.to_status IN ('en_route', 'on_scene', 'returning')
        ORDER BY h.at, h.id`,
      [incidentId],
    )) as Array<{ at: string; actor: string; action: string; before: unknown; after: unknown }>;
  }

  /** The names of the units a timeline mentions. */
  async unitNames(ids: number[]): Promise<Array<{ id: number; name: string }>> {
    if (!ids.length) return [];
    return (await this.db.query('SELECT id, name FROM unit WHERE id = ANY($1::int[])', [ids])) as Array<{ id: number; name: string }>;
  }

  async callers(incidentId: number): Promise<Array<{ number: string | null; source: string; address: string | null; reportedAt: string }>> {
    return (await this.db.query('SELECT number, source, address, reported_at AS "reportedAt" FROM incident_caller WHERE incident_id = $1 ORDER BY id', [
      incidentId,
    ])) as Array<{ number: string | null; source: string; address: string | null; reportedAt: string }>;
  }

  /** Moves the callers and the timeline of a duplicate onto the incident it is merged into. */
  async moveCallersAndTimeline(from: number, into: number): Promise<void> {
    await this.db.query('UPDATE incident_caller SET incident_id = $2 WHERE incident_id = $1', [from, into]);
    await this.db.query(
      `INSERT INTO incident_event (incident_id, at, actor, action, before, after)
       SELECT $2, at, actor, 'merged:' || action, before, after FROM incident_event WHERE incident_id = $1 ORDER BY id`,
      [from, into],
    );
  }
}
