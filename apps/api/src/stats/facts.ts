import { HistoryIncident, IncidentResponse, responseFacts, UnitTimes } from '@gan119/dispatch';
import type { FactRow, LiveIncidentRow, LiveUnitRow, UnitFactRow } from './response-facts.repository';

type UnitIdentity = Omit<UnitFactRow, keyof UnitTimes | 'ackS' | 'turnoutS' | 'travelS' | 'orderToSceneS' | 'firstOnScene'>;
type IncidentIdentity = Pick<FactRow, 'ref' | 'incidentId' | 'type' | 'level' | 'cityAdcode' | 'countyAdcode' | 'lon' | 'lat'>;

/** An incident's record as the statistics store it, its intervals from the one definition (libs/dispatch). */
export function factRow(who: IncidentIdentity, r: IncidentResponse, units: readonly UnitIdentity[]): FactRow {
  const f = responseFacts(r);
  return {
    ...who,
    callAt: r.callAt,
    createdAt: r.createdAt,
    firstOrderAt: f.incident.firstOrderAt,
    firstOnSceneAt: f.incident.firstOnSceneAt,
    callTakingS: f.incident.call_taking,
    processingS: f.incident.processing,
    firstArrivalS: f.incident.first_arrival,
    responseS: f.incident.response,
    fullPlanS: f.incident.full_plan,
    planned: r.planned,
    units: r.units.map((u, i) => ({
      ...units[i],
      orderedAt: u.orderedAt,
      ackedAt: u.ackedAt,
      enRouteAt: u.enRouteAt,
      onSceneAt: u.onSceneAt,
      ackS: f.units[i].ack,
      turnoutS: f.units[i].turnout,
      travelS: f.units[i].travel,
      orderToSceneS: f.units[i].order_to_scene,
      firstOnScene: f.units[i].firstOnScene,
    })),
  };
}

/**
 * A past (imported or synthetic) incident: its place in the province is found later from its location,
 * unless given; its units' roster records later from their codes, unless `roster` already knows them.
 */
export function historyFact(
  h: HistoryIncident & { level?: number; cityAdcode?: number | null; countyAdcode?: number | null },
  roster?: ReadonlyMap<string, { unitId: number; stationId: number }>,
): FactRow {
  return factRow(
    {
      ref: h.incident,
      incidentId: null,
      type: h.type || 'unknown',
      level: h.level ?? null,
      cityAdcode: h.cityAdcode ?? null,
      countyAdcode: h.countyAdcode ?? null,
      lon: Number.isFinite(h.lon) ? h.lon : null,
      lat: Number.isFinite(h.lat) ? h.lat : null,
    },
    h,
    h.units.map((u) => {
      const known = roster?.get(u.unit);
      return { unitCode: u.unit, unitId: known?.unitId ?? null, kind: u.unitType || null, stationCode: u.station, stationId: known?.stationId ?? null };
    }),
  );
}

/** A live incident from the record's raw moments. */
export function liveFact(i: LiveIncidentRow, units: readonly LiveUnitRow[]): FactRow {
  const ms = (d: Date | null) => (d === null ? null : d.getTime());
  const planned = Array.isArray(i.requirements) ? i.requirements.reduce((s, q) => s + (Number(q.count) || 0), 0) || null : null;
  return factRow(
    { ref: String(i.id), incidentId: i.id, type: i.type, level: i.level, cityAdcode: i.cityAdcode, countyAdcode: i.countyAdcode, lon: i.lon, lat: i.lat },
    {
      callAt: i.callAt.getTime(),
      createdAt: i.createdAt.getTime(),
      planned,
      units: units.map((u) => ({ orderedAt: u.orderedAt.getTime(), ackedAt: ms(u.ackedAt), enRouteAt: ms(u.enRouteAt), onSceneAt: ms(u.onSceneAt) })),
    },
    units.map((u) => ({ unitCode: u.unitCode, unitId: u.unitId, kind: u.kind, stationCode: u.stationCode, stationId: u.stationId })),
  );
}
