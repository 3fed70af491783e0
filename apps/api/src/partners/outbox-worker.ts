import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { deliveryOutcome, retryDelayMs } from '@gan119/interop';
import { APP_CONFIG, AppConfig } from '../config/config';
import { listen, Listener } from '../infra/db/listener';
import { Db } from '../infra/db/unit-of-work';
import { LiveFeed } from '../live/live-feed';
import { Periodic } from '../common/periodic';
import { ClaimedMessage, OutboxRepository } from './outbox.repository';
import { deliveryEffects } from './delivery-effects';
import { signedHeaders } from './signature';

const CHANNEL = 'gan119_outbox';

/** What a partner's endpoint answered (null status: no answer at all). */
export type Answer = { status: number | null; body: unknown; error: string | null };

/**
 * Delivers the outbox (ROLE=worker, or inside the API with ROLE=all). Woken at once by every commit
 * that writes a message (LISTEN gan119_outbox), and every 500 ms anyway (retries, a missed
 * notification). Each message is POSTed signed with the partner's key and its idempotency key; the
 * answer decides (a claim is leased for PARTNER_LEASE_MS: a worker killed mid-delivery leaves the message to be sent again under the same key): delivered, tried again after a pause (the partner is paused, then probed with one
 * message), or refused for good. Several workers share the outbox (leases, SKIP LOCKED).
 */
@Injectable()
export class OutboxWorker implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('OutboxWorker');
  private readonly duty = new Periodic(this.log, 'outbox delivery', 500, () => this.drain());
  private listener: Listener | null = null;
  private stopped = false;
  private again = false;

  constructor(
    private readonly db: Db,
    private readonly live: LiveFeed,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.duty.start(true);
    void this.keepListening();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.duty.stop();
    await this.listener?.close();
  }

  private async keepListening(): Promise<void> {
    while (!this.stopped) {
      try {
        this.listener = await listen(this.config.db.url, `gan119-${this.config.role}-outbox`, CHANNEL, () => this.wake());
        this.wake();
        await this.listener.lost;
      } catch (e) {
        this.log.warn(`outbox notifications not heard (the 500 ms sweep still delivers): ${(e as Error).message}`);
      }
      await this.listener?.close();
      if (!this.stopped) await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /** A commit wrote messages: deliver now (or right after the round in progress). */
  wake(): void {
    this.again = true;
    void this.duty.tick();
  }

  /** Delivers until nothing is due. */
  async drain(): Promise<void> {
    const outbox = this.db.get(OutboxRepository);
    do {
      this.again = false;
      for (;;) {
        const batch = await outbox.claim(this.config.partners.concurrency, this.config.partners.leaseMs);
        if (!batch.length) break;
        await Promise.all(batch.map((m) => this.deliver(m)));
      }
    } while (this.again && !this.stopped);
  }

  private async deliver(m: ClaimedMessage): Promise<void> {
    const answer = await this.post(m);
    const outbox = this.db.get(OutboxRepository);
    const outcome = deliveryOutcome(answer.status);
    const why = answer.error ?? (answer.status !== null ? `HTTP ${answer.status}` : 'no answer');
    if (outcome === 'delivered') await outbox.delivered(m, answer.status as number, answer.body);
    else if (outcome === 'refused') await outbox.refused(m.id, answer.status as number, why);
    else {
      await outbox.failed(m.id, m.partnerId, answer.status, why, retryDelayMs(m.failStreak + 1, Math.random()));
      return;
    }
    await deliveryEffects(this.db, this.live, m, outcome, answer);
  }

  /** One signed POST, bounded by the partner timeout. */
  async post(m: ClaimedMessage): Promise<Answer> {
    const body = Buffer.from(m.payload, 'utf8');
    const url = new URL(m.endpoint);
    const headers = signedHeaders(m.partnerId, m.secret, { path: url.pathname, idempotencyKey: m.idempotencyKey, body, contentType: m.contentType });
    try {
      const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.config.partners.timeoutMs), redirect: 'error' });
      const text = (await res.text()).slice(0, 20_000);
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = { text: text.slice(0, 500) };
      }
      const error = res.ok ? null : `HTTP ${res.status}${text ? `: ${text.slice(0, 300)}` : ''}`;
      return { status: res.status, body: parsed, error };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      return { status: null, body: null, error: `${err.name === 'TimeoutError' ? 'timed out' : (err.cause?.code ?? err.message)}` };
    }
  }
}
