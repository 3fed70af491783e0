import 'reflect-metadata';
import { resolve } from 'path';
import { configFromProcess } from '../config/env';
import { createDataSource } from '../infra/db/data-source';
import { AdminAreaRepository } from '../admin-areas/admin-area.repository';
import { readJiangxiBoundaries } from '../admin-areas/load-boundaries';

/** `npm run up` step: loads the demo data (idempotent; replaces what it loaded before). */
async function main(): Promise<void> {
  const config = configFromProcess();
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    const dataDir = resolve(__dirname, '../../../../data');
    await ds.transaction(async (tx) => {
      const areas = new AdminAreaRepository(tx);
      await areas.upsert(readJiangxiBoundaries(dataDir));
      console.log(`[seed] admin areas: ${await areas.count()} (province, 11 cities, 100 counties)`);
    });
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
