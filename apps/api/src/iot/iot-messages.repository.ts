import type { IotMessage } from '@gan119/iot';
import type { Queryable } from '../infra/db/unit-of-work';

export type Via = 'http' | 'mqtt' | 'tcp';
/** A message as stored: its row id (the order of arrival) and what processing needs. */
export type StoredMessage = { row: string; messageId: string; deviceId: string; kind: IotMessage['kind'] };
export type MessageRow = StoredMessage & {
  platform: string;
  at: string | null;
  receivedAt: string;
  sensor: string | null;
  value: number | null;
  detail: Record<string, unknown> | null;
};

/**
 * One statement for a whole batch: the messages of registered devices stored once (per platform and
 * id); what needs no more than a flag on the device (fault, low battery, tamper) is applied here, and
 * those, tests, clearings and heartbeats are stored as processed. Answers the rows still to act on
 * (alarms, readings) and the device ids that are not registered.
 */
const INSERT = `
  WITH input AS (
    SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::float8[], $8::jsonb[])
      AS u(message_id, device_id, kind, at, sensor, value, detail)
  ), known AS (
    SELECT i.* FROM input i WHERE EXISTS (SELECT 1 FROM iot_device d WHERE d.id = i.device_id)
  ), ins AS (
    INSERT INTO iot_message (platform, message_id, device_id, kind, via, at, sensor, value, detail, processed_at)
    SELECT $1, message_id, device_id, kind, $9, at, sensor, value, detail, CASE WHEN kind IN ('alarm', 'reading') THEN NULL ELSE now() END FROM known
    ON CONFLICT (platform, message_id) DO NOTHING
    RETURNING id, message_id, device_id, kind, detail
  ), flags AS (
    UPDATE iot_device d SET battery_low = d.battery_low OR f.low, tampered = d.tampered OR f.tamper, fault = coalesce(f.fault, d.fault),
           trouble_since = coalesce(d.trouble_since, now())
      FROM (SELECT device_id, bool_or(kind = 'low_battery') AS low, bool_or(kind = 'tamper') AS tamper,
                   max(CASE WHEN kind = 'fault' THEN left(coalesce(detail->>'text', 'fault'), 200) END) AS fault
              FROM ins WHERE kind IN ('fault', 'low_battery', 'tamper') GROUP BY device_id) f
     WHERE d.id = f.device_id
    RETURNING 1
  ), back AS (
    -- a device the scan had taken for silent speaks again: online (the others' last-seen lives in Redis)
    UPDATE iot_device d SET state = 'online', offline_since = NULL, last_seen = now()
     WHERE d.id IN (SELECT DISTINCT device_id FROM known) AND d.state = 'offline'
    RETURNING 1
  )
  SELECT json_build_object(
    'act', (SELECT coalesce(json_agg(json_build_object('row', id::text, 'messageId', message_id, 'deviceId', device_id, 'kind', kind) ORDER BY id), '[]') FROM ins WHERE kind IN ('alarm', 'reading')),
    'stored', (SELECT count(*) FROM ins),
    'flagged', (SELECT count(*) FROM flags),
    'back', (SELECT count(*) FROM back),
    'unknown', (SELECT coalesce(json_agg(DISTINCT device_id), '[]') FROM input i WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.device_id = i.device_id))
  ) AS r`;

export type StoreResult = { act: StoredMessage[]; stored: number; unknown: string[] };

/** The message log: every accepted message once per platform and id, written before the platform is answered. */
export class IotMessagesRepository {
  constructor(private readonly db: Queryable) {}

  /** Stores the messages in one statement (see INSERT); those already stored (same platform and id) are skipped, those of unknown devices refused. */
  async store(platform: string, via: Via, ms: IotMessage[]): Promise<StoreResult> {
    if (!ms.length) return { act: [], stored: 0, unknown: [] };
    const [{ r }] = (await this.db.query(INSERT, [
      platform,
      ms.map((m) => m.messageId),
      ms.map((m) => m.deviceId),
      ms.map((m) => m.kind),
      ms.map((m) => m.at),
      ms.map((m) => m.sensor),
      ms.map((m) => m.value),
      ms.map((m) => (m.detail ? JSON.stringify(m.detail) : null)),
      via,
    ])) as Array<{ r: StoreResult }>;
    return { act: r.act, stored: Number(r.stored), unknown: r.unknown };
  }

