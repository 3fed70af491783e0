import { applyPartnerReport, InboundMessage, LinkState, ourIncidentUrn } from '@gan119/interop';
import { createIncidentWithin } from '../dispatch/create-incident';
import { IncidentRepository } from '../dispatch/incident.repository';
import { DomainError } from '../common/errors';
import { Db, Tx } from '../infra/db/unit-of-work';
import { Partner, PartnerRepository } from './partner.repository';

/** Our acknowledgement of a partner's message (given again, word for word, for a retry under the same key). */
export type PartnerAck = {
  ack: 'received';
  ourIncidentId: number;
  ourIncidentUrn: string;
  linkId: number;
  /** a transfer that joined an open incident of ours about the same place */
  merged: boolean;
  /** an update older than the last one applied: kept out (the last-writer rule) */
  stale: boolean;
  state: LinkState;
};

export type Received = {
  status: 200 | 201;
  ack: PartnerAck;
  /** replayed: the same message (key and body) was received before */
  replayed: boolean;
  /** what the consoles should hear: a new incident, or a change on an existing one */
  created: { id: number; type: string; level: number; source: string; address: string | null; cityAdcode: number | null; countyAdcode: number | null } | null;
};

const sourceOf = (p: Partner) => (p.kind === '110' ? '110' : 'agency');

async function addNotes(tx: Tx, incidentId: number, p: Partner, notes: InboundMessage['notes']): Promise<void> {
  const repo = tx.get(IncidentRepository);
  const known = new Set(await tx.get(PartnerRepository).noteIds(incidentId));
  for (const n of notes) {
    if (known.has(n.id)) continue;
    await repo.event(incidentId, `partner:${p.id}`, 'partner_note', null, {
      partnerId: p.id,
      partnerName: p.name,
      noteId: n.id,
      text: n.text.slice(0, 2000),
      at: n.at,
    });
  }
}

/** A new incident from a partner (转警): joins an open incident of ours about the same place, or lands on the city's desk as a call from that agency. */
async function transfer(tx: Tx, p: Partner, m: InboundMessage): Promise<Omit<Received, 'replayed' | 'status'>> {
  const i = m.incident;
  if (!i) throw new DomainError('incident_required', 'this is not an incident we know: a transfer needs the incident type and a location with a point', 422);
  if (!p.maySend.includes('incident')) throw new DomainError('partner_forbidden', `partner ${p.id} may not transfer incidents to us`, 403);
  const links = tx.get(PartnerRepository);
  const incidents = tx.get(IncidentRepository);
  const by = `partner:${p.id}`;
  const created = await createIncidentWithin(tx, {
    type: i.type,
    level: i.level,
    location: { lon: i.lon, lat: i.lat, crs: i.crs },
    address: i.address ?? undefined,
    callerNumber: i.callerNumber ?? undefined,
    source: sourceOf(p),
    by,
  });
  let incident = created.incident;
  let merged = false;
  const into = created.duplicates[0];
  if (into) {
    // the same place, an open incident of ours: their call joins it (callers and timeline move over, the new record closes as merged)
    await incidents.event(incident.id, by, 'merged', null, { into: into.id });
    await incidents.moveCallersAndTimeline(incident.id, into.id);
    await incidents.update(incident.id, { state: 'closed', mergedInto: into.id });
    const target = await incidents.byId(into.id, true);
    if (!target) throw new Error('the duplicate vanished inside its own transaction');
    incident = target;
    merged = true;
  }
  await incidents.event(incident.id, by, 'partner_transfer', null, {
    partnerId: p.id,
    partnerName: p.name,
    partnerKind: p.kind,
    theirIncidentId: m.theirIncidentId,
    typeText: i.typeText,
    merged,
  });
  await addNotes(tx, incident.id, p, m.notes);
  const linkId = await links.insertLink({
    incidentId: incident.id,
    partnerId: p.id,
    direction: 'in',
    requestKind: null,
    note: null,
    theirIncidentId: m.theirIncidentId,
    state: 'acknowledged',
    theirUpdatedAt: m.at,
    // the incident as it stands now is what they told us: not sent back to them
    sentVersion: (await incidents.byId(incident.id))?.version ?? incident.version,
    createdBy: by,
  });
  const ack: PartnerAck = {
    ack: 'received',
    ourIncidentId: incident.id,
    ourIncidentUrn: ourIncidentUrn(incident.id),
    linkId,
    merged,
    stale: false,
    state: 'acknowledged',
  };
  const { id, type, level, address, cityAdcode, countyAdcode } = incident;
  return { ack, created: merged ? null : { id, type, level, source: sourceOf(p), address, cityAdcode, countyAdcode } };
}

