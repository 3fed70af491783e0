import { LonLat } from '@gan119/geo';
import { RoutingService } from '../roads/routing.service';
import { WaterRepository, WaterSourceRow } from './water.repository';

export type RankedWaterSource = WaterSourceRow & { seconds: number | null; roadM: number | null; method: 'road' | 'straight' };

/**
 * The nearest in-service water sources to a point by road time from the point (the engine drives to
 * them), among the 30 nearest by straight line; by straight distance when the point or a source is off
 * the road network, or no network is loaded.
 */
export async function nearestWater(repo: WaterRepository, routing: RoutingService, p: LonLat, n: number): Promise<RankedWaterSource[]> {
  const candidates = await repo.nearestInService(p[0], p[1], Math.max(30, n * 3));
  const origin = routing.graphStatus().state === 'ready' ? routing.trySnap(p) : null;
  const straight = (c: WaterSourceRow): RankedWaterSource => ({ ...c, seconds: null, roadM: null, method: 'straight' });
  if (!origin) return candidates.slice(0, n).map(straight);
  const snaps = candidates.map((c) => routing.trySnap([c.lon, c.lat], 500));
  const placed = snaps.map((s, i) => ({ s, i })).filter((x): x is { s: NonNullable<typeof x.s>; i: number } => x.s !== null);
  const times = routing.oneToMany(
    origin,
    placed.map((x) => x.s),
  );
  const ranked = candidates.map((c, i): RankedWaterSource => {
    const k = placed.findIndex((x) => x.i === i);
    const t = k >= 0 ? times[k] : null;
    return t ? { ...c, seconds: t.seconds, roadM: t.meters, method: 'road' } : straight(c);
  });
  // by road time where known; sources only reachable on foot (off-network) after, by distance
  ranked.sort((a, b) => (a.seconds ?? Infinity) - (b.seconds ?? Infinity) || a.straightM - b.straightM);
  return ranked.slice(0, n);
}
