import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Periodic } from '../common/periodic';
import { FirstEngineLayer } from './first-engine';

/** The worker's duty (every 15 s, and at start): keeps the first-engine layer current (a road closed or reopened, a station added or moved shows within seconds). */
@Injectable()
export class FirstEngineRefresher implements OnModuleInit, OnApplicationShutdown {
  private readonly duty = new Periodic(new Logger('FirstEngineRefresher'), 'first-engine layer not refreshed', 15_000, async () => {
    await this.layer.refreshIfStale();
  });

  constructor(private readonly layer: FirstEngineLayer) {}

  onModuleInit(): void {
    this.duty.start(true);
  }

  onApplicationShutdown(): void {
    this.duty.stop();
  }
}
