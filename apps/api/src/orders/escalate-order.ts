import { Db, Tx } from '../infra/db/unit-of-work';
import type { OrderToSend } from '../live/live-feed';
import { AlertsRepository } from '../alerts/alerts.repository';
import { EscalationRepository } from './escalation.repository';

export type Escalation = {
  orderId: string;
  unitId: number;
  incidentId: number;
  capability: string;
  cityAdcode: number | null;
  countyAdcode: number | null;
  replacementOrderId: string | null;
  replacementOrder: OrderToSend | null;
};
/** Sends the replacement inside the escalation's transaction (the dispatch side assigns it): its order, as the tablet will receive it. */
export type SendReplacement = (tx: Tx, o: { incidentId: number; capability: string }) => Promise<OrderToSend>;
export type { WaitingOrder } from './escalation.repository';
export type ReplacementUnit = { unitId: number; etaS: number; crossJurisdiction: boolean };

/** The order when it is still waiting for its acknowledgement (nothing to do otherwise). */
export const waitingOrder = (db: Db, orderId: string) => db.get(EscalationRepository).waiting(orderId);

/**
 * An overdue acknowledgement: marks the order unacknowledged and records it in the incident's
 * timeline, in one transaction, once; with a replacement, that unit is assigned (assignment, status,
 * order) in the same transaction, so a crash leaves either both or neither. Running again (a retried
 * or duplicated job) does nothing. A replacement that cannot be assigned fails the whole transaction.
 */
export async function escalateOrder(
  db: Db,
  orderId: string,
  replacement: { unit: ReplacementUnit; send: SendReplacement } | null = null,
  proposal: (ReplacementUnit & { name: string }) | null = null,
): Promise<Escalation | null> {
  return db.transaction(async (tx) => {
    const repo = tx.get(EscalationRepository);
    const o = await repo.lock(orderId);
    if (!o || o.ackedAt || o.state !== 'issued') return null;
    const replacementOrder = replacement ? await replacement.send(tx, { incidentId: o.incidentId, capability: o.capability }) : null;
    const replacementOrderId = replacementOrder?.message.orderId ?? null;
    await repo.markUnacknowledged(orderId, o, replacement ? { unitId: replacement.unit.unitId, orderId: replacementOrderId } : null);
    // the desk's alert, kept until it is dealt with (late ack, replacement, release, close, dismissal)
    const autoDispatched = replacement && replacementOrderId ? { unitId: replacement.unit.unitId, orderId: replacementOrderId } : null;
    await tx.get(AlertsRepository).raise({
      kind: 'unacknowledged',
      incidentId: o.incidentId,
      unitId: o.unitId,
      orderId,
      details: { proposal, autoDispatched },
    });
    return {
      orderId,
      unitId: o.unitId,
      incidentId: o.incidentId,
      capability: o.capability,
      cityAdcode: o.cityAdcode,
      countyAdcode: o.countyAdcode,
      replacementOrderId,
      replacementOrder,
    };
  });
}

/** Orders whose acknowledgement is overdue and not yet escalated (the record, not Redis, decides). */
export const overdueOrders = (db: Db, ackS: number) => db.get(EscalationRepository).overdue(ackS);

/** Orders still waiting for their acknowledgement, with how long is left (for rebuilding timers). */
export const pendingOrders = (db: Db, ackS: number) => db.get(EscalationRepository).pending(ackS);
