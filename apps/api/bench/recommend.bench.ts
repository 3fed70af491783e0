import 'reflect-metadata';
import { Candidate, INCIDENT_TYPES, IncidentLevel, recommend } from '@gan119/dispatch';
import { pointInMultiPolygon } from '@gan119/geo';
import { performance } from 'perf_hooks';
import { configFromProcess } from '../src/config/env';
import { createRedis } from '../src/infra/redis/redis.module';
import { AdminAreaRepository } from '../src/admin-areas/admin-area.repository';
import { AvlRepository } from '../src/forces/avl.repository';
import { AvlService } from '../src/forces/avl.service';
import { RoadRepository } from '../src/roads/road.repository';
import { RoutingService } from '../src/roads/routing.service';
import { createIncident } from '../src/dispatch/create-incident';
import { recommendUnits } from '../src/dispatch/recommend-units';
import { benchDataSource } from './bench-db';
import { quantile, recordBench, seededRandom as rng } from './record';
import { Db } from '../src/infra/db/unit-of-work';

/**
 * The whole recommendation (plan, candidates, ETAs by road, cover, explanations, a route per pick,
 * assembly point) for 1,000 random incidents of mixed types and levels on the full network with the
 * demo roster; beside it the same with the road search run to every candidate instead of stopping
 * once the plan is settled (the picks must not change); and how often the pick differs from choosing
 * by straight-line distance.
 */
const N = 1000;

async function main(): Promise<void> {
  const log = (m: string) => console.error(`[bench:recommend] ${m}`);
  const ds = await benchDataSource(log);
  const config = configFromProcess({ ROLE: 'worker', REDIS_PREFIX: 'bench:' });
  const redis = createRedis(config.redis.url, 'bench');
  const avl = new AvlService(new AvlRepository(ds), redis, config);
  const routing = new RoutingService(new RoadRepository(ds), config);
  await routing.reload();
  log(`graph: ${JSON.stringify(routing.graphStatus())}`);
  await ds.query(
    'DELETE FROM iot_alarm; DELETE FROM incident_event; DELETE FROM incident_caller; DELETE FROM dispatch_order; DELETE FROM assignment; DELETE FROM incident',
  );
  const { seats, province } = await new AdminAreaRepository(ds).seatsAndProvince();
  const r = rng(5);
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const incidents: number[] = [];
  const levels: IncidentLevel[] = [1, 1, 1, 2, 2, 3, 4, 5];
  while (incidents.length < N) {
    const s = seats[Math.floor(r() * seats.length)];
    const p: [number, number] = r() < 0.75 ? [s.lonLat[0] + gauss() * 0.04, s.lonLat[1] + gauss() * 0.035] : [114 + r() * 4.4, 24.6 + r() * 5.4];
    if (!pointInMultiPolygon(p, province) || !routing.trySnap(p)) continue;
    const type = INCIDENT_TYPES[Math.floor(r() * INCIDENT_TYPES.length)];
    const { incident } = await createIncident(new Db(ds), {
      type,
      level: levels[Math.floor(r() * levels.length)],
      location: { lon: p[0], lat: p[1], crs: 'WGS84' },
      source: 'phone',
      by: 'bench',
    });
    incidents.push(incident.id);
  }
  const deps = { db: new Db(ds), routing, avl };
  for (const id of incidents.slice(0, 30)) await recommendUnits(deps, id); // warm-up
  const ms: number[] = [];
  const fullMs: number[] = [];
  let differs = 0;
  let picks = 0;
  let samePicks = 0;
  for (const id of incidents) {
    const t = performance.now();
    const rec = await recommendUnits(deps, id);
    ms.push(performance.now() - t);
    // beside it, the search run to every candidate (no early stop): the picks must be the same
    const t2 = performance.now();
    const full = await recommendUnits(deps, id, { exhaustive: true });
    fullMs.push(performance.now() - t2);
    const key = (r: typeof rec) =>
      r.picks
        .map((p) => `${p.unitId}:${p.capability}:${p.etaS.toFixed(3)}`)
        .sort()
        .join(',');
    if (key(rec) === key(full)) samePicks++;
    picks += rec.picks.length;
    // the same cover chosen by straight-line distance instead of road time
    const straight = recommendByStraightLine(full);
    const a = new Set(rec.picks.map((p) => p.unitId));
    if (straight.size !== a.size || [...straight].some((u) => !a.has(u))) differs++;
  }
  await ds.query('DELETE FROM iot_alarm; DELETE FROM incident_event; DELETE FROM incident_caller; DELETE FROM incident');
  redis.disconnect();
  await ds.destroy();
  recordBench('recommend', {
    incidents: N,
    p50_ms: +quantile(ms, 0.5).toFixed(2),
    p99_ms: +quantile(ms, 0.99).toFixed(2),
    max_ms: +Math.max(...ms).toFixed(1),
    exhaustive_search_p50_ms: +quantile(fullMs, 0.5).toFixed(2),
    exhaustive_search_p99_ms: +quantile(fullMs, 0.99).toFixed(2),
    same_picks_as_exhaustive_pct: +((100 * samePicks) / N).toFixed(1),
    goal_p99_ms: 50,
    picks_per_incident: +(picks / N).toFixed(1),
    differs_from_straight_line_pct: +((100 * differs) / N).toFixed(1),
  });

  function recommendByStraightLine(rec: Awaited<ReturnType<typeof recommendUnits>>): Set<number> {
    // the candidates the recommendation saw, ranked by distance as the crow flies instead
    const cands: Candidate[] = rec.candidates.map((c) => ({ ...c, etaS: c.etaS === null ? null : c.straightM }));
    return new Set(recommend(rec.needed, cands, rec.incident.cityAdcode ?? -1).picks.map((p) => p.unitId));
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
