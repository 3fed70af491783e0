import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'crypto';
import { DEFAULT_VERIFY_RULES, IotMessage, VerifyRules } from '@gan119/iot';
import { TokenBucket } from '../accounts/rate-limit';
import { DomainError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Db } from '../infra/db/unit-of-work';
import { LiveFeed } from '../live/live-feed';
import { IotAlarmsRepository } from './iot-alarms.repository';
import { IotMessagesRepository, Via } from './iot-messages.repository';
import { IotPlatformsRepository } from './iot-platforms.repository';
import { Processed, processMessage } from './process-message';
import { LastSeen } from './last-seen';

export type Rejected = { messageId: string | null; index?: number; error: string };
export type IngestResult = { accepted: number; duplicates: number; rejected: Rejected[] };

export const keyHash = (key: string) => createHash('sha256').update(key).digest('hex');
const KEY_CACHE_MS = 60_000;
/** in-process processing at once; the rest waits its turn (and the worker's sweep catches up after a crash) */
const CONCURRENCY = 4;

/**
 * The one pipeline behind every way in (HTTP push, MQTT, GB/T 26875.3): unknown devices and floods are
 * refused per message, the rest stored in one statement (once per platform and message id) before the
 * sender is answered; alarms, faults and readings are then acted on (processMessage), each once.
 */
@Injectable()
export class IotIngest {
  private readonly log = new Logger('IotIngest');
  private readonly keys = new Map<string, { platform: string | null; at: number }>();
  private readonly platformBuckets = new Map<string, TokenBucket>();
  private readonly deviceBuckets = new Map<string, TokenBucket>();
  private readonly alarms: string[] = [];
  private readonly readings: string[] = [];
  private running = 0;
  private idle: Array<() => void> = [];
  readonly rules: VerifyRules;

  constructor(
    private readonly db: Db,
    private readonly feed: LiveFeed,
    private readonly lastSeen: LastSeen,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.rules = { ...DEFAULT_VERIFY_RULES, countdownS: config.iot.countdownS };
  }

  /** The platform a key belongs to; 401 naming the header when there is none. */
  async platformOf(key: string | undefined): Promise<string> {
    if (!key || key.length > 200) throw new DomainError('iot_key_missing', 'send the platform key in the X-IoT-Key header', 401);
    const hash = keyHash(key);
    const hit = this.keys.get(hash);
    let platform = hit && Date.now() - hit.at < KEY_CACHE_MS ? hit.platform : undefined;
    if (platform === undefined) {
      platform = await this.db.get(IotPlatformsRepository).byKeyHash(hash);
      if (this.keys.size > 1000) this.keys.clear();
      this.keys.set(hash, { platform, at: Date.now() });
    }
    if (!platform) throw new DomainError('iot_key_invalid', 'the X-IoT-Key is not the key of any platform', 401);
    return platform;
  }

  /** A platform sending more than its share a second is told to slow down (429), without slowing the others. */
  private admitPlatform(platform: string, n: number): void {
    let b = this.platformBuckets.get(platform);
    if (!b) this.platformBuckets.set(platform, (b = new TokenBucket(this.config.iot.platformMsgsPerS * 2, this.config.iot.platformMsgsPerS)));
    for (let i = 0; i < n; i++)
      if (!b.take())
        throw new DomainError(
          'iot_rate_limited',
          `platform ${platform} sends more than ${this.config.iot.platformMsgsPerS.toLocaleString('en')} messages a second`,
          429,
        );
  }

  /** One device flooding (a faulty detector resending) loses its own messages, not the others'. Heartbeats are not counted. */
  private admitDevice(m: IotMessage): boolean {
    if (m.kind === 'heartbeat') return true;
    let b = this.deviceBuckets.get(m.deviceId);
    if (!b) {
      if (this.deviceBuckets.size > 200_000) this.deviceBuckets.clear();
      const perMin = this.config.iot.deviceMsgsPerMin;
      this.deviceBuckets.set(m.deviceId, (b = new TokenBucket(perMin, perMin / 60)));
    }
    return b.take();
  }

  async accept(platform: string, via: Via, messages: IotMessage[], rejected: Rejected[] = []): Promise<IngestResult> {
    this.admitPlatform(platform, messages.length);
    const keep: IotMessage[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    for (const m of messages) {
      if (seen.has(m.messageId)) duplicates++;
      else if (!this.admitDevice(m)) rejected.push({ messageId: m.messageId, error: `device ${m.deviceId} sends too often: rate-limited` });
      else {
        seen.add(m.messageId);
        keep.push(m);
      }
    }
    const r = await this.db.get(IotMessagesRepository).store(platform, via, keep);
    const unknown = new Set(r.unknown);
    let refused = 0;
    for (const m of keep)
      if (unknown.has(m.deviceId)) {
        rejected.push({ messageId: m.messageId, error: `unknown device ${m.deviceId}` });
        refused++;
      }
    duplicates += keep.length - refused - r.stored;
    // heard: a resend too says the device is alive
    await this.lastSeen.touch(new Set(keep.filter((m) => !unknown.has(m.deviceId)).map((m) => m.deviceId)));
    // alarms before readings: a fire waits for nothing
    for (const s of r.act) (s.kind === 'alarm' ? this.alarms : this.readings).push(s.row);
    this.pump();
    return { accepted: r.stored, duplicates, rejected };
  }

  /** Acts on a stored message and tells the consoles; a failure is logged and left to the sweep. */
  async process(row: string): Promise<Processed | null> {
    const p = await processMessage(this.db, row, this.rules);
    if (p) await this.announce(p);
    return p;
  }

  async announce(p: Processed): Promise<void> {
    if (p.alarmId === null) return;
    const a = await this.db.get(IotAlarmsRepository).view(p.alarmId);
    if (!a) return;
    const area = { cityAdcode: a.cityAdcode, countyAdcode: a.countyAdcode };
    this.feed.iotAlarm({ id: a.id, state: a.state, rule: a.rule, incidentId: a.incidentId, building: a.building?.name ?? null }, area);
    if (p.incident && p.createdIncident) {
      const i = p.incident;
      this.feed.incidentNew(
        { id: i.id, type: i.type, level: i.level, source: i.source, address: i.address },
        { cityAdcode: i.cityAdcode, countyAdcode: i.countyAdcode },
      );
    } else if (p.incident) await this.feed.incidentAlerts(p.incident.id);
  }

  private pump(): void {
    while (this.running < CONCURRENCY && (this.alarms.length || this.readings.length)) {
      const row = (this.alarms.shift() ?? this.readings.shift()) as string;
      this.running++;
      this.process(row)
        .catch((e: Error) => this.log.warn(`message ${row} not processed now (the sweep retries it): ${e.message}`))
        .finally(() => {
          this.running--;
          this.pump();
          if (!this.running && !this.alarms.length && !this.readings.length) for (const f of this.idle.splice(0)) f();
        });
    }
  }

  /** Resolves when every accepted message of this process has been acted on (tests, shutdown). */
  drained(): Promise<void> {
    if (!this.running && !this.alarms.length && !this.readings.length) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }
}
