import { syntheticHistory } from '@gan119/dispatch';
import { Db } from '../infra/db/unit-of-work';
import { historyFact } from './facts';
import { ResponseFactsRepository } from './response-facts.repository';

const CHUNK = 2000;
const DAY = 86_400_000;

/**
 * Synthetic response history for the demo roster (origin "synthetic", batch "demo", replaced each
 * time): `days` days up to the start of today (Asia/Shanghai) at about `perDay` calls a day, so the
 * statistics have a past to show before the simulator has made one.
 */
export async function loadDemoHistory(
  db: Db,
  opts: { days: number; perDay: number; seed?: number },
  log: (m: string) => void = () => undefined,
): Promise<number> {
  const repo = db.get(ResponseFactsRepository);
  const stations = (await repo.roster()).map((s) => ({ ...s, weight: 1 + s.units.length / 3 }));
  const today = Math.floor((Date.now() + 8 * 3_600_000) / DAY) * DAY; // local midnight, as a UTC+8 wall-clock instant
  const gen = syntheticHistory(stations, { start: today - opts.days * DAY, days: opts.days, perDay: opts.perDay, seed: opts.seed ?? 119, idPrefix: 'demo' });
  return db.transaction(async (tx) => {
    const r = tx.get(ResponseFactsRepository);
    await r.removeBatch('synthetic', 'demo');
    let n = 0,
      chunk = [];
    for (const inc of gen) {
      chunk.push(historyFact(inc));
      if (chunk.length === CHUNK) {
        n += await r.upsert('synthetic', 'demo', chunk);
        chunk = [];
      }
    }
    n += await r.upsert('synthetic', 'demo', chunk);
    await r.placeBatch('synthetic', 'demo');
    log(`demo response history: ${n.toLocaleString()} synthetic incidents over ${opts.days} days (marked synthetic)`);
    return n;
  });
}
