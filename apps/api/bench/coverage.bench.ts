import 'reflect-metadata';
import { LonLat, ReachSearch, RoadGraph, seedsOf, Snap, SnapIndex } from '@gan119/geo';
import { performance } from 'perf_hooks';
import { configFromProcess } from '../src/config/env';
import { Coverage } from '../src/coverage/coverage.service';
import { Siting } from '../src/coverage/siting.service';
import { coveredWeight, greedySiting, SitingInstance, sitingLp } from '@gan119/dispatch';
import highsLoader from 'highs';
import { Db } from '../src/infra/db/unit-of-work';
import { RoadRepository } from '../src/roads/road.repository';
import { RoutingService } from '../src/roads/routing.service';
import { benchDatabaseUrl, benchDataSource } from './bench-db';
import { quantile, recordBench } from './record';
import { benchHydrants } from './coverage-hydrants';

/**
 * Coverage (issue 18): every station's reach on the full synthetic Jiangxi network for
 * the four thresholds (3, 5, 8 and 10 minutes of driving, turnout not included), one bounded search
 * per station up to 10 minutes with the vertices and road length within each threshold read off it;
 * and the minutes to the nearest station everywhere, one search from all stations at once. Beside
 * them, pgRouting's pgr_drivingDistance from the same stations' nearest vertices in one call, and ours
 * from the same vertices (the vertex counts compared). Then the report, the siting of 115 stations with
 * its gap to the optimum, the hydrant checks and the siting of 11,000 hydrants, and the first-engine layer.
 */
const THRESHOLDS = [180, 300, 480, 600];

