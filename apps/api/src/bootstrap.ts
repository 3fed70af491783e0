import { INestApplication, RequestMethod, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'fs';
import { json, text } from 'express';
import { resolve } from 'path';
import { AppConfig } from './config/config';
import { AppModule } from './app.module';
import { MetricsService } from './metrics/metrics.service';
import { httpMetricsMiddleware } from './metrics/metrics.module';
import { ErrorFilter } from './common/errors';
import { checkBodyShape, DEFAULT_SHAPE, IMPORT_ROUTES, IMPORT_SHAPE, PARTNER_ROUTES, verifyJsonShape } from './common/body-shape';
import { RedisIoAdapter } from './live/redis-io.adapter';

/** Builds the HTTP application (not yet listening): API under /api, docs, metrics, the console at /. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.setGlobalPrefix('api', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
  // rosters may be large files; everything else is small
  // the JSON's shape (depth, list lengths, values) is read off the raw bytes before it is parsed
  app.use(
    IMPORT_ROUTES,
    json({ limit: '25mb', type: ['application/json', 'application/geo+json'], verify: verifyJsonShape(IMPORT_SHAPE) }),
    text({ limit: '25mb', type: ['text/csv', 'text/plain'] }),
  );
  // a partner's message is signed over its exact bytes: they are kept for the signature check
  const partnerShape = verifyJsonShape(DEFAULT_SHAPE);
  app.use(
    PARTNER_ROUTES,
    json({
      limit: '512kb',
      verify: (req, res, buf) => {
        partnerShape(req, res, buf);
        (req as { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  );
  app.use(json({ limit: '1mb', verify: verifyJsonShape(DEFAULT_SHAPE) }));
  app.use(checkBodyShape()); // depth, size, NUL and lone surrogates: before anything validates the body
  app.useWebSocketAdapter(new RedisIoAdapter(app, config.redis.url, config.redis.prefix));
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }));
  const doc = new DocumentBuilder()
    .setTitle('赣119 dispatch and command API')
    .setDescription('Jiangxi 119 fire and rescue: incidents, forces, routing, dispatch and orders')
    .setVersion('0.1.0')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  const consoleDir = resolve(config.consoleDist);
  if (existsSync(consoleDir)) app.useStaticAssets(consoleDir, { index: 'index.html' });
  return app;
}
