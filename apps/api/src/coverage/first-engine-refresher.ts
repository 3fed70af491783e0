import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { FirstEngineLayer } from './first-engine';

const EVERY_MS = 15_000;

/** The worker's duty: keeps the first-engine layer current (a road closed or reopened, a station added or moved shows within seconds). */
@Injectable()
export class FirstEngineRefresher implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('FirstEngineRefresher');
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(private readonly layer: FirstEngineLayer) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
    void this.tick();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.layer.refreshIfStale();
    } catch (e) {
      this.log.warn(`first-engine layer not refreshed: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }
}
