import type { IotMessage } from '@gan119/iot';
import type { IngestResult } from './iot-ingest';
import type { Via } from './iot-messages.repository';

type Accept = (platform: string, via: Via, messages: IotMessage[]) => Promise<IngestResult>;
type Waiting = { messages: IotMessage[]; resolve: (refused: Map<string, string>) => void; reject: (e: Error) => void };

/**
 * Gathers what many connections send within a few milliseconds into one store (one statement instead
 * of one per frame); each sender learns which of its messages were refused (and why) once the batch
 * is committed, or that nothing was stored (then it must not confirm).
 */
export class IngestBatcher {
  private pending: Waiting[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly accept: Accept,
    private readonly platform: string,
    private readonly via: Via,
    private readonly waitMs = 5,
    private readonly max = 2000,
  ) {}

  add(messages: IotMessage[]): Promise<Map<string, string>> {
    return new Promise((resolve, reject) => {
      this.pending.push({ messages, resolve, reject });
      this.size += messages.length;
      if (this.size >= this.max) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.waitMs);
    });
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.size = 0;
    if (!batch.length) return;
    try {
      const r = await this.accept(
        this.platform,
        this.via,
        batch.flatMap((w) => w.messages),
      );
      const refused = new Map(r.rejected.filter((x) => x.messageId !== null).map((x) => [x.messageId as string, x.error]));
      for (const w of batch)
        w.resolve(new Map(w.messages.filter((m) => refused.has(m.messageId)).map((m) => [m.messageId, refused.get(m.messageId) as string])));
    } catch (e) {
      for (const w of batch) w.reject(e as Error);
    }
  }
}