/**
 * Takes a partner's message once: a retry under the same idempotency key gets the first answer again
 * (a different body under a used key is refused); a message about a shared incident updates the
 * link by the last-writer rule (their side only: our incident is never overwritten, and nothing they
 * told us is sent back to them); anything else is a transfer. Recorded in the exchange log.
 */
export async function receivePartnerMessage(db: Db, p: Partner, key: string, bodySha256: string, m: InboundMessage): Promise<Received> {
  const seen = await db.get(PartnerRepository).inboxSeen(p.id, key);
  if (seen) return replay(seen, bodySha256);
  try {
    return await db.transaction(async (tx) => {
      const links = tx.get(PartnerRepository);
      // the key is taken first: a concurrent retry waits here, then finds it taken and replays the answer
      if (!(await links.inboxRecord(p.id, key, bodySha256, 0, {}))) throw new KeyTaken();
      const link = await links.linkFor(p.id, m.theirIncidentId, m.ourIncidentId);
      let out: Omit<Received, 'replayed' | 'status'>;
      let status: 200 | 201 = 200;
      if (link) {
        if (!p.maySend.includes('update')) throw new DomainError('partner_forbidden', `partner ${p.id} may not send us updates`, 403);
        const r = applyPartnerReport(link, { status: m.status, at: m.at });
        if (!r.stale) {
          await links.updateLink(link.id, {
            state: r.state,
            theirUpdatedAt: r.theirUpdatedAt,
            theirIncidentId: m.theirIncidentId,
            unitsEnRoute: m.unitsEnRoute,
            unitsOnScene: m.unitsOnScene,
          });
          await addNotes(tx, link.incidentId, p, m.notes);
          if (r.changed)
            await tx
              .get(IncidentRepository)
              .event(
                link.incidentId,
                `partner:${p.id}`,
                'partner_status',
                { state: link.state },
                { partnerId: p.id, partnerName: p.name, state: r.state, unitsEnRoute: m.unitsEnRoute, unitsOnScene: m.unitsOnScene },
              );
        }
        out = {
          ack: {
            ack: 'received',
            ourIncidentId: link.incidentId,
            ourIncidentUrn: ourIncidentUrn(link.incidentId),
            linkId: link.id,
            merged: false,
            stale: r.stale,
            state: r.state,
          },
          created: null,
        };
      } else if (m.ourIncidentId !== null) {
        // they may read and update only what was shared with them
        throw new DomainError('unknown_incident', `incident ${m.ourIncidentId} was not shared with ${p.id}`, 404);
      } else {
        out = await transfer(tx, p, m);
        status = 201;
      }
      await links.inboxAnswer(p.id, key, status, out.ack);
      await links.exchange({
        partnerId: p.id,
        direction: 'in',
        kind: link ? 'update' : 'incident',
        key,
        incidentId: out.ack.ourIncidentId,
        httpStatus: status,
        outcome: out.ack.stale ? 'stale' : out.ack.merged ? 'merged' : 'accepted',
      });
      return { status, ack: out.ack, replayed: false, created: out.created };
    });
  } catch (e) {
    if (!(e instanceof KeyTaken)) throw e;
    const again = await db.get(PartnerRepository).inboxSeen(p.id, key);
    if (!again) throw new DomainError('retry_later', 'the same message is being taken right now: try again', 409);
    return replay(again, bodySha256);
  }
}

class KeyTaken extends Error {}

function replay(seen: { status: number; response: unknown; bodySha256: string }, bodySha256: string): Received {
  if (seen.bodySha256 !== bodySha256)
    throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was used for a different message: use a new key for a new message', 422);
  return { status: seen.status as 200 | 201, ack: seen.response as PartnerAck, replayed: true, created: null };
}
