import type { CapContent, CapMsgType } from '@gan119/interop';
import { Queryable } from '../infra/db/unit-of-work';

export type CapAlertRow = {
  id: number;
  incidentId: number;
  identifier: string;
  msgType: CapMsgType;
  supersedes: number | null;
  state: 'draft' | 'published' | 'superseded' | 'discarded';
  content: CapContent;
  draftedBy: string;
  draftedAt: string;
  approvedBy: string | null;
  sentAt: string | null;
  sha256: string | null;
};

const SELECT = `SELECT id, incident_id AS "incidentId", identifier, msg_type AS "msgType", supersedes, state, content, drafted_by AS "draftedBy",
                       drafted_at AS "draftedAt", approved_by AS "approvedBy", sent_at AS "sentAt", sha256 FROM cap_alert`;

/** SQL for CAP public alerts: drafts, their approval and publication, the feed. */
export class CapRepository {
  constructor(private readonly db: Queryable) {}

  async byId(id: number, lock = false): Promise<CapAlertRow | null> {
    return ((await this.db.query(SELECT + ' WHERE id = $1' + (lock ? ' FOR UPDATE' : ''), [id])) as CapAlertRow[])[0] ?? null;
  }

  async forIncident(incidentId: number): Promise<CapAlertRow[]> {
    return (await this.db.query(SELECT + ' WHERE incident_id = $1 ORDER BY id', [incidentId])) as CapAlertRow[];
  }

  /** A new draft; null when the chain already has one waiting (one draft at a time). */
  async insertDraft(d: { incidentId: number; msgType: CapMsgType; supersedes: number | null; content: CapContent; by: string }): Promise<number | null> {
    const rows = (await this.db.query(
      `INSERT INTO cap_alert (incident_id, identifier, msg_type, supersedes, state, content, drafted_by)
       VALUES ($1::int, 'JX119-' || $1::int || '-' || (SELECT count(*) + 1 FROM cap_alert WHERE incident_id = $1::int), $2, $3, 'draft', $4::jsonb, $5)
       ON CONFLICT DO NOTHING RETURNING id`,
      [d.incidentId, d.msgType, d.supersedes, JSON.stringify(d.content), d.by],
    )) as Array<{ id: number }>;
    return rows[0]?.id ?? null;
  }

  async publish(id: number, approvedBy: string, sentAt: Date, xml: string, sha256: string): Promise<void> {
    await this.db.query(`UPDATE cap_alert SET state = 'published', approved_by = $2, sent_at = $3, xml = $4, sha256 = $5 WHERE id = $1 AND state = 'draft'`, [
      id,
      approvedBy,
      sentAt,
      xml,
      sha256,
    ]);
  }

  async setState(id: number, state: 'superseded' | 'discarded'): Promise<void> {
    await this.db.query('UPDATE cap_alert SET state = $2 WHERE id = $1', [id, state]);
  }

  /** A published message's CAP document and hash, by identifier (for the feed's links). */
  async document(identifier: string): Promise<{ xml: string; sha256: string; sentAt: string } | null> {
    const rows = (await this.db.query(
      `SELECT xml, sha256, sent_at AS "sentAt" FROM cap_alert WHERE identifier = $1 AND state IN ('published', 'superseded') AND xml IS NOT NULL`,
      [identifier],
    )) as Array<{ xml: string; sha256: string; sentAt: string }>;
    return rows[0] ?? null;
  }

  /** The feed: the latest message of each chain still in force (not expired), and cancellations of the last day, newest first. */
  async feed(limit: number): Promise<CapAlertRow[]> {
    return (await this.db.query(
      SELECT +
        ` WHERE state = 'published' AND (
              (msg_type <> 'Cancel' AND sent_at + ((content ->> 'expiresMin')::int * interval '1 minute') > now())
           OR (msg_type = 'Cancel' AND sent_at > now() - interval '1 day'))
          ORDER BY sent_at DESC LIMIT $1`,
      [limit],
    )) as CapAlertRow[];
  }

  /** County names for a counties area (only counties: a city or the province is refused by the caller). */
  async counties(adcodes: number[]): Promise<Array<{ adcode: number; name: string }>> {
    return (await this.db.query(`SELECT adcode, name FROM admin_area WHERE adcode = ANY($1::int[]) AND level = 'county' ORDER BY adcode`, [adcodes])) as Array<{
      adcode: number;
      name: string;
    }>;
  }
}
