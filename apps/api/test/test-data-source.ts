import { createTestDb, dataPackDir, runApiCli, serviceUrls, TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/infra/db/data-source';

/** A TypeORM DataSource on a test database (the same options as the app's). */
export async function testDataSource(databaseUrl: string): Promise<DataSource> {
  const ds = createDataSource(loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, REDIS_URL: serviceUrls().redisUrl }));
  await ds.initialize();
  return ds;
}

/** The data pack (jest.preset.js resolves DATA_DIR); a missing one fails the spec naming where it looked. */
export const DATA_DIR = dataPackDir();

/** A test database of its own with the demo seeded (roads: 'small' or 'none'; IoT terminals when asked), and a DataSource on it. */
export async function seededTestDb(roads: 'small' | 'none' = 'small', iotDevices = 0): Promise<{ db: TestDb; ds: DataSource }> {
  const db = await createTestDb();
  // the demo's partner agencies point at port 1 (refused): never at a demo running on this machine (npm run up), whose partners answer on 9120
  await runApiCli('cli/seed-demo.ts', { DATABASE_URL: db.url, IOT_DEMO_DEVICES: String(iotDevices), DEMO_PARTNER_PORT: '1' }, ['--roads', roads]);
  return { db, ds: await testDataSource(db.url) };
}
