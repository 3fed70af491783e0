import 'reflect-metadata';
import { configFromProcess } from '../config/env';
import { withDb } from '../infra/db/data-source';
import { loadDemo } from '../demo/load-demo';
import { AppConfig } from '../config/config';
import { Db } from '../infra/db/unit-of-work';
import { RoadRepository } from '../roads/road.repository';
import { RoutingService } from '../roads/routing.service';
import { fitFromRecord } from '../stats/calibrate-record';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? (process.argv[i + 1] ?? '') : fallback;
};

/**
 * `npm run up` step: loads the demo data, idempotently: the boundaries (replaced), and the synthetic
 * Jiangxi road network when no network has been imported (`--roads small|full|none`, default full);
 * synthetic response history for the statistics (`--history DAYS`, default 0: none; `npm run up` asks
 * for 90) and the ETA calibrations (`--calibration on|off`, default off): the real San Francisco record's,
 * and Jiangxi's fitted on the demo's own history.
 */
async function main(): Promise<void> {
  const roads = arg('--roads', 'full') as 'small' | 'full' | 'none';
  if (!['small', 'full', 'none'].includes(roads)) throw new Error('--roads takes small, full or none');
  const days = Number(arg('--history', '0'));
  if (!Number.isInteger(days) || days < 0 || days > 3660) throw new Error('--history takes a number of days, 0 to 3660');
  const calibration = arg('--calibration', 'off');
  if (!['on', 'off'].includes(calibration)) throw new Error('--calibration takes on or off');
  // generating a million terminals and a province's roads takes longer than a request may
  const config = configFromProcess({ ROLE: 'worker' }, { DB_STATEMENT_TIMEOUT_MS: '900000' });
  const log = (m: string) => console.error(`[seed] ${m}`);
  await withDb(config, async (db) => {
    await loadDemo(
      db,
      config.dataDir,
      { roads, iotDevices: config.iot.demoDevices, history: days ? { days, perDay: 300 } : undefined, calibration: calibration === 'on' },
      log,
    );
    if (calibration === 'on' && days >= 14 && roads !== 'none') await calibrateJiangxi(db, config, Math.min(days, 90), log);
  });
}

/** The demo's ETAs calibrated on its own (synthetic) record, as a centre would on months of its responses. */
async function calibrateJiangxi(db: Db, config: AppConfig, days: number, log: (m: string) => void): Promise<void> {
  const routing = new RoutingService(db.get(RoadRepository), { ...config, routing: { ...config.routing, hierarchy: false } });
  await routing.reload();
  if (routing.graphStatus().state !== 'ready') return log('no road graph: the Jiangxi ETA calibration is left for later');
  const t0 = Date.now();
  await fitFromRecord(db, routing, { region: 'jiangxi', days, limit: 1500 }, log);
  log(`(fitted in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  await routing.onApplicationShutdown();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
