import type { IncidentSnapshot } from '@gan119/interop';
import { Queryable } from '../infra/db/unit-of-work';

type Head = Omit<IncidentSnapshot, 'callers' | 'units' | 'notes' | 'partners'> & { version: number; cityAdcode: number | null; countyAdcode: number | null };

/** Reads an incident whole, as the EIDO mapping wants it: the incident, callers, units on it, notes and party agencies. */
export class IncidentSnapshotRepository {
  constructor(private readonly db: Queryable) {}

  async snapshot(id: number): Promise<(IncidentSnapshot & { version: number; cityAdcode: number | null; countyAdcode: number | null }) | null> {
    const [head] = (await this.db.query(
      `SELECT i.id, i.type, i.level, i.state, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, i.address, c.name AS "cityName", k.name AS "countyName",
              i.city_adcode AS "cityAdcode", i.county_adcode AS "countyAdcode", i.version,
              to_json(i.reported_at) #>> '{}' AS "reportedAt", to_json(i.updated_at) #>> '{}' AS "updatedAt",
              coalesce((SELECT e.actor FROM incident_event e WHERE e.incident_id = i.id ORDER BY e.id LIMIT 1), 'api') AS "createdBy"
         FROM incident i LEFT JOIN admin_area c ON c.adcode = i.city_adcode LEFT JOIN admin_area k ON k.adcode = i.county_adcode
        WHERE i.id = $1`,
      [id],
    )) as Head[];
    if (!head) return null;
    // one after another: inside a transaction they share one connection
    const callers = (await this.db.query(
      `SELECT number, source, to_json(reported_at) #>> '{}' AS "reportedAt" FROM incident_caller WHERE incident_id = $1 ORDER BY id`,
      [id],
    )) as IncidentSnapshot['callers'];
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
    return {
      ...head,
      callers,
      units,
      notes,
      partners: partners.map((p) => (p.request ? p : { id: p.id, kind: p.kind, name: p.name })),
    };
  }
}
