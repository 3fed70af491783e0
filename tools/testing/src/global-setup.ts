import type { Config } from 'jest';
import { dbPrefix, serviceUrls, templateDb, withDatabase } from './services-env';
import { adminQuery } from './test-db';
import { runApiCli } from './spawn-api';

/**
 * Jest global setup for projects with integration tests: a fresh template database with every
 * migration applied, named after the project; each spec clones it (createTestDb), so specs never
 * share state and never see the demo data.
 */
export default async function globalSetup(_g: Config, project: { displayName?: string | { name: string } }): Promise<void> {
  const name = typeof project.displayName === 'string' ? project.displayName : (project.displayName?.name ?? 'x');
  const id = name.replace(/[^a-z0-9]/gi, '_').toLowerCase();
  process.env.GAN119_TEST_PROJECT = id;
  const { databaseUrl, redisUrl } = serviceUrls();
  await adminQuery(async (c) => {
    const stale = await c.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [dbPrefix(id)]);
    for (const { datname } of stale.rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await c.query(`DROP DATABASE IF EXISTS ${templateDb(id)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${templateDb(id)}`);
  });
  await runApiCli('cli/migrate.ts', { DATABASE_URL: withDatabase(databaseUrl, templateDb(id)), REDIS_URL: redisUrl, NODE_ENV: 'test' });
}
