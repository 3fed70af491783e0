import { randomBytes } from 'crypto';
import { Client } from 'pg';
import { dbPrefix, serviceUrls, templateDb, withDatabase } from './services-env';

export type TestDb = { url: string; name: string; drop(): Promise<void> };

export async function adminQuery<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: withDatabase(serviceUrls().databaseUrl, 'postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A database of the calling spec's own: a clone of the migrated template, or an empty one when `empty`. */
export async function createTestDb(opts: { empty?: boolean } = {}): Promise<TestDb> {
  const name = `${dbPrefix()}${randomBytes(5).toString('hex')}`;
  await adminQuery((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${opts.empty ? 'template0' : templateDb()}`));
  return {
    name,
    url: withDatabase(serviceUrls().databaseUrl, name),
    drop: () => adminQuery((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
