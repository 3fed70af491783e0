import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { REDIS } from '../infra/redis/redis.token';

const CHUNK = 10_000;

/**
 * When each terminal was last heard, live in Redis (one hash field a device, one command a batch):
 * a heartbeat costs PostgreSQL nothing. The record's last-seen is brought up to date only for the
 * devices the offline scan would otherwise take for silent — a few an hour each, not one per heartbeat.
 */
@Injectable()
export class LastSeen {
  private readonly log = new Logger('LastSeen');
  private readonly key: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = `${config.redis.prefix}iot:seen`;
  }

  /** These devices were heard now. Never throws: without Redis the scan reads the message log instead. */
  async touch(deviceIds: Iterable<string>, at = Date.now()): Promise<void> {
    const args: string[] = [];
    for (const id of deviceIds) args.push(id, String(at));
    if (!args.length) return;
    try {
      await this.redis.hset(this.key, ...args);
    } catch (e) {
      this.log.warn(`last-seen not kept in Redis (the offline scan reads the log): ${(e as Error).message}`);
    }
  }

  /** When each of these was last heard (ms), or null when Redis cannot say (down, or its hash lost): the caller reads the log. */
  async of(ids: string[]): Promise<Map<string, number> | null> {
    try {
      if (!(await this.redis.exists(this.key))) return null;
      const out = new Map<string, number>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const part = ids.slice(i, i + CHUNK);
        const values = await this.redis.hmget(this.key, ...part);
        values.forEach((v, j) => v !== null && out.set(part[j], Number(v)));
      }
      return out;
    } catch {
      return null;
    }
  }
}
