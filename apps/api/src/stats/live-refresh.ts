import { Injectable } from '@nestjs/common';
import { Db } from '../infra/db/unit-of-work';
import { liveFact } from './facts';
import { ResponseFactsRepository } from './response-facts.repository';

/** Re-read what changed in the last minute too: a transaction that began before a refresh may commit after it. */
const OVERLAP_MS = 60_000;
const PAGE = 500;

/**
 * Keeps the statistics record up with the live one, incrementally: the incidents whose incident row,
 * assignments, acknowledgements or unit moves changed since the last refresh are read again and their
 * facts replaced (a merged duplicate's are removed). One process refreshes at a time (an advisory
 * lock); the others answer from what is there.
 */
@Injectable()
export class LiveRefresh {
  private running: Promise<number> | null = null;

  constructor(private readonly db: Db) {}

  /**
   * Brings the statistics record up to date before an answer (cheap: only what changed since the last
   * refresh, through indexes); concurrent callers share one refresh. Answers how many incidents were written.
   */
  refresh(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<number> {
    const written = await this.db.transaction(async (tx) => {
      const repo = tx.get(ResponseFactsRepository);
      const lock = await repo.lockRefresh();
      if (!lock) return 0;
      let n = 0;
      for (let after = 0; ;) {
        const ids = await repo.touchedSince(lock.watermark, after, PAGE);
        if (ids.length === 0) break;
        after = ids[ids.length - 1];
        const { incidents, units } = await repo.liveRecord(ids);
        const byIncident = new Map<number, typeof units>();
        for (const u of units) {
          const list = byIncident.get(u.incidentId);
          if (list) list.push(u);
          else byIncident.set(u.incidentId, [u]);
        }
        await repo.removeLive(incidents.filter((i) => i.mergedInto !== null).map((i) => i.id));
        n += await repo.upsert(
          'live',
          'live',
          incidents.filter((i) => i.mergedInto === null).map((i) => liveFact(i, byIncident.get(i.id) ?? [])),
        );
      }
      await repo.setWatermark(new Date(lock.now.getTime() - OVERLAP_MS));
      return n;
    });
    return written;
  }
}
