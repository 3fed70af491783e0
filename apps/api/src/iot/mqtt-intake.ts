import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { hostname } from 'os';
import { connect, MqttClient } from 'mqtt';
import { IotMessage, parseMessage } from '@gan119/iot';
import { DomainError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Db } from '../infra/db/unit-of-work';
import { IotIngest } from './iot-ingest';
import { IngestBatcher } from './ingest-batcher';
import { IotPlatformsRepository } from './iot-platforms.repository';

/** Terminals (or their platform's bridge) publish to `<root>/<platform>/up`: one message, or `{ "messages": [...] }`, as JSON. */
export const upTopic = (root: string) => `${root}/+/up`;
/** A shared subscription: the broker hands each message to one of the processes subscribed, so they split the load. */
export const sharedUp = (root: string) => `$share/gan119/${upTopic(root)}`;
const REASON = { success: 0, unspecified: 128, notAuthorized: 135, payloadInvalid: 153 } as const;
const BATCH_MS = 10;
const BATCH_MAX = 2000;

/**
 * The MQTT way in: QoS 1, and the PUBACK goes back only once the message is stored (MQTT 5 reason codes
 * refuse a bad payload or an unknown platform). Publishes arriving together are stored together. The
 * session is kept (clean: false, a stable client id) so what the broker had not yet handed over when
 * the process died comes on reconnect. Authenticating publishers is the broker's job (a user and an
 * ACL on `gan119/iot/<platform>/up` per platform); the platform named in the topic must be registered.
 */
@Injectable()
export class MqttIntake implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('MqttIntake');
  private client: MqttClient | null = null;
  private readonly batchers = new Map<string, IngestBatcher>();
  private readonly platforms = new Map<string, boolean>();
  received = 0;

  constructor(
    private readonly db: Db,
    private readonly ingest: IotIngest,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const url = this.config.iot.mqttUrl;
    if (!url) return;
    const share = sharedUp(this.config.iot.mqttRoot);
    const client = connect(url, {
      protocolVersion: 5,
      clientId: this.config.iot.mqttClientId ?? `gan119-${hostname()}-${this.config.role}-${this.config.http.port}`,
      clean: false,
      properties: { sessionExpiryInterval: 3600 },
      reconnectPeriod: 1000,
      customHandleAcks: (topic, payload, _packet, done) => this.onPublish(topic, payload, done),
    });
    client.on('connect', (ack) => {
      if (!ack.sessionPresent) client.subscribe(share, { qos: 1 }, (err) => err && this.log.error(`subscribe ${share}: ${err.message}`));
      this.log.log(`MQTT intake on ${url} (${share})`);
    });
    client.on('error', (e) => this.log.warn(`MQTT: ${e.message}`));
    this.client = client;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.batchers.values()].map((b) => b.flush()));
    await this.client?.endAsync().catch(() => undefined);
  }

  /** Refusals go back to the platform on `<root>/<platform>/refused` (a PUBACK reaches only the broker, not the device). */
  private refuse(platform: string, refused: Array<{ messageId: string | null; error: string }>): void {
    this.client?.publish(`${this.config.iot.mqttRoot}/${platform}/refused`, JSON.stringify({ refused }), { qos: 0 });
  }

  /** Resolves once the client is connected (tests). */
  connected(): Promise<void> {
    const c = this.client;
    if (!c) return Promise.reject(new Error('MQTT intake is off (no IOT_MQTT_URL)'));
    if (c.connected) return Promise.resolve();
    return new Promise((resolve) => c.once('connect', () => resolve()));
  }

  private onPublish(topic: string, payload: Buffer, done: (e: number | Error) => void): void {
    this.received++;
    const root = this.config.iot.mqttRoot;
    const platform = topic.startsWith(`${root}/`) && topic.endsWith('/up') ? topic.slice(root.length + 1, -3) : '';
    if (!/^[a-z0-9_-]{1,40}$/.test(platform)) return done(REASON.notAuthorized);
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      this.refuse(platform, [{ messageId: null, error: 'the payload is not JSON' }]);
      return done(REASON.payloadInvalid);
    }
    const list =
      body && typeof body === 'object' && Array.isArray((body as { messages?: unknown }).messages) ? (body as { messages: unknown[] }).messages : [body];
    if (list.length === 0 || list.length > BATCH_MAX) {
      this.refuse(platform, [{ messageId: null, error: `messages: 1 to ${BATCH_MAX} a publish` }]);
      return done(REASON.payloadInvalid);
    }
    const messages: IotMessage[] = [];
    for (const x of list) {
      const p = parseMessage(x);
      if (!p.ok) {
        // a publish is one unit: all of it or nothing
        const id = (x as { messageId?: unknown } | null)?.messageId;
        this.refuse(platform, [{ messageId: typeof id === 'string' ? id.slice(0, 80) : null, error: p.error }]);
        return done(REASON.payloadInvalid);
      }
      messages.push(p.value);
    }
    void this.store(platform, messages, done);
  }

  /** Stored with what else arrived within a few milliseconds (one statement), then acknowledged; refusals go back on the refused topic. */
  private async store(platform: string, messages: IotMessage[], done: (e: number | Error) => void): Promise<void> {
    try {
      if (!(await this.known(platform))) return done(REASON.notAuthorized);
      const refused = await this.batcherFor(platform).add(messages);
      if (refused.size)
        this.refuse(
          platform,
          [...refused].map(([messageId, error]) => ({ messageId, error })),
        );
      done(REASON.success);
    } catch (e) {
      // stored nothing (one statement): no PUBACK, the broker sends it again (a 429 is a refusal the sender can see)
      const code = e instanceof DomainError && e.status === 429 ? REASON.unspecified : null;
      this.log.warn(`MQTT publish of ${platform} not stored: ${(e as Error).message}`);
      done(code ?? (e as Error));
      // MQTT resends an unacknowledged publish only on a new connection: drop this one (the session stays), the broker resends on reconnect
      if (code === null) this.client?.stream?.destroy();
    }
  }

  private batcherFor(platform: string): IngestBatcher {
    let b = this.batchers.get(platform);
    if (!b) this.batchers.set(platform, (b = new IngestBatcher((p, v, m) => this.ingest.accept(p, v, m), platform, 'mqtt', BATCH_MS, BATCH_MAX)));
    return b;
  }

  private async known(platform: string): Promise<boolean> {
    let k = this.platforms.get(platform);
    if (k === undefined) {
      k = await this.db.get(IotPlatformsRepository).exists(platform);
      this.platforms.set(platform, k);
    }
    return k;
  }
}
