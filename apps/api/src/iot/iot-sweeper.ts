import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { OFFLINE_AFTER_INTERVALS, OFFLINE_BUILDING_WARNING } from '@gan119/iot';
import { Db } from '../infra/db/unit-of-work';
import { IotAlarmsRepository } from './iot-alarms.repository';
import { IotIngest } from './iot-ingest';
import { IotMessagesRepository } from './iot-messages.repository';
import { IotMonitorRepository } from './iot-monitor.repository';
import { confirmAlarm } from './process-message';

const TICK_MS = 1000;
const FLUSH_EVERY = 5; // ticks
const OFFLINE_EVERY = 60;
/** a message not acted on this long after it was stored lost its process: the sweep acts on it */
const ORPHAN_S = 5;

/**
 * The worker's IoT duties, each safe to run in several workers at once (row locks decide): countdowns
 * that ran out confirm their alarm; messages stored but not acted on (a process killed in between) are
 * acted on; last-seen reaches the devices in batches; the offline scan.
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
      if (this.ticks % FLUSH_EVERY === 0) await this.flushLastSeen();
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

  async flushLastSeen(): Promise<number> {
    const repo = this.db.get(IotMessagesRepository);
    // a fresh process starts a little back: what its predecessor had not flushed is flushed again (harmless)
    this.seenUpTo ??= String(Math.max(0, Number(await repo.lastRow()) - 100_000));
    const r = await repo.flushLastSeen(this.seenUpTo);
    this.seenUpTo = r.upTo;
    return r.devices;
  }

  async offlineScan(): Promise<{ wentOffline: number; buildingNotices: number; deviceNotices: number }> {
    const t0 = Date.now();
    await this.flushLastSeen();
    const m = this.db.get(IotMonitorRepository);
    const r = await m.scanOffline(OFFLINE_AFTER_INTERVALS, OFFLINE_BUILDING_WARNING);
    await m.closeRecovered();
    this.lastOfflineScanMs = Date.now() - t0;
    if (r.wentOffline) this.log.warn(`${r.wentOffline} terminals went offline (${r.buildingNotices} buildings, ${r.deviceNotices} single devices)`);
    return r;
  }
}
