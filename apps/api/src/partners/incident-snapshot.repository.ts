import type { IncidentSnapshot } from '@gan119/interop';
import { Queryable } from '../infra/db/unit-of-work';
import { IncidentRepository } from '../dispatch/incident.repository';

/** A time as EIDO writes it (pg hands timestamps over as Date objects). */
const iso = (t: string | Date) => new Date(t).toISOString();

/** Reads an incident whole, as the EIDO mapping wants it: the incident and its callers (as the incident record reads them), the units on it, notes and party agencies. */
export class IncidentSnapshotRepository {
  constructor(private readonly db: Queryable) {}

  async snapshot(id: number): Promise<(IncidentSnapshot & { version: number; cityAdcode: number | null; countyAdcode: number | null }) | null> {
    const incidents = new IncidentRepository(this.db);
    const i = await incidents.byId(id);
    if (!i) return null;
    // one after another: inside a transaction they share one connection
    const [{ createdBy }] = (await this.db.query(
      `SELECT coalesce((SELECT actor FROM incident_event WHERE incident_id = $1 ORDER BY id LIMIT 1), 'api') AS "createdBy"`,
      [id],
    )) as [{ createdBy: string }];
    const callers = (await incidents.callers(id)).map((c) => ({ number: c.number, source: c.source, reportedAt: iso(c.reportedAt) }));
    const units = (await this.db.query(
      `SELECT u.id AS "unitId", u.name, u.kind, u.status, to_json(a.assigned_at) #>> '{}' AS "assignedAt",
                CASE WHEN a.eta_s IS NOT NULL AND u.status IN ('dispatched', 'en_route') THEN to_json(a.assigned_at + a.eta_s * interval '1 second') #>> '{}' END AS "etaAt"
           FROM assignment a JOIN unit u ON u.id = a.unit_id WHERE a.incident_id = $1 AND a.status = 'active' ORDER BY a.id`,
      [id],
    )) as IncidentSnapshot['units'];
    const notes = (await this.db.query(
      `SELECT e.id::text AS id, to_json(e.at) #>> '{}' AS at, e.actor AS by, e.after ->> 'text' AS text, e.after ->> 'partnerId' AS "partnerId"
           FROM incident_event e WHERE e.incident_id = $1 AND e.action = 'partner_note' AND e.after ? 'text' ORDER BY e.id`,
      [id],
    )) as IncidentSnapshot['notes'];
    const partners = (await this.db.query(
      `SELECT p.id, p.kind, p.name,
                CASE WHEN l.direction = 'out' THEN json_build_object('id', l.id, 'kind', l.request_kind, 'note', coalesce(l.note, ''), 'at', to_json(l.created_at) #>> '{}') END AS request
           FROM partner_link l JOIN partner_agency p ON p.id = l.partner_id WHERE l.incident_id = $1 ORDER BY l.id`,
      [id],
    )) as Array<IncidentSnapshot['partners'][number] & { request: IncidentSnapshot['partners'][number]['request'] | null }>;
    const { type, level, state, lon, lat, address, cityName, countyName, cityAdcode, countyAdcode, version } = i;
    return {
      id,
      type,
      level,
      state,
      lon,
      lat,
      address,
      cityName,
      countyName,
      cityAdcode,
      countyAdcode,
      version,
      reportedAt: iso(i.reportedAt),
      updatedAt: iso(i.updatedAt),
      createdBy,
      callers,
      units,
      notes,
      partners: partners.map((p) => (p.request ? p : { id: p.id, kind: p.kind, name: p.name })),
    };
  }
}
