import 'reflect-metadata';
import { configFromProcess } from '../config/env';
import { withDb } from '../infra/db/data-source';
import { loadDemo } from '../demo/load-demo';

/**
 * `npm run up` step: loads the demo data, idempotently: the boundaries (replaced), and the synthetic
 * Jiangxi road network when no network has been imported (`--roads small|full|none`, default full).
 */
async function main(): Promise<void> {
  const i = process.argv.indexOf('--roads');
  const roads = (i > 0 ? process.argv[i + 1] : 'full') as 'small' | 'full' | 'none';
  if (!['small', 'full', 'none'].includes(roads)) throw new Error('--roads takes small, full or none');
  // generating a million terminals and a province's roads takes longer than a request may
  const config = configFromProcess({ ROLE: 'worker' }, { DB_STATEMENT_TIMEOUT_MS: '900000' });
  await withDb(config, (db) =>
    loadDemo(db, config.dataDir, { roads, iotDevices: config.iot.demoDevices, history: { days: 90, perDay: 300 }, calibration: true }, (m) =>
      console.error(`[seed] ${m}`),
    ),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
