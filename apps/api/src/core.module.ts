import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from './config/config';
import { RedisModule } from './infra/redis/redis.module';
import { MetricsModule } from './metrics/metrics.module';
import { LiveFeedModule } from './live/live-feed';
import { JurisdictionModule } from './accounts/jurisdiction.module';
import { DbModule } from './infra/db/providers';

@Global()
@Module({})
class ConfigHolderModule {
  static with(config: AppConfig): DynamicModule {
    return { module: ConfigHolderModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

/** What every process role shares: the validated config, JSON logs, PostgreSQL, Redis, metrics, the live feed to sockets. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigHolderModule.with(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            autoLogging: { ignore: (req) => req.url === '/metrics' || req.url === '/api/health' },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
        }),
        RedisModule,
        MetricsModule,
        LiveFeedModule,
        DbModule.forRoot(config),
        JurisdictionModule,
      ],
    };
  }
}
