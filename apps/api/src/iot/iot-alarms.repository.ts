import type { AlarmDecision, IotAlarmView, SensorKind } from '@gan119/iot';
import type { Queryable } from '../infra/db/unit-of-work';

/** A device with its building: what the verification rules and the operator need. */
export type DeviceInBuilding = {
  id: string;
  kind: string;
  floor: number | null;
  maintenance: boolean;
  waterSourceId: number | null;
  lon: number;
  lat: number;
  building: {
    id: number;
    name: string;
    address: string | null;
    floors: number;
    keyUnitId: number | null;
    dutyContact: { name?: string; phone?: string };
    inMaintenance: boolean;
    lon: number;
    lat: number;
  } | null;
};

export type AlarmView = IotAlarmView;

const ALARM = `
  SELECT a.id, a.device_id AS "deviceId", d.kind AS "deviceKind", a.sensor, d.floor, a.state, a.rule, a.flags, a.verify_by AS "verifyBy", a.incident_id AS "incidentId",
         a.decided_by AS "decidedBy", a.reason, a.raised_at AS "raisedAt",
         CASE WHEN b.id IS NULL THEN NULL ELSE json_build_object('id', b.id, 'name', b.name, 'address', b.address, 'floors', b.floors, 'dutyContact', b.duty_contact,
              'keyUnit', k.name, 'preplan', k.preplan) END AS building,
         b.city_adcode AS "cityAdcode", b.county_adcode AS "countyAdcode", ST_X(d.geom) AS lon, ST_Y(d.geom) AS lat,
         (SELECT count(*)::int FROM iot_alarm x WHERE x.device_id = a.device_id AND x.state = 'cancelled' AND x.raised_at > now() - interval '30 days') AS "falseAlarms30d"
    FROM iot_alarm a JOIN iot_device d ON d.id = a.device_id LEFT JOIN iot_building b ON b.id = a.building_id LEFT JOIN key_unit k ON k.id = b.key_unit_id`;

const ALARM_BY_ID = ALARM + ' WHERE a.id = $1';
const ALARM_LIST =
  ALARM +
  ` WHERE ($1::text IS NULL OR a.state = $1) AND ($5::int IS NOT NULL OR a.raised_at > now() - make_interval(hours => $2))
         AND ($3::int IS NULL OR $3 IN (b.city_adcode, b.county_adcode) OR $3 = 360000) AND ($5::int IS NULL OR a.incident_id = $5)
       ORDER BY (a.state = 'to_verify') DESC, a.verify_by NULLS LAST, a.id DESC LIMIT $4`;

/** Devices, buildings and the alarms raised from them, with their verification. */
export class IotAlarmsRepository {
  constructor(private readonly db: Queryable) {}

  /** The device and its building; the building's row locked, so alarms of one building are decided one at a time. */
  async deviceLockingBuilding(id: string): Promise<DeviceInBuilding | null> {
    await this.db.query('SELECT 1 FROM iot_building WHERE id = (SELECT building_id FROM iot_device WHERE id = $1) FOR NO KEY UPDATE', [id]);
    const rows = (await this.db.query(
      `SELECT d.id, d.kind, d.floor, d.maintenance, d.water_source_id AS "waterSourceId", ST_X(d.geom) AS lon, ST_Y(d.geom) AS lat,
              CASE WHEN b.id IS NULL THEN NULL ELSE json_build_object('id', b.id, 'name', b.name, 'address', b.address, 'floors', b.floors, 'keyUnitId', b.key_unit_id,
                'dutyContact', b.duty_contact, 'inMaintenance', coalesce(b.maintenance_until > now(), false), 'lon', ST_X(b.geom), 'lat', ST_Y(b.geom)) END AS building
         FROM iot_device d LEFT JOIN iot_building b ON b.id = d.building_id WHERE d.id = $1`,
      [id],
    )) as DeviceInBuilding[];
    return rows[0] ?? null;
  }

