import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { withTimeout } from '../common/with-timeout';
import { closeRedis } from '../infra/redis/client-safety';

export const ESCALATION_QUEUE = 'escalation';
export const ORDER_ACK_TIMEOUT = 'order-ack-timeout';
export type OrderAckTimeoutJob = { orderId: string };

/** The worker's connection: blocking commands, so no retry limit (BullMQ requires it). */
export function bullConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: 'gan119-bull' });
}

/** The producer's connection: fails fast, so a request never hangs on a Redis that is down. */
function producerConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    connectionName: 'gan119-bull-producer',
    retryStrategy: (n) => Math.min(n * 200, 2000),
  });
}

/** One delayed job an order: fires when the acknowledgement is overdue. The job id is the order id, so adding twice adds once. */
@Injectable()
export class EscalationQueue implements OnApplicationShutdown {
  private readonly queue: Queue<OrderAckTimeoutJob>;
  private readonly connection: Redis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.connection = producerConnection(config.redis.url);
    this.connection.on('error', () => undefined);
    this.queue = new Queue<OrderAckTimeoutJob>(ESCALATION_QUEUE, { connection: this.connection, prefix: `${config.redis.prefix}bull` });
    this.queue.on('error', () => undefined); // a Redis that is down shows in /api/health; schedule() reports its own failure
    const queue = this.queue;
    new Gauge({
      name: 'gan119_escalation_jobs',
      help: 'ack-timeout jobs in the escalation queue, by state (absent while Redis does not answer)',
      labelNames: ['state'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        const counts = await withTimeout(queue.getJobCounts('delayed', 'waiting', 'active', 'failed'), 500, 'job counts').catch(() => null);
        for (const [state, n] of Object.entries(counts ?? {})) this.set({ state }, n);
      },
    });
  }

  /** Schedules the ack deadline of each order `delayMs` from now (default: the configured timeout). */
  async schedule(orderIds: string[], delayMs = this.config.escalation.ackS * 1000): Promise<void> {
    await withTimeout(this.add(orderIds, delayMs), 2000, 'Redis did not take the escalation timers');
  }

  private async add(orderIds: string[], delayMs: number): Promise<void> {
    await this.queue.addBulk(
      orderIds.map((orderId) => ({
        name: ORDER_ACK_TIMEOUT,
        data: { orderId },
        opts: {
          jobId: `ack-${orderId}`,
          delay: Math.max(0, delayMs),
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: 1000,
          removeOnFail: 1000,
        },
      })),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await withTimeout(this.queue.close(), 2000, 'queue close').catch(() => undefined);
    closeRedis(this.connection); // BullMQ leaves a connection it was given open
  }
}
