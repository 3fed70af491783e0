import { Queryable } from '../infra/db/unit-of-work';

export type OutboxKind = 'request' | 'update' | 'cancel' | 'cap';

/** A message as the incident's panel shows it: where its delivery stands. */
export type OutboxMessageState = {
  id: string;
  linkId: number;
  kind: OutboxKind;
  state: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
};

/** A message claimed for delivery, with where it goes and the key to sign it with. */
export type ClaimedMessage = {
  id: string;
  partnerId: string;
  linkId: number | null;
  incidentId: number | null;
  kind: OutboxKind;
  idempotencyKey: string;
  contentType: string;
  payload: string;
  attempts: number;
  createdAt: string;
  endpoint: string;
  secret: string;
  /** the partner had failed before this claim (a success brings its queue due) */
  partnerFailing: boolean;
  /** its failures in a row before this claim (how long the next pause is) */
  failStreak: number;
};

/**
 * SQL for the outbox: a message is written in the transaction that makes the change it announces (so
 * it exists exactly when the change does), claimed with a lease (a worker killed mid-delivery leaves a
 * lease that runs out, and the message goes again under the same idempotency key), and kept in order
 * per shared incident. A partner that fails is paused for a while and probed with its oldest message
 * alone; the first success brings every message of its queue due at once.
 */
export class OutboxRepository {
  constructor(private readonly db: Queryable) {}

  async enqueue(m: { partnerId: string; linkId: number | null; incidentId: number | null; kind: OutboxKind; contentType: string; payload: string }): Promise<{
    id: string;
    idempotencyKey: string;
  }> {
    const [row] = (await this.db.query(
      `INSERT INTO outbox (partner_id, link_id, incident_id, kind, content_type, payload) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, idempotency_key AS "idempotencyKey"`,
      [m.partnerId, m.linkId, m.incidentId, m.kind, m.contentType, m.payload],
    )) as [{ id: string; idempotencyKey: string }];
    return row;
  }

  /** Takes up to `limit` due messages for `leaseMs`: in id order, one at a time per shared incident, a failing partner's oldest only. */
  async claim(limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
    return (await this.db.query(
      `WITH due AS (
         SELECT o.id FROM outbox o JOIN partner_agency p ON p.id = o.partner_id
          WHERE o.state = 'pending' AND o.next_attempt_at <= now() AND (o.leased_until IS NULL OR o.leased_until < now())
            AND p.active AND p.endpoint IS NOT NULL AND (p.down_until IS NULL OR p.down_until <= now())
            AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.state = 'pending' AND e.link_id = o.link_id AND e.id < o.id)
            AND (p.fail_streak = 0 OR o.id = (SELECT min(m.id) FROM outbox m WHERE m.partner_id = o.partner_id AND m.state = 'pending'))
          ORDER BY o.id LIMIT $1 FOR UPDATE OF o SKIP LOCKED)
       , claimed AS (UPDATE outbox o SET leased_until = now() + $2 * interval '1 millisecond', attempts = o.attempts + 1 FROM due WHERE o.id = due.id RETURNING o.*)
       -- (an UPDATE's RETURNING comes back from TypeORM as [rows, count]: read through a CTE)
       SELECT c.id, c.partner_id AS "partnerId", c.link_id AS "linkId", c.incident_id AS "incidentId", c.kind, c.idempotency_key AS "idempotencyKey",
              c.content_type AS "contentType", c.payload, c.attempts, c.created_at AS "createdAt", p.endpoint, p.secret,
              (p.fail_streak > 0 OR p.down_until IS NOT NULL) AS "partnerFailing", p.fail_streak AS "failStreak"
         FROM claimed c JOIN partner_agency p ON p.id = c.partner_id ORDER BY c.id`,
      [limit, leaseMs],
    )) as ClaimedMessage[];
  }

