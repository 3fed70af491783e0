import { DAY_MS as DAY, startOfLocalToday, syntheticHistory } from '@gan119/dispatch';
import { Db } from '../infra/db/unit-of-work';
import type { RoutingService } from '../roads/routing.service';
import { historyFact } from './facts';
import { ResponseFactsRepository } from './response-facts.repository';

const CHUNK = 2000;

/**
 * Synthetic response history for the roster, stored as one batch of origin "synthetic" (replacing
 * it): `days` days from `start` (the instant a local day begins) at
 * about `perDay` calls a day. Answers how many incidents were stored.
 */
export async function storeSyntheticHistory(
  db: Db,
  opts: {
    batch: string;
    start: number;
    days: number;
    perDay: number;
    seed?: number;
    roadSeconds?: (from: readonly [number, number], to: readonly [number, number]) => number | null;
  },
  progress: (stored: number) => void = () => undefined,
): Promise<number> {
  const roster = await db.get(ResponseFactsRepository).roster();
  const stations = roster.map((s) => ({ ...s, weight: 1 + s.units.length / 3 }));
  const ids = new Map(roster.flatMap((s) => s.units.map((u) => [u.code, { unitId: u.id, stationId: s.id }] as const)));
  const gen = syntheticHistory(stations, {
    start: opts.start,
    days: opts.days,
    perDay: opts.perDay,
    seed: opts.seed ?? 119,
    idPrefix: opts.batch,
    roadSeconds: opts.roadSeconds,
  });
  return db.transaction(async (tx) => {
    const r = tx.get(ResponseFactsRepository);
    await r.removeBatch('synthetic', opts.batch);
    await r.holdCells();
    let n = 0,
      chunk = [];
    for (const inc of gen) {
      chunk.push(historyFact(inc, ids));
      if (chunk.length === CHUNK) {
        n += await r.upsert('synthetic', opts.batch, chunk);
        chunk = [];
        progress(n);
      }
    }
    n += await r.upsert('synthetic', opts.batch, chunk);
    await r.placeBatch('synthetic', opts.batch);
    await r.addBatchCells('synthetic', opts.batch);
    return n;
  });
}

/** The demo's past: `days` days up to the start of today (Asia/Shanghai), batch "demo", so the statistics have something to show before the simulator has made a record. */
export async function loadDemoHistory(
  db: Db,
  opts: { days: number; perDay: number; seed?: number; routing?: RoutingService },
  log: (m: string) => void = () => undefined,
): Promise<number> {
  const today = startOfLocalToday();
  const routing = opts.routing;
  // travel by the demo's roads at posted speeds (the record a calibration then learns from), where they are loaded
  const roadSeconds = routing
    ? (from: readonly [number, number], to: readonly [number, number]) => {
        const a = routing.trySnap([from[0], from[1]]),
          b = routing.trySnap([to[0], to[1]]);
        const route = a && b ? routing.route(a, b) : null;
        if (!route) return null;
        const g = routing.postedGroupSeconds(route);
        return g.fast + g.arterial + g.local;
      }
    : undefined;
  const n = await storeSyntheticHistory(db, {
    batch: 'demo',
    start: today - opts.days * DAY,
    days: opts.days,
    perDay: opts.perDay,
    seed: opts.seed,
    roadSeconds,
  });
  log(
    `demo response history: ${n.toLocaleString()} synthetic incidents over ${opts.days} days (marked synthetic; travel ${routing ? 'by the roads' : 'by distance'})`,
  );
  return n;
}
