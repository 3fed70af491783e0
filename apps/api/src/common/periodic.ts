import { Logger } from '@nestjs/common';

/**
 * A duty run every `everyMs` (and once at start when asked), never twice at once: a run still going
 * when the next is due is left to finish. A failure is logged and the next run tries again.
 */
export class Periodic {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly log: Logger,
    private readonly what: string,
    private readonly everyMs: number,
    private readonly work: () => Promise<void>,
  ) {}

  start(now = false): void {
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    if (now) void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.work();
    } catch (e) {
      this.log.warn(`${this.what}: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }
}
