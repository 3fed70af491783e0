import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { withTimeout } from '../../common/with-timeout';
import { REDIS } from './redis.token';

/** The eviction policy of a Redis, from INFO (CONFIG may be disabled on a managed Redis). */
export async function evictionPolicy(redis: Redis): Promise<string | null> {
  const info = await redis.info('memory');
  return /maxmemory_policy:([^\r\n]+)/.exec(info)?.[1]?.trim() ?? null;
}

/**
 * Queues, timers and live positions must never be evicted: in production the process refuses to
 * start against a Redis whose maxmemory-policy is not noeviction (elsewhere it says so loudly). A
 * Redis that does not answer at start is left to /api/health; the record (PostgreSQL) covers it.
 */
@Injectable()
export class EvictionGuard implements OnApplicationBootstrap {
  private readonly log = new Logger('EvictionGuard');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let policy: string | null;
    try {
      policy = await withTimeout(evictionPolicy(this.redis), 2000, 'Redis INFO');
    } catch (e) {
      this.log.warn(`Redis eviction policy not checked (${(e as Error).message}); /api/health reports Redis`);
      return;
    }
    if (policy === null || policy === 'noeviction') return;
    const message = `Redis maxmemory-policy is ${policy}: queued escalations and live positions could be evicted. Set maxmemory-policy noeviction.`;
    if (this.config.env === 'production') throw new Error(`refusing to start: ${message}`);
    this.log.warn(message);
  }
}