  /**
   * Delivered: the message is done (and logged). A partner that was failing is up again: its waiting
   * messages are due now (a second statement, only then).
   */
  async delivered(m: Pick<ClaimedMessage, 'id' | 'partnerId' | 'partnerFailing'>, httpStatus: number, response: unknown): Promise<void> {
    await this.db.query(
      `WITH m AS (UPDATE outbox SET state = 'delivered', delivered_at = clock_timestamp(), leased_until = NULL, last_status = $2, last_error = NULL,
                         response = $3::jsonb WHERE id = $1 AND state = 'pending' RETURNING id, partner_id, kind, idempotency_key, incident_id, attempts)
       INSERT INTO partner_exchange (partner_id, direction, kind, idempotency_key, incident_id, http_status, outcome, detail)
       SELECT partner_id, 'out', kind, idempotency_key::text, incident_id, $2, 'delivered', json_build_object('attempts', attempts) FROM m`,
      [m.id, httpStatus, response === undefined ? null : JSON.stringify(response)],
    );
    if (!m.partnerFailing) return;
    await this.db.query(
      `WITH p AS (UPDATE partner_agency SET fail_streak = 0, down_until = NULL WHERE id = $1 AND (fail_streak > 0 OR down_until IS NOT NULL) RETURNING id)
       UPDATE outbox SET next_attempt_at = now() WHERE partner_id IN (SELECT id FROM p) AND state = 'pending' AND next_attempt_at > now()`,
      [m.partnerId],
    );
  }

  /** Not delivered this time: tried again after `delayMs`, the partner paused as long (a run of failures lengthens it). */
  async failed(id: string, partnerId: string, httpStatus: number | null, error: string, delayMs: number): Promise<void> {
    await this.db.query(
      `WITH m AS (UPDATE outbox SET leased_until = NULL, next_attempt_at = now() + $4 * interval '1 millisecond', last_status = $2, last_error = $3
                   WHERE id = $1 AND state = 'pending' RETURNING partner_id, kind, idempotency_key, incident_id, attempts)
       INSERT INTO partner_exchange (partner_id, direction, kind, idempotency_key, incident_id, http_status, outcome, detail)
       SELECT partner_id, 'out', kind, idempotency_key::text, incident_id, $2, 'retry', json_build_object('attempts', attempts, 'error', $3::text) FROM m`,
      [id, httpStatus, error.slice(0, 500), delayMs],
    );
    await this.db.query(`UPDATE partner_agency SET fail_streak = fail_streak + 1, down_until = now() + $2 * interval '1 millisecond' WHERE id = $1`, [
      partnerId,
      delayMs,
    ]);
  }

  /** Refused by the partner (it read the message and said no): never sent again. */
  async refused(id: string, httpStatus: number, error: string): Promise<void> {
    await this.db.query(
      `WITH m AS (UPDATE outbox SET state = 'refused', leased_until = NULL, last_status = $2, last_error = $3 WHERE id = $1 AND state = 'pending'
                   RETURNING partner_id, kind, idempotency_key, incident_id, attempts)
       INSERT INTO partner_exchange (partner_id, direction, kind, idempotency_key, incident_id, http_status, outcome, detail)
       SELECT partner_id, 'out', kind, idempotency_key::text, incident_id, $2, 'refused', json_build_object('attempts', attempts, 'error', $3::text) FROM m`,
      [id, httpStatus, error.slice(0, 500)],
    );
  }

  /** The messages of a link, oldest first (their delivery state for the incident's panel). */
  async forLinks(linkIds: number[]): Promise<OutboxMessageState[]> {
    if (!linkIds.length) return [];
    return (await this.db.query(
      `SELECT id, link_id AS "linkId", kind, state, attempts, last_status AS "lastStatus", last_error AS "lastError", created_at AS "createdAt", delivered_at AS "deliveredAt"
         FROM outbox WHERE link_id = ANY($1::int[]) ORDER BY id`,
      [linkIds],
    )) as OutboxMessageState[];
  }

  async counts(): Promise<{ pending: number; delivered: number; refused: number }> {
    const [r] = (await this.db.query(
      `SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending, count(*) FILTER (WHERE state = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE state = 'refused')::int AS refused FROM outbox`,
    )) as [{ pending: number; delivered: number; refused: number }];
    return r;
  }
}
