import 'reflect-metadata';
import { configFromProcess } from '../config/env';
import { withDb } from '../infra/db/data-source';
import { loadDemo } from '../demo/load-demo';
import { AppConfig } from '../config/config';
import { Db } from '../infra/db/unit-of-work';
import { RoadRepository } from '../roads/road.repository';
import { RoutingService } from '../roads/routing.service';
import { fitFromRecord } from '../stats/calibrate-record';
import { loadDemoHistory } from '../stats/demo-history';
import { loadDemoPartners } from '../demo/demo-partners';

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
    await loadDemo(db, config.dataDir, { roads, iotDevices: config.iot.demoDevices, calibration: calibration === 'on' }, log);
    log(`demo partner agencies (110/120/122 of each city, 3 departments): ${await loadDemoPartners(db, config.demoPartnerPort)}`);
    if (!days) return;
    // the history drives the demo's roads where they are loaded, so that a calibration has something true to learn
    const routing = roads === 'none' ? null : await residentRoads(db, config);
    try {
      await loadDemoHistory(db, { days, perDay: 300, routing: routing ?? undefined }, log);
      if (calibration === 'on' && routing && days >= 14) {
        const t0 = Date.now();
        await fitFromRecord(db, routing, { region: 'jiangxi', days: Math.min(days, 90), limit: 1500 }, log);
        log(`(fitted in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      }
    } finally {
      await routing?.onApplicationShutdown();
    }
  });
}

/** The road graph in this process (without the contraction hierarchy: a seed only routes a few thousand times). */
async function residentRoads(db: Db, config: AppConfig): Promise<RoutingService | null> {
  const routing = new RoutingService(db.get(RoadRepository), { ...config, routing: { ...config.routing, hierarchy: false } });
  await routing.reload();
  return routing.graphStatus().state === 'ready' ? routing : null;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
