import { Db } from './unit-of-work';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../../config/config';
import { MIGRATIONS } from './migrations';
import { ENTITIES } from './entities';

/** TypeORM options: schema only through migrations, extensions only through a migration. */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.db.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    parseInt8: false,
    applicationName: `gan119-${config.role}`,
    extra: {
      max: config.db.poolSize,
      statement_timeout: config.db.statementTimeoutMs,
      // a row another transaction holds is waited for this long, then the request gets a 503 "try again"
      lock_timeout: config.db.lockTimeoutMs,
      // a request waits this long for a free connection, then gets a 503 instead of hanging
      connectionTimeoutMillis: config.db.acquireTimeoutMs,
      // PostgreSQL's JIT compiles a big aggregation for 100–150 ms before running it (the statistics'
      // percentiles over a month took a third longer with it); nothing here runs long enough to repay it
      options: '-c jit=off',
    },
  };
}

export function createDataSource(config: AppConfig): DataSource {
  return new DataSource(dataSourceOptions(config));
}

/** Applies every pending migration; returns the names applied. */
export async function runMigrations(config: AppConfig): Promise<string[]> {
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** A command-line tool's database: opened, handed to `work` as the unit of work, closed whatever happens. */
export async function withDb<T>(config: AppConfig, work: (db: Db) => Promise<T>): Promise<T> {
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    return await work(new Db(ds));
  } finally {
    await ds.destroy();
  }
}
