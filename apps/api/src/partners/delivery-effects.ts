import { applyPartnerReport, isPartnerStatus, LinkState } from '@gan119/interop';
import { IncidentRepository } from '../dispatch/incident.repository';
import { Db } from '../infra/db/unit-of-work';
import { LiveFeed } from '../live/live-feed';
import type { Answer } from './outbox-worker';
import type { ClaimedMessage } from './outbox.repository';
import { PartnerRepository } from './partner.repository';

/**
 * What a request's delivery means for its incident: delivered (their incident id and first status,
 * when the answer carries them) or refused for good — on the link, in the timeline, on the desk.
 * Updates and cancellations are in the exchange log only.
 */
export async function deliveryEffects(db: Db, live: LiveFeed, m: ClaimedMessage, outcome: 'delivered' | 'refused', answer: Answer): Promise<void> {
  if (m.kind !== 'request' || m.linkId === null || m.incidentId === null) return;
  const linkId = m.linkId;
  const incidentId = m.incidentId;
  await db.transaction(async (tx) => {
    const partners = tx.get(PartnerRepository);
    const link = await partners.link(linkId, true);
    if (!link) return;
    const events = tx.get(IncidentRepository);
    if (outcome === 'refused') {
      await partners.updateLink(linkId, { state: 'refused' });
      await events.event(
        incidentId,
        'outbox',
        'partner_refused',
        { state: link.state },
        { linkId, partnerId: link.partnerId, partnerName: link.partnerName, error: answer.error },
      );
      return;
    }
    const b = (answer.body && typeof answer.body === 'object' ? answer.body : {}) as Record<string, unknown>;
    const theirId = typeof b.theirIncidentId === 'string' && b.theirIncidentId.length <= 200 ? b.theirIncidentId : undefined;
    let state: LinkState = link.state === 'queued' ? 'delivered' : link.state;
    let theirUpdatedAt: string | undefined;
    if (isPartnerStatus(b.status) && typeof b.updatedAt === 'string' && Number.isFinite(Date.parse(b.updatedAt))) {
      const r = applyPartnerReport({ state, theirUpdatedAt: link.theirUpdatedAt }, { status: b.status, at: b.updatedAt });
      state = r.state;
      theirUpdatedAt = r.theirUpdatedAt;
    }
    await partners.updateLink(linkId, { state, theirIncidentId: theirId, theirUpdatedAt });
    await events.event(
      incidentId,
      'outbox',
      'partner_delivered',
      { state: link.state },
      { linkId, partnerId: link.partnerId, partnerName: link.partnerName, attempts: m.attempts, theirIncidentId: theirId ?? null, state },
    );
  });
  await live.partnerChanged(incidentId);
}
