import 'reflect-metadata';
import { configFromProcess } from '../config/env';
import { withDb } from '../infra/db/data-source';
import { loadDemo } from '../demo/load-demo';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? (process.argv[i + 1] ?? '') : fallback;
};

/**
 * `npm run up` step: loads the demo data, idempotently: the boundaries (replaced), and the synthetic
 * Jiangxi road network when no network has been imported (`--roads small|full|none`, default full);
 * synthetic response history for the statistics (`--history DAYS`, default 90, 0 for none) and the
 * ETA calibration on the real San Francisco record (`--calibration on|off`, default on).
 */
async function main(): Promise<void> {
  const roads = arg('--roads', 'full') as 'small' | 'full' | 'none';
  if (!['small', 'full', 'none'].includes(roads)) throw new Error('--roads takes small, full or none');
  const days = Number(arg('--history', '90'));
  if (!Number.isInteger(days) || days < 0 || days > 3660) throw new Error('--history takes a number of days, 0 to 3660');
  const calibration = arg('--calibration', 'on');
  if (!['on', 'off'].includes(calibration)) throw new Error('--calibration takes on or off');
  // generating a million terminals and a province's roads takes longer than a request may
  const config = configFromProcess({ ROLE: 'worker' }, { DB_STATEMENT_TIMEOUT_MS: '900000' });
  await withDb(config, (db) =>
    loadDemo(
      db,
      config.dataDir,
      { roads, iotDevices: config.iot.demoDevices, history: days ? { days, perDay: 300 } : undefined, calibration: calibration === 'on' },
      (m) => console.error(`[seed] ${m}`),
    ),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