  /** What the rules weigh: other devices of the building in alarm within the window, a phone incident nearby, the device's false alarms. */
  async facts(
    d: DeviceInBuilding,
    windowS: number,
    nearM: number,
  ): Promise<{ otherDevicesInAlarm: number; callIncident: number | null; falseAlarms30d: number; openIncident: number | null }> {
    const [r] = (await this.db.query(
      `SELECT (SELECT count(DISTINCT device_id)::int FROM iot_alarm WHERE building_id = $2 AND device_id <> $1 AND state IN ('to_verify', 'confirmed')
                 AND raised_at > now() - make_interval(secs => $3)) AS "otherDevicesInAlarm",
              (SELECT i.id FROM incident i WHERE i.source <> 'iot' AND i.state <> 'closed' AND i.merged_into IS NULL AND i.reported_at > now() - make_interval(secs => $3)
                 AND ST_DWithin(i.geom::geography, ST_SetSRID(ST_MakePoint($4, $5), 4326)::geography, $6) ORDER BY i.id LIMIT 1) AS "callIncident",
              (SELECT count(*)::int FROM iot_alarm WHERE device_id = $1 AND state = 'cancelled' AND raised_at > now() - interval '30 days') AS "falseAlarms30d",
              (SELECT a.incident_id FROM iot_alarm a JOIN incident i ON i.id = a.incident_id WHERE a.building_id = $2 AND i.state <> 'closed' ORDER BY a.id DESC LIMIT 1) AS "openIncident"`,
      [d.id, d.building?.id ?? null, windowS, d.building?.lon ?? d.lon, d.building?.lat ?? d.lat, nearM],
    )) as Array<{ otherDevicesInAlarm: number; callIncident: number | null; falseAlarms30d: number; openIncident: number | null }>;
    return r;
  }

  async insertAlarm(row: string, d: DeviceInBuilding, sensor: SensorKind, decision: AlarmDecision, by: string | null): Promise<number> {
    const [r] = (await this.db.query(
      `WITH ins AS (
         INSERT INTO iot_alarm (message_row, device_id, building_id, sensor, state, rule, flags, verify_by, decided_by, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8::int IS NULL THEN NULL ELSE now() + make_interval(secs => $8) END, $9, CASE WHEN $5 = 'to_verify' THEN NULL ELSE now() END)
         RETURNING id)
       SELECT id FROM ins`,
      [
        row,
        d.id,
        d.building?.id ?? null,
        sensor,
        decision.outcome === 'verify' ? 'to_verify' : decision.outcome,
        decision.rule,
        decision.flags,
        decision.countdownS,
        by,
      ],
    )) as Array<{ id: number }>;
    return r.id;
  }

  /** The building's alarms still to verify (and this one), confirmed onto the incident; answers their ids. */
  async confirmOpen(buildingId: number | null, alarmId: number, incidentId: number, by: string): Promise<number[]> {
    const rows = (await this.db.query(
      `WITH u AS (UPDATE iot_alarm SET state = 'confirmed', incident_id = $3, decided_by = coalesce(decided_by, $4), decided_at = coalesce(decided_at, now())
                   WHERE id = $2 OR (building_id = $1 AND state = 'to_verify') RETURNING id)
       SELECT id FROM u ORDER BY id`,
      [buildingId, alarmId, incidentId, by],
    )) as Array<{ id: number }>;
    return rows.map((r) => r.id);
  }

  async lockAlarm(id: number): Promise<{ id: number; state: string; deviceId: string; buildingId: number | null; messageRow: string; rule: string } | null> {
    const rows = (await this.db.query(
      `SELECT id, state, device_id AS "deviceId", building_id AS "buildingId", message_row::text AS "messageRow", rule FROM iot_alarm WHERE id = $1 FOR UPDATE`,
      [id],
    )) as Array<{ id: number; state: string; deviceId: string; buildingId: number | null; messageRow: string; rule: string }>;
    return rows[0] ?? null;
  }

  async cancel(id: number, by: string, reason: string): Promise<void> {
    await this.db.query(`UPDATE iot_alarm SET state = 'cancelled', decided_by = $2, reason = $3, decided_at = now() WHERE id = $1`, [id, by, reason]);
  }

  /** Alarms whose countdown ran out unanswered. */
  async overdue(limit: number): Promise<number[]> {
    const rows = (await this.db.query(`SELECT id FROM iot_alarm WHERE state = 'to_verify' AND verify_by <= now() ORDER BY verify_by LIMIT $1`, [
      limit,
    ])) as Array<{
      id: number;
    }>;
    return rows.map((r) => r.id);
  }

  async view(id: number): Promise<AlarmView | null> {
    const rows = (await this.db.query(ALARM_BY_ID, [id])) as AlarmView[];
    return rows[0] ?? null;
  }

  /** Alarms for the monitoring centre: to verify first (soonest countdown), then the latest; within a jurisdiction (adcode prefix) when given. */
  async list(f: { state?: string; jurisdiction: number | null; hours: number; limit: number; incident?: number }): Promise<AlarmView[]> {
    return (await this.db.query(ALARM_LIST, [f.state ?? null, f.hours, f.jurisdiction, f.limit, f.incident ?? null])) as AlarmView[];
  }

  /** A hydrant pressure reading moves its water source: dry or low hydrants are no longer offered. */
  async setWaterStatus(waterSourceId: number, status: 'in_service' | 'low_pressure' | 'out_of_service', note: string): Promise<void> {
    await this.db.query('UPDATE water_source SET status = $2, note = $3 WHERE id = $1', [waterSourceId, status, note]);
  }
}
