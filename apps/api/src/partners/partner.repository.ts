import type { LinkDirection, LinkState, MessageKind, PartnerKind } from '@gan119/interop';
import { Queryable } from '../infra/db/unit-of-work';

export type Partner = {
  id: string;
  kind: PartnerKind;
  name: string;
  cityAdcode: number | null;
  endpoint: string | null;
  secret: string;
  format: 'eido' | 'simple';
  maySend: MessageKind[];
  mayReceive: MessageKind[];
  perMinute: number;
  active: boolean;
};

export type PartnerLink = {
  id: number;
  incidentId: number;
  partnerId: string;
  partnerName: string;
  partnerKind: PartnerKind;
  direction: LinkDirection;
  requestKind: string | null;
  note: string | null;
  theirIncidentId: string | null;
  state: LinkState;
  theirUpdatedAt: string | null;
  unitsEnRoute: number;
  unitsOnScene: number;
  sentVersion: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};

const PARTNER = `SELECT id, kind, name, city_adcode AS "cityAdcode", endpoint, secret, format, may_send AS "maySend", may_receive AS "mayReceive",
                        per_minute AS "perMinute", active FROM partner_agency`;
const LINK = `SELECT l.id, l.incident_id AS "incidentId", l.partner_id AS "partnerId", p.name AS "partnerName", p.kind AS "partnerKind", l.direction,
                     l.request_kind AS "requestKind", l.note, l.their_incident_id AS "theirIncidentId", l.state, l.their_updated_at AS "theirUpdatedAt",
                     l.units_en_route AS "unitsEnRoute", l.units_on_scene AS "unitsOnScene", l.sent_version AS "sentVersion", l.created_by AS "createdBy",
                     l.created_at AS "createdAt", l.updated_at AS "updatedAt"
                FROM partner_link l JOIN partner_agency p ON p.id = l.partner_id`;

/** SQL for partner agencies, the incidents shared with them, their messages' idempotency and the exchange log. */
export class PartnerRepository {
  constructor(private readonly db: Queryable) {}

  async partner(id: string): Promise<Partner | null> {
    return ((await this.db.query(PARTNER + ' WHERE id = $1', [id])) as Partner[])[0] ?? null;
  }

  /** Partners of a kind for a place: the city's own first, then province-wide ones. */
  async forKind(kind: PartnerKind, cityAdcode: number | null): Promise<Partner[]> {
    return (await this.db.query(PARTNER + ' WHERE kind = $1 AND active AND (city_adcode = $2 OR city_adcode IS NULL) ORDER BY (city_adcode IS NULL), id', [
      kind,
      cityAdcode,
    ])) as Partner[];
  }

  /** The partners that take public alerts for a place (its city's and the province-wide ones). */
  async takingCap(cityAdcode: number | null): Promise<Partner[]> {
    return (await this.db.query(
      PARTNER + ` WHERE active AND endpoint IS NOT NULL AND 'cap' = ANY (may_receive) AND (city_adcode IS NULL OR city_adcode = $1) ORDER BY id`,
      [cityAdcode],
    )) as Partner[];
  }

  /** Every partner, without their keys (what the console lists). */
  async list(): Promise<Array<Omit<Partner, 'secret'> & { cityName: string | null; down: boolean; pending: number }>> {
    return (await this.db.query(
      `SELECT p.id, p.kind, p.name, p.city_adcode AS "cityAdcode", a.name AS "cityName", p.endpoint, p.format, p.may_send AS "maySend",
              p.may_receive AS "mayReceive", p.per_minute AS "perMinute", p.active, coalesce(p.down_until > now(), false) AS down,
              (SELECT count(*)::int FROM outbox o WHERE o.partner_id = p.id AND o.state = 'pending') AS pending
         FROM partner_agency p LEFT JOIN admin_area a ON a.adcode = p.city_adcode ORDER BY p.city_adcode NULLS LAST, p.kind, p.id`,
    )) as Array<Omit<Partner, 'secret'> & { cityName: string | null; down: boolean; pending: number }>;
  }

  async upsertPartner(p: Partner): Promise<void> {
    await this.db.query(
      `INSERT INTO partner_agency (id, kind, name, city_adcode, endpoint, secret, format, may_send, may_receive, per_minute, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO UPDATE SET kind = $2, name = $3, city_adcode = $4, endpoint = $5, secret = $6, format = $7, may_send = $8, may_receive = $9,
                                      per_minute = $10, active = $11`,
      [p.id, p.kind, p.name, p.cityAdcode, p.endpoint, p.secret, p.format, p.maySend, p.mayReceive, p.perMinute, p.active],
    );
  }

  async links(incidentId: number): Promise<PartnerLink[]> {
    return (await this.db.query(LINK + ' WHERE l.incident_id = $1 ORDER BY l.id', [incidentId])) as PartnerLink[];
  }

  async link(id: number, lock = false): Promise<PartnerLink | null> {
    return ((await this.db.query(LINK + ' WHERE l.id = $1' + (lock ? ' FOR UPDATE OF l' : ''), [id])) as PartnerLink[])[0] ?? null;
  }

  /** The link a partner's message is about: by their incident id, or by our incident (the latest link with that partner). */
  async linkFor(partnerId: string, theirIncidentId: string, ourIncidentId: number | null): Promise<PartnerLink | null> {
    const rows = (await this.db.query(
      LINK +
        ` WHERE l.partner_id = $1 AND (l.their_incident_id = $2 OR l.incident_id = $3)
          ORDER BY (l.their_incident_id = $2) DESC NULLS LAST, l.id DESC LIMIT 1 FOR UPDATE OF l`,
      [partnerId, theirIncidentId, ourIncidentId],
    )) as PartnerLink[];
    return rows[0] ?? null;
  }

