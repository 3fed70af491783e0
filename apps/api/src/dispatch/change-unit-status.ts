import { Injectable } from '@nestjs/common';
import { statusChangeProblem, UnitStatus } from '@gan119/resources';
import { Db, Tx } from '../infra/db/unit-of-work';
import { AlertsRepository } from '../alerts/alerts.repository';
import { conflict, DomainError, notFound } from '../common/errors';
import { IncidentRepository } from './incident.repository';
import { AssignmentRepository } from './assignment.repository';
import { OrdersRepository } from '../orders/orders.repository';
import { ForcesRepository, UnitRow } from '../forces/forces.repository';
import type { LiveFeed } from '../live/live-feed';

const FREE: readonly UnitStatus[] = ['available', 'out_of_service', 'in_drill'];
/** A crew that reports rolling or arriving has plainly received its order: that answers it. */
const ANSWERS_ORDER: ReadonlyArray<UnitStatus> = ['en_route', 'on_scene'];

export type ChangeUnitStatus = {
  unitId: number;
  to: UnitStatus;
  reason?: string;
  expectedVersion?: number;
  by: string;
  /** the crew itself reports (its tablet or login): a free status while still on an incident asks the dispatcher to release it */
  fromCrew?: boolean;
};
export type OrderAnswered = { orderId: string; unitId: number; incidentId: number; ackedAt: string; cityAdcode: number | null; countyAdcode: number | null };
export type StatusChange = { unit: UnitRow; acked: OrderAnswered[]; incidentId: number | null; releaseRequested: boolean };

/**
 * Moves a unit to another status if the status machine allows it; the move, its history, the orders
 * it answers (出动 / 到场 acknowledge the unit's open order) and, on arrival, the incident's own move to
 * on scene, all in one transaction.
 */
export async function changeUnitStatus(db: Db, cmd: ChangeUnitStatus): Promise<StatusChange> {
  try {
    return await db.transaction((tx) => changeWithin(tx, cmd));
  } catch (e) {
    if (e instanceof DomainError && e.code === 'still_assigned' && cmd.fromCrew) throw await requestRelease(db, cmd, e.details?.incidentId as number);
    throw e;
  }
}

async function changeWithin(tx: Tx, cmd: ChangeUnitStatus): Promise<StatusChange> {
  const repo = tx.get(ForcesRepository);
  const unit = await repo.unit(cmd.unitId, true);
  if (!unit) throw notFound(`unit ${cmd.unitId}`);
  if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== unit.version) {
    throw conflict('version_conflict', `unit ${unit.code} changed meanwhile (version ${unit.version}, expected ${cmd.expectedVersion})`, {
      version: unit.version,
      status: unit.status,
    });
  }
  const problem = statusChangeProblem(unit.status, { to: cmd.to, reason: cmd.reason });
  if (problem) throw conflict('illegal_transition', `unit ${unit.code}: ${problem}`, { from: unit.status, to: cmd.to });
  const onId = (await tx.get(AssignmentRepository).activeIncidentOf([unit.id])).get(unit.id);
  const on = onId === undefined ? undefined : { id: onId };
  // a unit on an incident is freed by the incident (release or close), not by a status button
  if (on && FREE.includes(cmd.to))
    throw conflict('still_assigned', `unit ${unit.code} is still assigned to incident ${on.id}: the dispatcher releases it`, {
      incidentId: on.id,
      unitId: unit.id,
    });
  await repo.setStatus(unit, cmd.to, cmd.reason?.trim() || null, cmd.by);
  const acked: OrderAnswered[] = [];
  if (on && ANSWERS_ORDER.includes(cmd.to)) {
    const orders = tx.get(OrdersRepository);
    for (const orderId of await orders.unackedOf(unit.id)) {
      const r = await orders.ackHere(orderId, unit.id, cmd.to === 'en_route' ? 'status:en_route' : 'status:on_scene');
      if (r.ok && !r.already && r.incidentId !== undefined)
        acked.push({
          orderId,
          unitId: unit.id,
          incidentId: r.incidentId,
          ackedAt: r.ackedAt,
          cityAdcode: r.cityAdcode ?? null,
          countyAdcode: r.countyAdcode ?? null,
        });
    }
  }
  if (on && cmd.to === 'on_scene') await firstOnScene(tx, on.id, cmd.by);
  // 返回: the crew is done there; the dispatcher releases it (or keeps it) from the desk
  const releaseRequested = !!on && !!cmd.fromCrew && cmd.to === 'returning' && (await raiseReleaseRequest(tx, cmd, on.id));
  const after = await repo.unit(cmd.unitId);
  if (!after) throw notFound(`unit ${cmd.unitId}`);
  return { unit: after, acked, incidentId: on?.id ?? null, releaseRequested };
}

/** The first unit to arrive moves a dispatched incident on scene (到场). */
async function firstOnScene(tx: Tx, incidentId: number, by: string): Promise<void> {
  const incidents = tx.get(IncidentRepository);
  const i = await incidents.byId(incidentId, true);
  if (i?.state !== 'dispatched') return;
  await incidents.update(incidentId, { state: 'on_scene' });
  await incidents.event(incidentId, by, 'state', { state: 'dispatched' }, { state: 'on_scene' });
}

/**
 * A crew reports itself free (可用) while the record still has it on an incident: the dispatcher is
 * asked to release it (an alert on the desk, a line in the timeline) and the crew is told so.
 */
async function requestRelease(db: Db, cmd: ChangeUnitStatus, incidentId: number): Promise<DomainError> {
  await db.transaction((tx) => raiseReleaseRequest(tx, cmd, incidentId));
  return new DomainError('release_requested', `unit ${cmd.unitId} is still on incident ${incidentId}: the dispatcher has been asked to release it`, 409, {
    incidentId,
    unitId: cmd.unitId,
    reported: cmd.to,
  });
}

/** The release request's alert and timeline line, once while it is open; true when raised now. */
async function raiseReleaseRequest(tx: Tx, cmd: ChangeUnitStatus, incidentId: number): Promise<boolean> {
  const id = await tx.get(AlertsRepository).raise({ kind: 'release_requested', incidentId, unitId: cmd.unitId, details: { reported: cmd.to } });
  if (id !== null) await tx.get(IncidentRepository).event(incidentId, cmd.by, 'release_requested', null, { unitId: cmd.unitId, reported: cmd.to });
  return id !== null;
}

/**
 * A status change, told once committed: the unit's status to the consoles, the orders it answered,
 * and a release request it raised. A refused change that asked the dispatcher to release the unit
 * tells the consoles too before its refusal goes back to the crew.
 */
export async function announceStatusChange(feed: LiveFeed, change: () => Promise<StatusChange>): Promise<StatusChange> {
  let c: StatusChange;
  try {
    c = await change();
  } catch (e) {
    const d = e instanceof DomainError && e.code === 'release_requested' ? (e.details as { incidentId: number }) : null;
    if (d) await feed.incidentAlerts(d.incidentId);
    throw e;
  }
  feed.unitStatus(c.unit);
  for (const a of c.acked) feed.acked({ orderId: a.orderId, unitId: a.unitId, incidentId: a.incidentId, ackedAt: a.ackedAt }, a);
  if (c.releaseRequested && c.incidentId !== null) await feed.incidentAlerts(c.incidentId);
  return c;
}

/** The use case for a controller or gateway: a unit's status change (see changeUnitStatus). */
@Injectable()
export class UnitStatusChanges {
  constructor(private readonly db: Db) {}
  change(cmd: ChangeUnitStatus): Promise<StatusChange> {
    return changeUnitStatus(this.db, cmd);
  }
}
