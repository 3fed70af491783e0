import { AlarmDecision, decideAlarm, DEFAULT_VERIFY_RULES, SensorKind, VerifyRules } from '@gan119/iot';
import type { IncidentLevel, IncidentType } from '@gan119/dispatch';
import { conflict, notFound } from '../common/errors';
import { createIncidentWithin } from '../dispatch/create-incident';
import { IncidentRepository, IncidentRow } from '../dispatch/incident.repository';
import { Db, Tx } from '../infra/db/unit-of-work';
import { DeviceInBuilding, IotAlarmsRepository } from './iot-alarms.repository';
import { IotMessagesRepository, MessageRow } from './iot-messages.repository';

/** What processing did, for the live feed once committed: the alarm (to the monitoring centre) and the incident it made or joined (to the desk). */
export type Processed = { alarmId: number | null; incident: IncidentRow | null; createdIncident: boolean; waterSourceId: number | null };
const NOTHING: Processed = { alarmId: null, incident: null, createdIncident: false, waterSourceId: null };

/** A high building burns as a high-rise fire (and starts a level higher); the rest as a building fire. */
export function incidentOf(d: DeviceInBuilding): { type: IncidentType; level: IncidentLevel } {
  const tall = (d.building?.floors ?? 1) >= 10;
  return { type: tall ? 'high_rise_fire' : 'building_fire', level: tall ? 2 : 1 };
}

/** Hydrant pressure (kPa): below 50 dry, below 140 low (GB 50974 asks at least 0.14 MPa at the outlet). */
export const hydrantStatus = (kPa: number) => (kPa < 50 ? 'out_of_service' : kPa < 140 ? 'low_pressure' : 'in_service');

/**
 * A confirmed alarm reaches the desk: joined to the open incident of its building or to a 119 call about
 * the same place (the desk's duplicate rule, made firm), else a new incident from the device and the
 * building; the building's other alarms still to verify join it. Every step is on the timeline.
 */
async function confirmOnto(
  tx: Tx,
  d: DeviceInBuilding,
  alarmId: number,
  target: number | null,
  how: { rule: string; by: string; sensor: string },
): Promise<{ incident: IncidentRow; created: boolean }> {
  const incidents = tx.get(IncidentRepository);
  let incident = target === null ? null : await incidents.byId(target, true);
  let created = false;
  if (!incident || incident.state === 'closed') {
    const { type, level } = incidentOf(d);
    const b = d.building;
    const address = b ? [b.name, b.address, d.floor !== null ? `${d.floor}层` : null].filter(Boolean).join(' ') : `IoT ${d.id}`;
    const at = b ? { lon: b.lon, lat: b.lat } : { lon: d.lon, lat: d.lat };
    incident = (await createIncidentWithin(tx, { type, level, location: { ...at, crs: 'WGS84' }, address, source: 'iot', by: how.by })).incident;
    created = true;
  }
  const ids = await tx.get(IotAlarmsRepository).confirmOpen(d.building?.id ?? null, alarmId, incident.id, how.by);
  await incidents.update(incident.id, {});
  await incidents.event(incident.id, how.by, 'iot_alarm', null, {
    alarmIds: ids,
    deviceId: d.id,
    sensor: how.sensor,
    rule: how.rule,
    building: d.building?.name ?? null,
    floor: d.floor,
  });
  return { incident, created };
}

async function processAlarm(tx: Tx, m: MessageRow, d: DeviceInBuilding, rules: VerifyRules): Promise<Processed> {
  const alarms = tx.get(IotAlarmsRepository);
  const f = await alarms.facts(d, rules.windowS, rules.callNearbyM);
  const sensor = (m.sensor as SensorKind | null) ?? (d.kind === 'uitd' || d.kind === 'hydrant_pressure' ? 'other' : (d.kind as SensorKind));
  const decision: AlarmDecision = decideAlarm(
    {
      sensor,
      inMaintenance: d.maintenance || !!d.building?.inMaintenance,
      testMessage: false,
      otherDevicesInAlarm: f.otherDevicesInAlarm,
      callNearby: f.callIncident !== null,
      falseAlarms30d: f.falseAlarms30d,
    },
    rules,
  );
  const alarmId = await alarms.insertAlarm(m.row, d, sensor, decision, decision.outcome === 'verify' ? null : `rule:${decision.rule}`);
  if (decision.outcome !== 'confirmed') return { ...NOTHING, alarmId };
  const { incident, created } = await confirmOnto(tx, d, alarmId, f.callIncident ?? f.openIncident, {
    rule: decision.rule,
    by: `rule:${decision.rule}`,
    sensor,
  });
  return { alarmId, incident, createdIncident: created, waterSourceId: null };
}

/**
 * Acts on one stored message, once (the message row is locked and marked processed in the same
 * transaction): alarms through the false-alarm filter, a hydrant's pressure onto its water source.
 * Everything else was settled by the intake's own statement (flags on the device, stored as processed).
 */
export async function processMessage(db: Db, row: string, rules: VerifyRules = DEFAULT_VERIFY_RULES): Promise<Processed | null> {
  return db.transaction(async (tx) => {
    const messages = tx.get(IotMessagesRepository);
    const m = await messages.lockUnprocessed(row);
    if (!m) return null;
    const alarms = tx.get(IotAlarmsRepository);
    const d = await alarms.deviceLockingBuilding(m.deviceId);
    let out = NOTHING;
    if (d) {
      if (m.kind === 'alarm') out = await processAlarm(tx, m, d, rules);
      else if (m.kind === 'reading' && d.kind === 'hydrant_pressure' && d.waterSourceId !== null && m.value !== null) {
        await alarms.setWaterStatus(d.waterSourceId, hydrantStatus(m.value), `IoT ${d.id}: ${m.value} kPa at ${new Date(m.receivedAt).toISOString()}`);
        out = { ...NOTHING, waterSourceId: d.waterSourceId };
      }
    }
    await messages.markProcessed(row);
    return out;
  });
}

/** The monitoring operator confirms an alarm to verify (or the countdown does): it goes to the desk. */
export async function confirmAlarm(db: Db, id: number, by: string, rules: VerifyRules = DEFAULT_VERIFY_RULES): Promise<Processed> {
  return db.transaction(async (tx) => {
    const alarms = tx.get(IotAlarmsRepository);
    const a = await alarms.lockAlarm(id);
    if (!a) throw notFound(`alarm ${id}`);
    if (a.state !== 'to_verify') throw conflict('alarm_decided', `alarm ${id} is already ${a.state}`, { state: a.state });
    const d = await alarms.deviceLockingBuilding(a.deviceId);
    if (!d) throw notFound(`device ${a.deviceId}`);
    const f = await alarms.facts(d, rules.windowS, rules.callNearbyM);
    const { incident, created } = await confirmOnto(tx, d, id, f.callIncident ?? f.openIncident, {
      rule: by.startsWith('system:') ? 'countdown' : 'verified',
      by,
      sensor: d.kind,
    });
    return { alarmId: id, incident, createdIncident: created, waterSourceId: null };
  });
}

/** The operator reached the duty contact and it is no fire: cancelled with the reason (it counts in the device's false-alarm history). */
export async function cancelAlarm(db: Db, id: number, by: string, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    const alarms = tx.get(IotAlarmsRepository);
    const a = await alarms.lockAlarm(id);
    if (!a) throw notFound(`alarm ${id}`);
    if (a.state !== 'to_verify') throw conflict('alarm_decided', `alarm ${id} is already ${a.state}`, { state: a.state });
    await alarms.cancel(id, by, reason);
  });
}