  async insertLink(
    l: Pick<
      PartnerLink,
      'incidentId' | 'partnerId' | 'direction' | 'requestKind' | 'note' | 'theirIncidentId' | 'state' | 'theirUpdatedAt' | 'sentVersion' | 'createdBy'
    >,
  ): Promise<number> {
    const [{ id }] = (await this.db.query(
      `INSERT INTO partner_link (incident_id, partner_id, direction, request_kind, note, their_incident_id, state, their_updated_at, sent_version, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [l.incidentId, l.partnerId, l.direction, l.requestKind, l.note, l.theirIncidentId, l.state, l.theirUpdatedAt, l.sentVersion, l.createdBy],
    )) as [{ id: number }];
    return id;
  }

  async updateLink(
    id: number,
    set: { state?: LinkState; theirUpdatedAt?: string; theirIncidentId?: string; unitsEnRoute?: number; unitsOnScene?: number; sentVersion?: number },
  ): Promise<void> {
    await this.db.query(
      `UPDATE partner_link SET state = coalesce($2, state), their_updated_at = coalesce($3::timestamptz, their_updated_at),
              their_incident_id = coalesce(their_incident_id, $4), units_en_route = coalesce($5, units_en_route),
              units_on_scene = coalesce($6, units_on_scene), sent_version = greatest(sent_version, coalesce($7, sent_version)), updated_at = now()
        WHERE id = $1`,
      [
        id,
        set.state ?? null,
        set.theirUpdatedAt ?? null,
        set.theirIncidentId ?? null,
        set.unitsEnRoute ?? null,
        set.unitsOnScene ?? null,
        set.sentVersion ?? null,
      ],
    );
  }

  /** Links whose incident changed since it was last sent to the partner (and the partner takes updates): [link, the incident's version]. */
  async staleLinks(limit: number): Promise<Array<{ id: number; incidentId: number; partnerId: string; version: number; closed: boolean }>> {
    return (await this.db.query(
      `SELECT l.id, l.incident_id AS "incidentId", l.partner_id AS "partnerId", i.version, i.state = 'closed' AS closed
         FROM partner_link l JOIN incident i ON i.id = l.incident_id JOIN partner_agency p ON p.id = l.partner_id
        WHERE i.version > l.sent_version AND l.state NOT IN ('refused', 'cancelled', 'declined') AND 'update' = ANY (p.may_receive)
          AND p.endpoint IS NOT NULL AND p.active
        ORDER BY i.updated_at LIMIT $1`,
      [limit],
    )) as Array<{ id: number; incidentId: number; partnerId: string; version: number; closed: boolean }>;
  }

  /** A partner's message seen before (same idempotency key): the answer it got, to give again. */
  async inboxSeen(partnerId: string, key: string): Promise<{ status: number; response: unknown; bodySha256: string } | null> {
    const rows = (await this.db.query(
      'SELECT status, response, body_sha256 AS "bodySha256" FROM partner_inbox WHERE partner_id = $1 AND idempotency_key = $2',
      [partnerId, key],
    )) as Array<{ status: number; response: unknown; bodySha256: string }>;
    return rows[0] ?? null;
  }

  /** Records a message's answer under its key; false when another request with the key got there first. */
  async inboxRecord(partnerId: string, key: string, bodySha256: string, status: number, response: unknown): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO partner_inbox (partner_id, idempotency_key, body_sha256, status, response) VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT DO NOTHING RETURNING 1 AS ok`,
      [partnerId, key, bodySha256, status, JSON.stringify(response)],
    )) as unknown[];
    return rows.length === 1;
  }

  async inboxAnswer(partnerId: string, key: string, status: number, response: unknown): Promise<void> {
    await this.db.query('UPDATE partner_inbox SET status = $3, response = $4::jsonb WHERE partner_id = $1 AND idempotency_key = $2', [
      partnerId,
      key,
      status,
      JSON.stringify(response),
    ]);
  }

  /** The ids of the partners' notes already on an incident's timeline (a note sent again is not written twice). */
  async noteIds(incidentId: number): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT after ->> 'noteId' AS id FROM incident_event WHERE incident_id = $1 AND action = 'partner_note' AND after ? 'noteId'`,
      [incidentId],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** The exchange audit log: every message in or out, accepted or not. */
  async exchange(e: {
    partnerId: string | null;
    direction: 'in' | 'out';
    kind: string;
    key: string | null;
    incidentId: number | null;
    httpStatus: number | null;
    outcome: string;
    detail?: Record<string, unknown>;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO partner_exchange (partner_id, direction, kind, idempotency_key, incident_id, http_status, outcome, detail)
       VALUES ((SELECT id FROM partner_agency WHERE id = $1), $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [e.partnerId, e.direction, e.kind, e.key, e.incidentId, e.httpStatus, e.outcome, e.detail ? JSON.stringify(e.detail) : null],
    );
  }

  async exchanges(partnerId: string | null, limit: number): Promise<unknown[]> {
    return (await this.db.query(
      `SELECT id, at, partner_id AS "partnerId", direction, kind, idempotency_key AS "key", incident_id AS "incidentId", http_status AS "httpStatus", outcome, detail
         FROM partner_exchange WHERE ($1::text IS NULL OR partner_id = $1) ORDER BY id DESC LIMIT $2`,
      [partnerId, limit],
    )) as unknown[];
  }
}
