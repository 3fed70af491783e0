import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { OFFLINE_AFTER_INTERVALS, OFFLINE_BUILDING_WARNING } from '@gan119/iot';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Db } from '../infra/db/unit-of-work';
import { IotAlarmsRepository } from './iot-alarms.repository';
import { IotIngest } from './iot-ingest';
import { IotMessagesRepository } from './iot-messages.repository';
import { IotMonitorRepository } from './iot-monitor.repository';
import { confirmAlarm } from './process-message';
import { LastSeen } from './last-seen';

const TICK_MS = 1000;
const OFFLINE_EVERY = 60; // ticks
/** candidates an offline scan looks at, at most (the rest next time) */
const SCAN_LIMIT = 200_000;
/** a message not acted on this long after it was stored lost its process: the sweep acts on it */
const ORPHAN_S = 5;

/**
 * The worker's IoT duties, each safe to run in several workers at once (row locks decide): countdowns
 * that ran out confirm their alarm; messages stored but not acted on (a process killed in between) are
 * acted on; the offline scan (last-seen lives in Redis, the record catches up for the candidates).
 */
@Injectable()
export class IotSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('IotSweeper');
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private busy = false;
  private seenUpTo: string | null = null;
  lastOfflineScanMs: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly ingest: IotIngest,
    private readonly lastSeen: LastSeen,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      this.ticks++;
      await this.countdowns();
      await this.orphans();
      if (this.ticks % OFFLINE_EVERY === 0) await this.offlineScan();
    } catch (e) {
      this.log.warn(`IoT sweep: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  async countdowns(): Promise<number> {
    const ids = await this.db.get(IotAlarmsRepository).overdue(50);
    let n = 0;
    for (const id of ids) {
      try {
        await this.ingest.announce(await confirmAlarm(this.db, id, 'system:countdown', this.ingest.rules));
        n++;
      } catch {
        /* decided meanwhile by an operator or another worker */
      }
    }
    return n;
  }

  async orphans(): Promise<number> {
    const rows = await this.db.get(IotMessagesRepository).unprocessed(ORPHAN_S, 500);
    for (const row of rows) await this.ingest.process(row);
    return rows.length;
  }

  /** Redis could not say: every device heard since the last look, from the message log. */
  async flushLastSeen(): Promise<number> {
    const repo = this.db.get(IotMessagesRepository);
    // a fresh process starts a little back: what its predecessor had not flushed is flushed again (harmless)
    this.seenUpTo ??= String(Math.max(0, Number(await repo.lastRow()) - 100_000));
    const r = await repo.flushLastSeen(this.seenUpTo);
    this.seenUpTo = r.upTo;
    return r.devices;
  }

  /**
   * The offline scan: the devices the record takes for silent are looked up in Redis; those heard
   * meanwhile get their last-seen written, the rest go offline (a building with many at once is one
   * notice). Without Redis's answer the message log says who was heard.
   */
  async offlineScan(): Promise<{ wentOffline: number; buildingNotices: number; deviceNotices: number; refreshed: number }> {
    const t0 = Date.now();
    const m = this.db.get(IotMonitorRepository);
    const found = await m.silent(OFFLINE_AFTER_INTERVALS, SCAN_LIMIT);
    // the demo's terminals send no heartbeats of their own: with the simulator on, all but the few meant to fall silent are heard now
    if (this.config.demoSimulator) await this.lastSeen.touch(found.filter((d) => d.demo && !d.quiet).map((d) => d.id));
    const candidates = found.map((d) => d.id);
    let refreshed = 0;
    if (candidates.length) {
      const seen = await this.lastSeen.of(candidates);
      if (seen) refreshed = await m.setLastSeen([...seen.entries()]);
      else refreshed = await this.flushLastSeen();
    }
    const r = await m.scanOffline(OFFLINE_AFTER_INTERVALS, OFFLINE_BUILDING_WARNING);
    await m.closeRecovered();
    this.lastOfflineScanMs = Date.now() - t0;
    if (r.wentOffline) this.log.warn(`${r.wentOffline} terminals went offline (${r.buildingNotices} buildings, ${r.deviceNotices} single devices)`);
    return { ...r, refreshed };
  }
}
