import { INestApplication } from '@nestjs/common';
import { AppConfig, loadConfig } from '../src/config/config';
import { createApp } from '../src/bootstrap';
import { dataPackDir, serviceUrls, standardsDir, testRedisPrefix } from '@gan119/testing';
import { RoutingService } from '../src/roads/routing.service';

export type RunningApp = { app: INestApplication; config: AppConfig; url: string; close(): Promise<void> };

/** Starts the real application on a free port against the given database (and Redis unless overridden). */
export async function startApp(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: serviceUrls().redisUrl,
    PORT: '1',
    HEALTH_TIMEOUT_MS: '1500',
    REDIS_PREFIX: testRedisPrefix(),
    // the data pack and the standards where the test support found them (a clone's checkout has neither beside it)
    DATA_DIR: dataPackDir(),
    STANDARDS_DIR: standardsDir(),
    ...env,
  });
  const app = await createApp(config);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (e) {
    await app.close().catch(() => undefined); // a refused start leaves nothing running
    throw e;
  }
  await app.get(RoutingService).whenLoaded();
  const addr = app.getHttpServer().address() as { port: number };
  return { app, config, url: `http://127.0.0.1:${addr.port}`, close: () => app.close() };
}