  /** The message, locked, when it still waits for processing (null once processed: processing happens once). */
  async lockUnprocessed(row: string): Promise<MessageRow | null> {
    const rows = (await this.db.query(
      `SELECT id::text AS "row", platform, message_id AS "messageId", device_id AS "deviceId", kind, at, received_at AS "receivedAt", sensor, value, detail
         FROM iot_message WHERE id = $1 AND processed_at IS NULL FOR UPDATE`,
      [row],
    )) as MessageRow[];
    return rows[0] ?? null;
  }

  async markProcessed(row: string): Promise<void> {
    await this.db.query('UPDATE iot_message SET processed_at = now() WHERE id = $1', [row]);
  }

  /** Messages accepted but not acted on for `olderThanS` (their process died between commit and processing). */
  async unprocessed(olderThanS: number, limit: number): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT id::text AS "row" FROM iot_message WHERE processed_at IS NULL AND kind <> 'heartbeat' AND received_at < now() - make_interval(secs => $1) ORDER BY id LIMIT $2`,
      [olderThanS, limit],
    )) as Array<{ row: string }>;
    return rows.map((r) => r.row);
  }

  /**
   * Every device heard since the watermark gets its last-seen, in one statement for the batch — but
   * only when it moved on by half its heartbeat interval (at most 5 min) or the device was offline:
   * a device heartbeating every minute is written a few times an hour, not at every heartbeat, so the
   * flush stays small and does not hold rows the intake wants. Answers the new watermark and how many
   * devices were written.
   */
  async flushLastSeen(after: string): Promise<{ upTo: string; devices: number }> {
    const [r] = (await this.db.query(
      `WITH m AS (SELECT id, device_id, received_at FROM iot_message WHERE id > $1 ORDER BY id LIMIT 200000),
            seen AS (SELECT device_id, max(received_at) AS t FROM m GROUP BY device_id),
            u AS (UPDATE iot_device d SET last_seen = seen.t, state = 'online', offline_since = NULL
                    FROM seen WHERE d.id = seen.device_id
                     AND (d.state = 'offline' OR d.last_seen < seen.t - make_interval(secs => least(300, d.heartbeat_s / 2)))
                  RETURNING d.id)
       SELECT coalesce((SELECT max(id) FROM m), $1)::text AS "upTo", (SELECT count(*) FROM u)::int AS devices`,
      [after],
    )) as Array<{ upTo: string; devices: number }>;
    return r;
  }

  /** The highest row stored (where a fresh process starts its last-seen watermark, a little back). */
  async lastRow(): Promise<string> {
    const [r] = (await this.db.query('SELECT coalesce(max(id), 0)::text AS "row" FROM iot_message')) as Array<{ row: string }>;
    return r.row;
  }

  /** Counts for tests and the bench: messages stored by platform (and how many distinct ids). */
  async count(platform?: string): Promise<{ rows: number; distinct: number }> {
    const [r] = (await this.db.query(
      `SELECT count(*)::int AS rows, count(DISTINCT (platform, message_id))::int AS "distinct" FROM iot_message WHERE $1::text IS NULL OR platform = $1`,
      [platform ?? null],
    )) as Array<{ rows: number; distinct: number }>;
    return r;
  }

  async deviceHistory(deviceId: string, limit = 20): Promise<Array<{ kind: string; at: string | null; receivedAt: string; via: string }>> {
    return (await this.db.query(
      `SELECT kind, at, received_at AS "receivedAt", via FROM iot_message WHERE device_id = $1 AND kind <> 'heartbeat' ORDER BY received_at DESC LIMIT $2`,
      [deviceId, limit],
    )) as Array<{ kind: string; at: string | null; receivedAt: string; via: string }>;
  }
}