async function main(): Promise<void> {
  const log = (m: string) => console.error(`[bench:coverage] ${m}`);
  const ds = await benchDataSource(log);
  const repo = new RoadRepository(ds);
  const graph = new RoadGraph(await repo.loadGraphInput());
  const index = new SnapIndex(graph);
  const stations = (await ds.query('SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM station ORDER BY id')) as Array<{
    id: number;
    lon: number;
    lat: number;
  }>;
  const snaps = stations.map((s) => index.nearest([s.lon, s.lat] as LonLat, 5000)).filter((s): s is NonNullable<typeof s> => s !== null) as Snap[];
  log(`${graph.edgeCount.toLocaleString()} edges, ${stations.length} stations (${snaps.length} on the network)`);
  const search = new ReachSearch(graph);
  const limit = THRESHOLDS[THRESHOLDS.length - 1];

  // every station's own reach
  const t0 = performance.now();
  const within = THRESHOLDS.map(() => ({ vertices: 0, roadM: 0 }));
  for (const s of snaps) {
    const r = search.run(seedsOf(graph, s, 0), limit);
    const road = search.roadWithin(r, THRESHOLDS);
    THRESHOLDS.forEach((T, k) => {
      let n = 0;
      while (n < r.count && r.seconds[n] <= T) n++;
      within[k].vertices += n;
      within[k].roadM += road[k];
    });
  }
  const allReachS = (performance.now() - t0) / 1000;
  // the minutes to the nearest station everywhere (one multi-source search)
  const t1 = performance.now();
  const nearest = search.run(
    snaps.flatMap((s, i) => seedsOf(graph, s, 0, i)),
    limit,
  );
  const covered = search.roadWithin(nearest, THRESHOLDS);
  const nearestS = (performance.now() - t1) / 1000;
  let totalM = 0;
  for (let e = 0; e < graph.edgeCount; e++) totalM += graph.edgeLength[e];
  log(`all stations' reach: ${allReachS.toFixed(2)} s; nearest station everywhere: ${nearestS.toFixed(2)} s`);

  // pgRouting from each station's nearest vertex, in one call, and ours from the same vertices
  const vertices = snaps.map((s) => graph.vertexIds[s.fraction < 0.5 ? graph.edgeSource[s.edge] : graph.edgeTarget[s.edge]]);
  const t2 = performance.now();
  const pgrVertices = await repo.pgrDrivingDistanceCount(vertices, limit);
  const pgrS = (performance.now() - t2) / 1000;
  const t3 = performance.now();
  let ours = 0;
  for (const v of vertices) {
    const node = graph.nodeIndex(v);
    if (node !== undefined) ours += search.run([{ node, seconds: 0, source: 0 }], limit).count;
  }
  const oursS = (performance.now() - t3) / 1000;
  log(
    `pgr_drivingDistance: ${pgrS.toFixed(1)} s for ${pgrVertices.toLocaleString()} vertices; ours from the same vertices ${oursS.toFixed(2)} s for ${ours.toLocaleString()}`,
  );

  // the coverage report (GET /api/coverage/report) as the API computes it, on the resident graph of a routing service
  const config = configFromProcess({ ROLE: 'worker', DATABASE_URL: benchDatabaseUrl(), ROUTING_HIERARCHY: 'off' });
  const routing = new RoutingService(repo, config);
  routing.onModuleInit();
  await routing.whenLoaded();
  const coverage = new Coverage(new Db(ds), routing, config);
  const t4 = performance.now();
  const first = await coverage.report(false);
  const firstMs = performance.now() - t4;
  const reportMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await coverage.report(i % 2 === 1);
    reportMs.push(performance.now() - t);
  }
  // siting: 115 new stations on the whole province (greedy), and the greedy answer's gap to the optimum on a small instance solved exactly
  const siting = new Siting(new Db(ds), routing, config);
  const t5 = performance.now();
  const proposed = await siting.propose(115, false);
  const sitingS = (performance.now() - t5) / 1000;
  const problem = await siting.setting(false);
  const small = smallInstance(problem.instance, problem.candidates, 60);
  const highs = await highsLoader();
  const smallN = 5;
  const greedySmall = coveredWeight(
    small,
    greedySiting(small, smallN).map((p) => p.candidate),
  );
  const t6 = performance.now();
  const optimum = highs.solve(sitingLp(small, smallN));
  const exactS = (performance.now() - t6) / 1000;
  if (optimum.Status !== 'Optimal') throw new Error(`HiGHS: ${optimum.Status}`);
  const gapPct = optimum.ObjectiveValue > 0 ? ((optimum.ObjectiveValue - greedySmall) / optimum.ObjectiveValue) * 100 : 0;
  log(
    `siting: 115 stations in ${sitingS.toFixed(1)} s (${proposed.candidates} candidates), covering ${proposed.gained} more weight; small instance (${small.covers.length} candidates, n=${smallN}): greedy ${greedySmall}, optimum ${optimum.ObjectiveValue} (HiGHS ${exactS.toFixed(2)} s), gap ${gapPct.toFixed(2)} %`,
  );
  const hydrantFigures = await benchHydrants(ds, routing, coverage, config, log);
  await routing.onApplicationShutdown();
  log(`coverage report: first ${firstMs.toFixed(0)} ms (reads each edge's county once per graph), then p50 ${quantile(reportMs, 0.5).toFixed(0)} ms`);

  const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
  recordBench('coverage', {
    network: `synthetic Jiangxi, full: ${graph.edgeCount} edges, ${graph.nodeCount} vertices`,
    stations: snaps.length,
    thresholds: THRESHOLDS,
    turnout: 'not included (driving only)',
    all_reach_s: round(allReachS, 2),
    per_threshold: THRESHOLDS.map((T, k) => ({
      seconds: T,
      vertices_reached_sum: within[k].vertices,
      road_km_reached_sum: round(within[k].roadM / 1000),
      road_share_within_of_nearest_station: round(covered[k] / totalM, 4),
    })),
    nearest_station_everywhere_s: round(nearestS, 2),
    pgrouting_driving_distance_s: round(pgrS, 1),
    pgrouting_vertices: pgrVertices,
    ours_from_same_vertices_s: round(oursS, 2),
    ours_vertices: ours,
    speedup_vs_pgrouting: round(pgrS / oursS, 0),
    report_ms: round(quantile(reportMs, 0.5)),
    report_max_ms: round(Math.max(...reportMs)),
    report_first_ms: round(firstMs),
    report_province_road_share_5min: first.province.roadShare[1] ?? 0,
    report_province_places_within_5min: `${first.province.placesWithin[1]} of ${first.province.places}`,
    report_key_units_within_5min: `${first.province.keyUnitsWithin[1]} of ${first.province.keyUnits}`,
    siting_n: 115,
    siting_s: round(sitingS, 2),
    siting_candidates: proposed.candidates,
    siting_weight_before: proposed.before.weight,
    siting_weight_after: proposed.after.weight,
    siting_weight_total: proposed.demand.weight,
    siting_gap_to_optimum_pct: round(gapPct, 2),
    siting_small_instance: `${small.covers.length} candidates nearest the first one, their demand, n = ${smallN}: greedy ${greedySmall}, optimum ${optimum.ObjectiveValue} (HiGHS ${round(exactS, 2)} s)`,
    ...hydrantFigures,
  });
  await ds.destroy();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

/** A small instance cut from the whole: the `size` candidates nearest the first one, with the demand they cover (for the exact solve). */
function smallInstance(inst: SitingInstance, candidates: ReadonlyArray<{ lon: number; lat: number }>, size: number): SitingInstance {
  const [x0, y0] = [candidates[0].lon, candidates[0].lat];
  const chosen = candidates
    .map((c, i) => ({ i, d: (c.lon - x0) ** 2 + (c.lat - y0) ** 2 }))
    .sort((a, b) => a.d - b.d)
    .slice(0, size)
    .map((x) => x.i);
  return { weights: inst.weights, covered: inst.covered, covers: chosen.map((c) => inst.covers[c]) };
}
