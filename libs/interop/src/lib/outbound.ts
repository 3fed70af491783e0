import { incidentToEido, IncidentSnapshot } from './eido-export';
import { ourIncidentUrn } from './agencies';

export type OutboundKind = 'request' | 'update' | 'cancel';

/**
 * What we send a partner about a shared incident, in its format: the whole incident as an EIDO (a
 * request or a cancellation adds its note), or the simple JSON (docs/INTEROP.md) for a partner
 * without EIDO. Every message is the incident as it stands (less the partner's own notes): a partner
 * that missed one loses nothing.
 */
export function outboundPayload(
  format: 'eido' | 'simple',
  kind: OutboundKind,
  s: IncidentSnapshot,
  link: { id: number; partnerId: string; requestKind: string | null; note: string | null; theirIncidentId: string | null },
  now: string,
): { contentType: string; payload: string } {
  // what they told us is theirs: never sent back to them
  const own = { ...s, notes: s.notes.filter((n) => n.partnerId !== link.partnerId) };
  if (format === 'eido') {
    const doc = incidentToEido(own, now);
    if (kind === 'cancel') {
      const id = `${doc.$id}:cancel:${link.id}`;
      doc.notesComponent = [
        ...(doc.notesComponent ?? []),
        {
          $id: id,
          lastUpdateTimeStamp: now,
          updatedByAgencyReference: doc.updatedByAgencyReference,
          notesActionComments: `[cancel] ${link.requestKind ?? ''}`,
        },
      ];
    }
    return { contentType: 'application/json', payload: JSON.stringify(doc) };
  }
  return {
    contentType: 'application/json',
    payload: JSON.stringify({
      kind,
      ourIncidentId: s.id,
      ourIncidentUrn: ourIncidentUrn(s.id),
      theirIncidentId: link.theirIncidentId,
      request: link.requestKind ? { kind: link.requestKind, note: link.note ?? '', cancelled: kind === 'cancel' } : null,
      type: s.type,
      level: s.level,
      state: s.state,
      location: { lon: s.lon, lat: s.lat, crs: 'WGS84' },
      address: s.address,
      units: s.units.map((u) => ({ name: u.name, status: u.status, eta: u.etaAt })),
      updatedAt: s.updatedAt,
    }),
  };
}
