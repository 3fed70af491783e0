import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { runApiCli, spawnApi, SpawnedApi } from './spawn-api';
import { createTestDb, TestDb } from './test-db';

export type DemoConsole = { db: TestDb; api: SpawnedApi; browser: Browser };

/**
 * What a browser test runs against: a database of its own seeded with the demo (the small road
 * network, or none), the API serving the console on it (`env` configures it), and Chromium.
 * `prepare` runs between the seed and the API's start (accounts, lookups). Whatever started is
 * stopped again if a later step fails; stop the whole with stopDemoConsole.
 */
export async function startDemoConsole(opts: {
  roads: 'small' | 'none';
  /** demo 智赣119 terminals to register (none by default) */
  iotDevices?: number;
  env?: Record<string, string>;
  prepare?: (db: TestDb) => Promise<void>;
  /** days of synthetic response history, and the SF ETA calibration (the statistics view's; none by default) */
  history?: number;
  calibration?: boolean;
}): Promise<DemoConsole> {
  const started: Partial<DemoConsole> = {};
  try {
    started.db = await createTestDb();
    // the demo's partner agencies point at port 1 (refused) unless a test gives them its own: never at a demo running on this machine
    await runApiCli('cli/seed-demo.ts', { DATABASE_URL: started.db.url, IOT_DEMO_DEVICES: String(opts.iotDevices ?? 0), DEMO_PARTNER_PORT: '1' }, [
      '--roads',
      opts.roads,
      '--history',
      String(opts.history ?? 0),
      '--calibration',
      opts.calibration ? 'on' : 'off',
    ]);
    await opts.prepare?.(started.db);
    started.api = await spawnApi(started.db.url, opts.env);
    started.browser = await launchChromium();
    return started as DemoConsole;
  } catch (e) {
    await stopDemoConsole(started);
    throw e;
  }
}

export async function stopDemoConsole(c: Partial<DemoConsole> | undefined): Promise<void> {
  await c?.browser?.close();
  await c?.api?.stop();
  await c?.db?.drop();
}
