import { EidoIncidentView } from '@gan119/interop';
import { createIncidentWithin, CreatedIncident } from '../dispatch/create-incident';
import { IncidentRepository } from '../dispatch/incident.repository';
import { Db } from '../infra/db/unit-of-work';

/**
 * An EIDO file taken as a new incident of ours (from a system without a live link, a neighbouring
 * province, an archive): type, level, location, address and callers as the EIDO has them, its notes on
 * the timeline, where it came from kept. It waits for dispatch like any new call: their status and
 * units are theirs, listed in the timeline, not ours.
 */
export async function importEido(db: Db, v: EidoIncidentView, by: string): Promise<CreatedIncident> {
  const loc = v.location as NonNullable<EidoIncidentView['location']>;
  return db.transaction(async (tx) => {
    const created = await createIncidentWithin(tx, {
      type: v.type,
      level: v.level,
      location: { lon: loc.lon, lat: loc.lat, crs: 'WGS84' },
      address: loc.address ?? undefined,
      callerNumber: v.callerNumbers[0],
      source: 'agency',
      by,
    });
    const events = tx.get(IncidentRepository);
    const id = created.incident.id;
    await events.event(id, by, 'eido_import', null, {
      eidoId: v.eidoId,
      agency: v.agency,
      status: v.status,
      units: v.units.map((u) => `${u.name} (${u.status})`),
    });
    for (const n of v.notes)
      await events.event(id, by, 'partner_note', null, { partnerId: null, partnerName: v.agency, noteId: n.id, text: n.text.slice(0, 2000), at: n.at });
    return created;
  });
}
