import { createHash } from 'crypto';
import { CapContent, capReference, capXml, CapMsgType, ourIncidentUrn } from '@gan119/interop';
import { IncidentRepository } from '../dispatch/incident.repository';
import { conflict, DomainError, notFound } from '../common/errors';
import { Db, Tx } from '../infra/db/unit-of-work';
import { OutboxRepository } from '../partners/outbox.repository';
import { PartnerRepository } from '../partners/partner.repository';
import { CapAlertRow, CapRepository } from './cap.repository';

/** Fills a counties area with the counties' names (refusing codes that are not Jiangxi counties). */
async function withCountyNames(tx: Tx, c: CapContent): Promise<CapContent> {
  if (c.area.kind !== 'counties') return c;
  const wanted = c.area.counties.map((k) => k.adcode);
  const found = await tx.get(CapRepository).counties(wanted);
  const missing = wanted.filter((a) => !found.some((f) => f.adcode === a));
  if (missing.length)
    throw new DomainError('bad_area', `area.counties: ${missing.join(', ')} ${missing.length > 1 ? 'are not' : 'is not'} a county of Jiangxi`, 400);
  return { ...c, area: { kind: 'counties', counties: found } };
}

/**
 * A commander drafts a public alert for an incident: a new alert, or an update or cancellation of
 * a published one (which it will supersede). One draft at a time per alert; it waits for a second
 * commander's approval before anything is published.
 */
export async function draftCapAlert(
  db: Db,
  d: { incidentId: number; msgType: CapMsgType; supersedes: number | null; content: CapContent; by: string },
): Promise<CapAlertRow> {
  return db.transaction(async (tx) => {
    const incident = await tx.get(IncidentRepository).byId(d.incidentId, true);
    if (!incident) throw notFound(`incident ${d.incidentId}`);
    const caps = tx.get(CapRepository);
    let content = await withCountyNames(tx, d.content);
    if (d.msgType === 'Alert') {
      if (d.supersedes !== null) throw new DomainError('cap_supersedes', 'a new alert supersedes nothing: send msgType Update or Cancel with supersedes', 400);
      if (incident.state === 'closed') throw conflict('incident_closed', `incident ${d.incidentId} is closed: no new alert`);
    } else {
      const prior = d.supersedes === null ? null : await caps.byId(d.supersedes);
      if (!prior || prior.incidentId !== d.incidentId)
        throw new DomainError('cap_supersedes', `${d.msgType} needs supersedes: a published alert of incident ${d.incidentId}`, 400);
      if (prior.state !== 'published' || prior.msgType === 'Cancel')
        throw conflict(
          'cap_not_in_force',
          `alert ${prior.identifier} is ${prior.msgType === 'Cancel' ? 'a cancellation' : prior.state}: nothing to ${d.msgType.toLowerCase()}`,
        );
      // a cancellation says what it cancels, over the same area
      if (d.msgType === 'Cancel')
        content = { ...prior.content, headline: content.headline, description: content.description, instruction: content.instruction };
    }
    const id = await caps.insertDraft({ ...d, content });
    if (id === null) throw conflict('cap_draft_waiting', 'a draft of this alert is already waiting for approval: approve or discard it first');
    await tx.get(IncidentRepository).event(d.incidentId, d.by, 'cap_drafted', null, { capId: id, msgType: d.msgType, headline: content.headline });
    return (await caps.byId(id)) as CapAlertRow;
  });
}

/**
 * Four eyes: a second commander (never the drafter) approves; the alert is published as a CAP 1.2
 * message (its SHA-256 kept and shown in the feed), supersedes what it updates or cancels, and goes to
 * the partners that take public alerts (emergency management, meteorology …) through the outbox.
 */
export async function approveCapAlert(db: Db, id: number, approver: string, now = Date.now()): Promise<CapAlertRow> {
  return db.transaction(async (tx) => {
    const caps = tx.get(CapRepository);
    const a = await caps.byId(id, true);
    if (!a) throw notFound(`alert ${id}`);
    if (a.state !== 'draft') throw conflict('cap_not_draft', `alert ${a.identifier} is ${a.state}, not a draft`);
    if (a.draftedBy === approver)
      throw new DomainError('four_eyes', `alert ${a.identifier} was drafted by ${approver}: another commander must approve it`, 403);
    const incident = await tx.get(IncidentRepository).byId(a.incidentId);
    if (!incident) throw notFound(`incident ${a.incidentId}`);
    const prior = a.supersedes === null ? null : await caps.byId(a.supersedes, true);
    if (prior && prior.state !== 'published') throw conflict('cap_not_in_force', `alert ${prior.identifier} is no longer in force`);
    const references = prior?.sentAt ? [capReference(prior.identifier, Date.parse(prior.sentAt))] : [];
    const xml = capXml({
      identifier: a.identifier,
      sentMs: now,
      msgType: a.msgType,
      references,
      incidentRef: ourIncidentUrn(a.incidentId),
      incidentType: incident.type,
      content: a.content,
    });
    const sha256 = createHash('sha256').update(xml, 'utf8').digest('hex');
    await caps.publish(id, approver, new Date(now - (now % 1000)), xml, sha256);
    if (prior) await caps.setState(prior.id, 'superseded');
    for (const p of await tx.get(PartnerRepository).takingCap(incident.cityAdcode))
      await tx
        .get(OutboxRepository)
        .enqueue({ partnerId: p.id, linkId: null, incidentId: a.incidentId, kind: 'cap', contentType: 'application/cap+xml', payload: xml });
    await tx.get(IncidentRepository).event(a.incidentId, approver, 'cap_published', null, { capId: id, identifier: a.identifier, msgType: a.msgType, sha256 });
    return (await caps.byId(id)) as CapAlertRow;
  });
}

/** A draft not to be published (by anyone with the role: a wrong draft must not block the next). */
export async function discardCapAlert(db: Db, id: number, by: string): Promise<CapAlertRow> {
  return db.transaction(async (tx) => {
    const caps = tx.get(CapRepository);
    const a = await caps.byId(id, true);
    if (!a) throw notFound(`alert ${id}`);
    if (a.state !== 'draft') throw conflict('cap_not_draft', `alert ${a.identifier} is ${a.state}, not a draft`);
    await caps.setState(id, 'discarded');
    await tx.get(IncidentRepository).event(a.incidentId, by, 'cap_discarded', null, { capId: id });
    return (await caps.byId(id)) as CapAlertRow;
  });
}
