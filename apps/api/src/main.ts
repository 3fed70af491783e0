import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { configFromProcess } from './config/env';
import { createApp } from './bootstrap';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = configFromProcess();
  if (config.role === 'worker') {
    const ctx = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
    ctx.useLogger(ctx.get(Logger));
    ctx.enableShutdownHooks();
    ctx.get(Logger).log('worker started');
    return;
  }
  const app = await createApp(config);
  await app.listen(config.http.port, config.http.host);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
