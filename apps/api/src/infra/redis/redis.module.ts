import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { closeRedis } from './client-safety';
import { EvictionGuard } from './eviction-guard';
import { REDIS } from './redis.token';

// the token lives in its own file so that the eviction guard can use it without a cycle
export { REDIS };

/** Creates an ioredis client that fails fast (no endless offline queue) and reconnects in the background. */
export function createRedis(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: `gan119-${name}`,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}

class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  onApplicationShutdown(): void {
    closeRedis(this.redis);
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const r = createRedis(config.redis.url, config.role);
        r.on('error', () => undefined); // reported by /api/health; reconnects by itself
        return r;
      },
    },
    RedisCloser,
    EvictionGuard,
  ],
  exports: [REDIS],
})
export class RedisModule {}
