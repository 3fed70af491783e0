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
import { benchArg, quantile, recordBench, seededRandom as rng } from './record';
import { Db } from '../src/infra/db/unit-of-work';

/**
 * The whole recommendation (plan, candidates, ETAs by road, cover, explanations, a route per pick,
 * assembly point) for 1,000 random incidents of mixed types and levels on the full network with the
 * demo roster, answered by the contraction hierarchy; beside it, in the same run, the plain Dijkstra
 * stopped once the plan is settled and the plain search run to every candidate (the picks must not
 * change); and how often the pick differs from choosing by straight-line distance.
 */
const N = Number(benchArg('incidents', '1000'));

async function main(): Promise<void> {
  const log = (m: string) => console.error(`[bench:recommend] ${m}`);
  const ds = await benchDataSource(log);
  const config = configFromProcess({ ROLE: 'worker', REDIS_PREFIX: 'bench:' });
  const redis = createRedis(config.redis.url, 'bench');
  const avl = new AvlService(new AvlRepository(ds), redis, config);
  const routing = new RoutingService(new RoadRepository(ds), config);
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  await routing.reload();
  const t0 = performance.now();
  while (routing.graphStatus().fast?.state !== 'ready') await new Promise((r) => setTimeout(r, 100));
  const buildS = (performance.now() - t0) / 1000;
  global.gc?.();
  const graphMb = (process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heap0) / 1e6;
  log(`graph: ${JSON.stringify(routing.graphStatus())}; hierarchy built in the background in ${buildS.toFixed(1)} s`);
  await ds.query(
    'DELETE FROM iot_alarm; DELETE FROM incident_event; DELETE FROM incident_caller; DELETE FROM dispatch_order; DELETE FROM assignment; DELETE FROM incident',
  );
  const { seats, province } = await new AdminAreaRepository(ds).seatsAndProvince();
  const r = rng(5);
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const incidents: Array<{ id: number; level: IncidentLevel }> = [];
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
    incidents.push({ id: incident.id, level: incident.level });
  }
  const deps = { db: new Db(ds), routing, avl };
  for (const { id } of incidents.slice(0, 30)) {
    await recommendUnits(deps, id); // warm-up
    await recommendUnits(deps, id, { plainSearch: true });
  }
  const ms: number[] = [];
  const plainMs: number[] = [];
  const fullMs: number[] = [];
  const byLevel = new Map<number, number[]>();
  let differs = 0;
  let picks = 0;
  let samePicks = 0;
  let samePicksPlain = 0;
  let timedUnits = 0;
  for (const { id, level } of incidents) {
    const t = performance.now();
    const rec = await recommendUnits(deps, id);
    ms.push(performance.now() - t);
    byLevel.set(level, [...(byLevel.get(level) ?? []), ms[ms.length - 1]]);
    timedUnits += rec.candidatesConsidered;
    const t1 = performance.now();
    const plain = await recommendUnits(deps, id, { plainSearch: true });
    plainMs.push(performance.now() - t1);
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
    if (key(plain) === key(full)) samePicksPlain++;
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
    p99_ms_by_level: Object.fromEntries([...byLevel].sort((a, b) => a[0] - b[0]).map(([l, xs]) => [String(l), +quantile(xs, 0.99).toFixed(2)])),
    incidents_by_level: Object.fromEntries([...byLevel].sort((a, b) => a[0] - b[0]).map(([l, xs]) => [String(l), xs.length])),
    plain_search_p50_ms: +quantile(plainMs, 0.5).toFixed(2),
    plain_search_p99_ms: +quantile(plainMs, 0.99).toFixed(2),
    exhaustive_search_p50_ms: +quantile(fullMs, 0.5).toFixed(2),
    exhaustive_search_p99_ms: +quantile(fullMs, 0.99).toFixed(2),
    same_picks_as_exhaustive_pct: +((100 * samePicks) / N).toFixed(1),
    plain_same_picks_as_exhaustive_pct: +((100 * samePicksPlain) / N).toFixed(1),
    candidates_timed_per_incident: +(timedUnits / N).toFixed(1),
    build_s: +buildS.toFixed(1),
    graph_memory_mb: +graphMb.toFixed(0),
    goal_p99_ms: 20,
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
