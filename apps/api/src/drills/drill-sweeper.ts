import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Periodic } from '../common/periodic';
import { Drills } from './drills.service';

/**
 * The worker's drill duty (every 3 s): fires scheduled drills whose time came, ends the parts of units
 * that arrived (their positions at the point) or ran out of time, closes drills with no part left. Safe
 * in several workers at once (the due drill is locked, a part ends once).
 */
@Injectable()
export class DrillSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('DrillSweeper');
  private readonly duty = new Periodic(this.log, 'drill sweep', 3000, async () => {
    const r = await this.drills.sweep();
    if (r.fired || r.closed) this.log.log(`drills fired ${r.fired}, closed ${r.closed}`);
  });

  constructor(private readonly drills: Drills) {}

  onModuleInit(): void {
    this.duty.start();
  }

  onApplicationShutdown(): void {
    this.duty.stop();
  }
}
