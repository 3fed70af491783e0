import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { REDIS } from '../infra/redis/redis.module';
import { withTimeout } from '../common/with-timeout';
import { RoutingService } from '../roads/routing.service';
import { Public } from '../accounts/access';
import { HealthRepository } from './health.repository';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly routing: RoutingService,
    private readonly db: HealthRepository,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'PostgreSQL, PostGIS, pgRouting, Redis and the resident road graph: versions when up, 503 naming what is down' })
  check() {
    return this.health.check([
      () => this.probe('postgresql', async () => ({ version: await this.db.serverVersion() })),
      () => this.probe('postgis', async () => ({ version: await this.db.extensionVersion('postgis') })),
      () => this.probe('pgrouting', async () => ({ version: await this.db.extensionVersion('pgrouting') })),
      () =>
        this.probe('redis', async () => {
          const pong = await this.redis.ping();
          const info = await this.redis.info('server');
          return { ping: pong, version: /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? 'unknown' };
        }),
      () =>
        this.probe('roadGraph', () => {
          const s = this.routing.graphStatus();
          if (s.state === 'loading' || s.state === 'failed') return Promise.reject(new Error(`road graph ${s.state}${s.error ? `: ${s.error}` : ''}`));
          return Promise.resolve({ ...s });
        }),
    ]);
  }

  private async probe(key: string, fn: () => Promise<Record<string, unknown>>): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    try {
      return session.up(await withTimeout(fn(), this.config.healthTimeoutMs, `${key} did not answer`));
    } catch (e) {
      return session.down({ message: e instanceof Error ? e.message : String(e) });
    }
  }
}
