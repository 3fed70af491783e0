import { DISPATCHABLE_STATUSES } from '@gan119/resources';
import type { OrderMessage } from '@gan119/dispatch';
import type { Area } from '../live/live-feed';
import { Db, Tx } from '../infra/db/unit-of-work';
import { isUniqueViolation } from '../infra/db/errors';
import { conflict, notFound } from '../common/errors';
import { ForcesRepository } from '../forces/forces.repository';
import { AssignmentRepository } from './assignment.repository';
import { AlertsRepository } from '../alerts/alerts.repository';
import { IncidentRepository } from './incident.repository';
import { OrdersRepository } from '../orders/orders.repository';
import { DrillRepository } from '../drills/drill.repository';

export type AssignRequest = {
  incidentId: number;
  units: Array<{ unitId: number; capability: string; etaS?: number; crossJurisdiction?: boolean; replacesOrderId?: string }>;
  by: string;
};
/** What the assignment did, with the orders as the tablets receive them and where the incident is: what the live feed pushes, without reading them again. */
export type AssignResult = {
  incidentId: number;
  area: Area;
  assignments: Array<{ assignmentId: number; unitId: number; orderId: string; order: OrderMessage }>;
  /** drills these units were on: a real incident always wins, their drill parts end (preempted) */
  drillsEnded: Array<{ drillId: number; unitId: number; outcome: string }>;
};

/**
 * Assigns units to an incident: assignment, unit status (dispatched, with history), the order for the
 * unit's tablet and the timeline entry are written in one transaction. The units are locked in id
 * order (no deadlocks between dispatchers); a unit not dispatchable, or already on an incident, fails
 * the whole request with 409 naming it; the unique index on active assignments is the last guard.
 */
export async function assignUnits(db: Db, req: AssignRequest): Promise<AssignResult> {
  try {
    return await db.transaction((tx) => assignWithin(tx, req));
  } catch (e) {
    throw asConflict(e);
  }
}

/** The same, inside a transaction the caller holds (escalation assigns a replacement in its own). */
export async function assignWithin(tx: Tx, req: AssignRequest): Promise<AssignResult> {
  const ids = [...new Set(req.units.map((u) => u.unitId))].sort((a, b) => a - b);
  if (ids.length !== req.units.length) throw conflict('duplicate_unit', 'a unit is listed twice');
  const incidents = tx.get(IncidentRepository);
  const incident = await incidents.byId(req.incidentId, true);
  if (!incident) throw notFound(`incident ${req.incidentId}`);
  if (incident.state === 'closed') throw conflict('incident_closed', `incident ${req.incidentId} is closed`);
  const locked = await tx.get(ForcesRepository).lockForAssignment(ids);
  const missing = ids.filter((id) => !locked.some((u) => u.id === id));
  if (missing.length) throw notFound(`unit ${missing.join(', ')}`);
  const busy = await tx.get(AssignmentRepository).activeIncidentOf(ids);
  for (const u of locked) {
    const on = busy.get(u.id);
    if (on !== undefined)
      throw conflict('unit_already_assigned', `unit ${u.code} (${u.name}) is already assigned to incident ${on}`, { unitId: u.id, incidentId: on });
    if (!DISPATCHABLE_STATUSES.includes(u.status))
      throw conflict('unit_unavailable', `unit ${u.code} (${u.name}) is ${u.status} and cannot be dispatched`, { unitId: u.id, status: u.status });
  }
  const assignments = tx.get(AssignmentRepository);
  const forces = tx.get(ForcesRepository);
  const out: AssignResult['assignments'] = [];
  for (const r of req.units) {
    const unit = await forces.unit(r.unitId);
    if (!unit) throw notFound(`unit ${r.unitId}`);
    const assignmentId = await assignments.insert({
      incidentId: req.incidentId,
      unitId: r.unitId,
      capability: r.capability,
      etaS: r.etaS ?? null,
      crossJurisdiction: r.crossJurisdiction ?? false,
      by: req.by,
    });
    await forces.setStatus(unit, 'dispatched', `incident ${req.incidentId}`, req.by);
    const payload = {
      incident: { id: incident.id, type: incident.type, level: incident.level, lon: incident.lon, lat: incident.lat, address: incident.address },
      capability: r.capability,
      etaS: r.etaS ?? null,
    };
    const { id: orderId, createdAt } = await assignments.insertOrder(assignmentId, req.incidentId, r.unitId, payload);
    if (r.replacesOrderId) await replaceOrder(tx, req.incidentId, r.replacesOrderId, orderId, req.by);
    out.push({
      assignmentId,
      unitId: r.unitId,
      orderId,
      order: { orderId, unitId: r.unitId, ...payload, issuedAt: new Date(createdAt).toISOString(), replay: false },
    });
  }
  const drillsEnded = await tx.get(DrillRepository).preempt(ids, req.incidentId);
  if (incident.state === 'new') await incidents.update(req.incidentId, { state: 'dispatched' });
  else await incidents.update(req.incidentId, {});
  await incidents.event(
    req.incidentId,
    req.by,
    'assigned',
    { state: incident.state },
    { units: req.units.map((u) => ({ unitId: u.unitId, capability: u.capability })) },
  );
  return { incidentId: req.incidentId, area: { cityAdcode: incident.cityAdcode, countyAdcode: incident.countyAdcode }, assignments: out, drillsEnded };
}

/** A unit sent instead of one whose order went unanswered: the old order names its replacement, and its alert is dealt with. */
async function replaceOrder(tx: Tx, incidentId: number, oldOrderId: string, newOrderId: string, by: string): Promise<void> {
  if (!(await tx.get(OrdersRepository).setReplacement(oldOrderId, incidentId, newOrderId)))
    throw conflict('not_replaceable', `order ${oldOrderId} is not an order of incident ${incidentId} still waiting for a replacement`, { orderId: oldOrderId });
  await tx.get(AlertsRepository).resolveForOrder(oldOrderId, 'replaced', by);
}

/**
 * The unique index caught a race the locks did not (cannot happen with the locks above, but the
 * database has the last word): the same clear 409.
 */
export function asConflict(e: unknown): unknown {
  if (isUniqueViolation(e)) {
    return conflict('unit_already_assigned', 'a unit of this request was assigned to another incident at the same moment');
  }
  return e;
}
