import { serviceUrls } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/infra/db/data-source';

/** A TypeORM DataSource on a test database (the same options as the app's). */
export async function testDataSource(databaseUrl: string): Promise<DataSource> {
  const ds = createDataSource(loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, REDIS_URL: serviceUrls().redisUrl }));
  await ds.initialize();
  return ds;
}

export const DATA_DIR = `${__dirname}/../../../data`;
