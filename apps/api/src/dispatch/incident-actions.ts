import { incidentMoveProblem, IncidentLevel, IncidentState, reopenProblem } from '@gan119/dispatch';
import { UnitStatus } from '@gan119/resources';
import { Db, Tx } from '../infra/db/unit-of-work';
import { conflict, notFound } from '../common/errors';
import { ForcesRepository } from '../forces/forces.repository';
import { AssignmentRepository, OrderEnd } from './assignment.repository';
import type { OrderWithdrawnMessage } from '@gan119/dispatch';
import { AlertsRepository } from '../alerts/alerts.repository';
import { IncidentRepository, IncidentRow } from './incident.repository';

async function lockedIncident(tx: Tx, id: number): Promise<IncidentRow> {
  const i = await tx.get(IncidentRepository).byId(id, true);
  if (!i) throw notFound(`incident ${id}`);
  return i;
}

/** A released unit heads home if it had left, or is simply available again if it had not. */
const afterRelease = (s: UnitStatus): UnitStatus | null => (s === 'dispatched' ? 'available' : s === 'en_route' || s === 'on_scene' ? 'returning' : null);

async function releaseOne(tx: Tx, incidentId: number, unitId: number, by: string, reason: OrderEnd): Promise<OrderWithdrawnMessage> {
  const a = (await tx.get(AssignmentRepository).activeFor(incidentId)).find((x) => x.unitId === unitId);
  if (!a) throw notFound(`active assignment of unit ${unitId} to incident ${incidentId}`);
  const orderIds = await tx.get(AssignmentRepository).release(a.id, reason);
  await tx.get(AlertsRepository).resolveForUnit(incidentId, unitId, 'released', by);
  const forces = tx.get(ForcesRepository);
  const unit = await forces.unit(unitId, true);
  const next = unit ? afterRelease(unit.status) : null;
  if (unit && next) await forces.setStatus(unit, next, `released from incident ${incidentId}`, by);
  return { unitId, incidentId, orderIds, reason };
}

/** Releases one unit from an incident (追加 in reverse), with the reason; recorded in the timeline. Answers the orders it ended, for the tablet. */
export async function releaseUnit(
  db: Db,
  incidentId: number,
  unitId: number,
  by: string,
  why: { reason?: string; note?: string } = {},
): Promise<OrderWithdrawnMessage> {
  return db.transaction(async (tx) => {
    const i = await lockedIncident(tx, incidentId);
    if (i.state === 'closed') throw conflict('incident_closed', `incident ${incidentId} is closed`);
    const ended = await releaseOne(tx, incidentId, unitId, by, 'released');
    await tx.get(IncidentRepository).update(incidentId, {});
    await tx.get(IncidentRepository).event(incidentId, by, 'released', { unitId }, { unitId, reason: why.reason ?? null, note: why.note ?? null });
    return ended;
  });
}

/** Reopens an incident closed within the grace period (a flare-up, a closing by mistake): it waits for dispatch again. */
export async function reopenIncident(db: Db, incidentId: number, by: string, now = Date.now()): Promise<IncidentRow> {
  return db.transaction(async (tx) => {
    const i = await lockedIncident(tx, incidentId);
    const problem = reopenProblem({ state: i.state, closedAt: i.closedAt ? Date.parse(i.closedAt) : null, mergedInto: i.mergedInto }, now);
    if (problem) throw conflict('cannot_reopen', `incident ${incidentId}: ${problem}`, { state: i.state, closedAt: i.closedAt });
    const repo = tx.get(IncidentRepository);
    await repo.update(incidentId, { state: 'new' });
    await repo.event(incidentId, by, 'reopened', { state: 'closed' }, { state: 'new' });
    const after = await repo.byId(incidentId);
    if (!after) throw notFound(`incident ${incidentId}`);
    return after;
  });
}

/** Moves the incident along its lifecycle; closing releases every unit still on it (answered with the orders that ended). */
export async function changeIncidentState(
  db: Db,
  incidentId: number,
  to: IncidentState,
  by: string,
): Promise<{ incident: IncidentRow; ended: OrderWithdrawnMessage[] }> {
  return db.transaction(async (tx) => {
    const i = await lockedIncident(tx, incidentId);
    const problem = incidentMoveProblem(i.state, to);
    if (problem) throw conflict('illegal_transition', `incident ${incidentId}: ${problem}`, { from: i.state, to });
    const ended: OrderWithdrawnMessage[] = [];
    if (to === 'closed') {
      for (const a of await tx.get(AssignmentRepository).activeFor(incidentId)) ended.push(await releaseOne(tx, incidentId, a.unitId, by, 'closed'));
      await tx.get(AlertsRepository).resolveForIncident(incidentId, 'closed', by);
    }
    const repo = tx.get(IncidentRepository);
    await repo.update(incidentId, { state: to });
    await repo.event(incidentId, by, 'state', { state: i.state }, { state: to });
    const after = await repo.byId(incidentId);
    if (!after) throw notFound(`incident ${incidentId}`);
    return { incident: after, ended };
  });
}

/** Raises (or lowers) the 火警分级; the next recommendation plans only for the difference. */
export async function changeIncidentLevel(db: Db, incidentId: number, level: IncidentLevel, by: string): Promise<IncidentRow> {
  return db.transaction(async (tx) => {
    const i = await lockedIncident(tx, incidentId);
    if (i.state === 'closed') throw conflict('incident_closed', `incident ${incidentId} is closed`);
    if (i.level === level) throw conflict('same_level', `incident ${incidentId} is already level ${level}`);
    const repo = tx.get(IncidentRepository);
    await repo.update(incidentId, { level });
    await repo.event(incidentId, by, 'level', { level: i.level }, { level });
    const after = await repo.byId(incidentId);
    if (!after) throw notFound(`incident ${incidentId}`);
    return after;
  });
}

/** Merges a duplicate report into the incident it repeats: callers and timeline move over, the duplicate closes. */
export async function mergeIncident(db: Db, duplicateId: number, intoId: number, by: string): Promise<IncidentRow> {
  if (duplicateId === intoId) throw conflict('same_incident', 'an incident cannot be merged into itself');
  return db.transaction(async (tx) => {
    // lock both in id order
    const [a, b] = duplicateId < intoId ? [duplicateId, intoId] : [intoId, duplicateId];
    const first = await lockedIncident(tx, a);
    const second = await lockedIncident(tx, b);
    const dup = first.id === duplicateId ? first : second;
    const into = first.id === intoId ? first : second;
    if (dup.state === 'closed' || into.state === 'closed') throw conflict('incident_closed', 'both incidents must be open to merge');
    if ((await tx.get(AssignmentRepository).activeFor(duplicateId)).length) {
      throw conflict('has_assignments', `incident ${duplicateId} has assigned units: release or keep it instead of merging`);
    }
    const repo = tx.get(IncidentRepository);
    await repo.event(duplicateId, by, 'merged', null, { into: intoId });
    await repo.moveCallersAndTimeline(duplicateId, intoId);
    await repo.update(duplicateId, { state: 'closed', mergedInto: intoId });
    await repo.update(intoId, { duplicateCandidates: into.duplicateCandidates.filter((x) => x !== duplicateId) });
    await repo.event(intoId, by, 'merge', { incident: duplicateId }, { into: intoId });
    const after = await repo.byId(intoId);
    if (!after) throw notFound(`incident ${intoId}`);
    return after;
  });
}
