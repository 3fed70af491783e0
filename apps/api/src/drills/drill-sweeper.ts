import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Drills } from './drills.service';

const TICK_MS = 3000;

/**
 * The worker's drill duty: fires scheduled drills whose time came, ends the parts of units that
 * arrived (their positions at the point) or ran out of time, closes drills with no part left. Safe in
 * several workers at once (the due drill is locked, a part ends once).
 */
@Injectable()
export class DrillSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('DrillSweeper');
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(private readonly drills: Drills) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const r = await this.drills.sweep();
      if (r.fired || r.closed) this.log.log(`drills fired ${r.fired}, closed ${r.closed}`);
    } catch (e) {
      this.log.warn(`drill sweep: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }
}
