import { isFinalLinkState, OutboundKind, outboundPayload, REQUEST_KINDS, RequestKind } from '@gan119/interop';
import { IncidentRepository } from '../dispatch/incident.repository';
import { conflict, DomainError, notFound } from '../common/errors';
import { Db, Tx } from '../infra/db/unit-of-work';
import { IncidentSnapshotRepository } from './incident-snapshot.repository';
import { OutboxRepository } from './outbox.repository';
import { Partner, PartnerLink, PartnerRepository } from './partner.repository';

/** Writes the incident as it stands to the partner's outbox (inside the caller's transaction) and marks the version sent. */
export async function enqueueFor(
  tx: Tx,
  p: Partner,
  link: Pick<PartnerLink, 'id' | 'requestKind' | 'note' | 'theirIncidentId' | 'incidentId'>,
  kind: OutboundKind,
): Promise<void> {
  const s = await tx.get(IncidentSnapshotRepository).snapshot(link.incidentId);
  if (!s) throw notFound(`incident ${link.incidentId}`);
  const { contentType, payload } = outboundPayload(p.format, kind, s, { ...link, partnerId: p.id }, new Date().toISOString());
  await tx.get(OutboxRepository).enqueue({ partnerId: p.id, linkId: link.id, incidentId: link.incidentId, kind, contentType, payload });
  await tx.get(PartnerRepository).updateLink(link.id, { sentVersion: s.version });
}

/**
 * A dispatcher asks another agency for help with an incident (120 ambulances, 122 traffic control …):
 * the partner of that kind for the incident's city (or the one named), a link, a timeline entry and
 * the message in the outbox, all in one transaction — delivered by the worker, never lost.
 */
export async function requestPartner(
  db: Db,
  r: { incidentId: number; kind: RequestKind; partnerId?: string; note: string; by: string },
): Promise<{ link: PartnerLink; partner: string }> {
  return db.transaction(async (tx) => {
    const incident = await tx.get(IncidentRepository).byId(r.incidentId, true);
    if (!incident) throw notFound(`incident ${r.incidentId}`);
    if (incident.state === 'closed') throw conflict('incident_closed', `incident ${r.incidentId} is closed`);
    const partners = tx.get(PartnerRepository);
    const want = REQUEST_KINDS[r.kind].partner;
    const p = r.partnerId ? await partners.partner(r.partnerId) : ((await partners.forKind(want, incident.cityAdcode))[0] ?? null);
    if (!p) {
      throw new DomainError(
        r.partnerId ? 'unknown_partner' : 'no_partner',
        r.partnerId ? `partner ${r.partnerId} not found` : `no ${want} partner is set up for ${incident.cityName ?? 'this city'} (nor province-wide)`,
        422,
        { kind: want, cityAdcode: incident.cityAdcode },
      );
    }
    if (!p.active || !p.endpoint || !p.mayReceive.includes('incident'))
      throw new DomainError('partner_cannot_receive', `${p.name} does not take requests from us (inactive, no endpoint or not allowed)`, 422);
    const open = (await partners.links(r.incidentId)).find((l) => l.partnerId === p.id && l.requestKind === r.kind && !isFinalLinkState(l.state));
    if (open) throw conflict('already_requested', `${p.name} was already asked for ${r.kind} on incident ${r.incidentId} (request ${open.id}, ${open.state})`);
    const id = await partners.insertLink({
      incidentId: r.incidentId,
      partnerId: p.id,
      direction: 'out',
      requestKind: r.kind,
      note: r.note,
      theirIncidentId: null,
      state: 'queued',
      theirUpdatedAt: null,
      sentVersion: 0,
      createdBy: r.by,
    });
    await tx
      .get(IncidentRepository)
      .event(r.incidentId, r.by, 'partner_request', null, { linkId: id, partnerId: p.id, partnerName: p.name, kind: r.kind, note: r.note });
    await enqueueFor(tx, p, { id, requestKind: r.kind, note: r.note, theirIncidentId: null, incidentId: r.incidentId }, 'request');
    const link = await partners.link(id);
    if (!link) throw new Error('the link vanished inside its own transaction');
    return { link, partner: p.name };
  });
}

/** Withdraws a request not yet answered for good: the partner is told (a cancellation in the outbox). */
export async function cancelRequest(db: Db, incidentId: number, linkId: number, by: string): Promise<PartnerLink> {
  return db.transaction(async (tx) => {
    const partners = tx.get(PartnerRepository);
    const link = await partners.link(linkId, true);
    if (!link || link.incidentId !== incidentId || link.direction !== 'out') throw notFound(`request ${linkId} of incident ${incidentId}`);
    if (isFinalLinkState(link.state)) throw conflict('request_final', `request ${linkId} is already ${link.state}`);
    const p = await partners.partner(link.partnerId);
    if (!p) throw notFound(`partner ${link.partnerId}`);
    await partners.updateLink(linkId, { state: 'cancelled' });
    await tx.get(IncidentRepository).event(incidentId, by, 'partner_cancel', { state: link.state }, { linkId, partnerId: p.id, partnerName: p.name });
    await enqueueFor(tx, p, link, 'cancel');
    return (await partners.link(linkId)) as PartnerLink;
  });
}
