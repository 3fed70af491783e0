import { OUTSIDE_SERVICE_AREA } from '../common/service-area';
import { JurisdictionRepository } from '../accounts/jurisdiction.repository';
import { CallFactEffect, callFactEffect, CallFacts, DEFAULT_DUPLICATE_RULE, duplicateCandidates, IncidentLevel, IncidentType } from '@gan119/dispatch';
import { CrsName, toWgs84 } from '@gan119/geo';
import { Db, Tx } from '../infra/db/unit-of-work';
import { DomainError } from '../common/errors';
import { IncidentRepository, IncidentRow } from './incident.repository';

export type IncidentIntake = {
  type: IncidentType;
  level: IncidentLevel;
  location: { lon: number; lat: number; crs: CrsName };
  address?: string;
  callerNumber?: string;
  source: 'phone' | 'iot' | '110' | 'agency' | 'other';
  callFacts?: CallFacts;
  /** when the call was answered (ms); call-taking runs from it to the incident's creation */
  callReceivedAt?: number;
  by: string;
};

/** How far back a call's answering may lie, and how far a desk's clock may run ahead of the server's. */
const CALL_RECEIVED_WINDOW_S = 3600;
const CLOCK_SKEW_S = 30;

export type CreatedIncident = { incident: IncidentRow; duplicates: Array<{ id: number; type: string; distanceM: number }>; callFactEffect: CallFactEffect };

/**
 * Takes a call or alarm: converts the location once to WGS84 (keeping the original), refuses a point
 * outside the service area, finds its 支队/大队, flags open incidents it may duplicate, and records it
 * with its first caller and a timeline entry, all in one transaction.
 */
export function createIncident(db: Db, c: IncidentIntake): Promise<CreatedIncident> {
  return db.transaction((tx) => createIncidentWithin(tx, c));
}

/** The same inside a transaction the caller holds (a confirmed IoT alarm records its incident with the alarm). */
export async function createIncidentWithin(tx: Tx, c: IncidentIntake): Promise<CreatedIncident> {
  const [lon, lat] = toWgs84([c.location.lon, c.location.lat], c.location.crs);
  const facts = c.callFacts ?? {};
  // 接警要素 can raise the level taken (people trapped in numbers, a school): the record keeps both and why
  const effect = callFactEffect(c.type, c.level, facts);
  const repo = tx.get(IncidentRepository);
  const j = await tx.get(JurisdictionRepository).placeArea(lon, lat);
  if (!j.inside) {
    throw new DomainError('outside_service_area', `location ${c.location.lon}, ${c.location.lat} (${c.location.crs}) is ${OUTSIDE_SERVICE_AREA}`, 400, {
      wgs84: [lon, lat],
    });
  }
  const now = Date.now();
  if (c.callReceivedAt !== undefined && !(c.callReceivedAt <= now + CLOCK_SKEW_S * 1000 && c.callReceivedAt >= now - CALL_RECEIVED_WINDOW_S * 1000)) {
    throw new DomainError('call_received_at', `callReceivedAt must lie within the last hour and not in the future`, 400);
  }
  const open = await repo.openNear(lon, lat, DEFAULT_DUPLICATE_RULE.radiusM * 5, new Date(now - DEFAULT_DUPLICATE_RULE.windowS * 1000));
  const dups = duplicateCandidates(
    { type: c.type, lonLat: [lon, lat], reportedAt: now },
    open.map((o) => ({ id: o.id, type: o.type, lonLat: [o.lon, o.lat], reportedAt: Date.parse(o.reportedAt), state: o.state })),
  );
  const id = await repo.insert({
    type: c.type,
    level: effect.level,
    lon,
    lat,
    originalCrs: c.location.crs,
    originalLon: c.location.lon,
    originalLat: c.location.lat,
    address: c.address ?? null,
    callerNumber: c.callerNumber ?? null,
    source: c.source,
    cityAdcode: j.cityAdcode,
    countyAdcode: j.countyAdcode,
    duplicateCandidates: dups.map((d) => d.id),
    callFacts: facts,
    // a desk clock a little ahead of the server's must not make call-taking negative
    callReceivedAt: c.callReceivedAt === undefined ? null : new Date(Math.min(c.callReceivedAt, now)),
  });
  await repo.event(id, c.by, 'created', undefined, {
    type: c.type,
    level: effect.level,
    levelTaken: c.level,
    lon,
    lat,
    source: c.source,
    duplicates: dups.map((d) => d.id),
    callFacts: facts,
    reasons: effect.reasons,
  });
  const incident = await repo.byId(id);
  if (!incident) throw new Error('incident vanished inside its own transaction');
  return { incident, duplicates: dups.map((d) => ({ id: d.id, type: d.type, distanceM: Math.round(d.distanceM) })), callFactEffect: effect };
}
