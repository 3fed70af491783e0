import 'reflect-metadata';
import { configFromProcess } from '../config/env';
import { runMigrations } from '../infra/db/data-source';

/** `npm run migrate`: applies pending migrations to DATABASE_URL. */
async function main(): Promise<void> {
  const applied = await runMigrations(configFromProcess());
  console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema is up to date');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
