import 'reflect-metadata';
import {
  buildHierarchy,
  buildNetwork,
  contractGraph,
  graphInputOf,
  haversineM,
  hierarchyBytes,
  HierarchySearch,
  LonLat,
  pointInMultiPolygon,
  PolygonRings,
  RoadGraph,
  RoadSearch,
  Snap,
  SnapIndex,
  syntheticJiangxi,
  SyntheticSize,
} from '@gan119/geo';
import { performance } from 'perf_hooks';
import { AdminAreaRepository } from '../src/admin-areas/admin-area.repository';
import { STEP_NODES } from '../src/roads/fast-index';
import { RoadRepository } from '../src/roads/road.repository';
import { benchDataSource } from './bench-db';
import { benchArg, quantile, recordBench, seededRandom as rng } from './record';

/**
 * Many-to-one travel times on the full Jiangxi network: 1,000 random incidents (70 % in and around
 * towns, 30 % anywhere in the province), each with its 50 nearest units of the demo roster by straight
 * line (how the recommender pre-selects), answered by the contraction hierarchy and, beside it, by the
 * plain Dijkstra (every pair compared); a sample of the same queries through pgRouting
 * (pgr_withPointsCost, one call per incident) in the same run, for speed and agreement.
 *
 * Growth: `sizes=small,full,dense` (the default) repeats the timing on each synthetic network built in
 * memory — dense has four times the full network's nodes on the same ground.
 */
const INCIDENTS = 1000;
const CANDIDATES = 50;
const PGR_SAMPLE = 20;

async function main(): Promise<void> {
  const log = (m: string) => console.error(`[bench:routing] ${m}`);
  const ds = await benchDataSource(log);
  const repo = new RoadRepository(ds);
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  const input = await repo.loadGraphInput();
  const graph = new RoadGraph(input);
  const index = new SnapIndex(graph);
  const loadS = (performance.now() - t0) / 1000;
  global.gc?.();
  const graphMb = (process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heap0) / 1e6;
  const directed = graph.arcCount;
  log(`graph: ${graph.edgeCount.toLocaleString()} edges (${directed.toLocaleString()} directed), loaded in ${loadS.toFixed(1)} s, ~${graphMb.toFixed(0)} MB`);

  const { seats, province } = await new AdminAreaRepository(ds).seatsAndProvince();
  const r = rng(119);
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const near = (p: LonLat, km: number): LonLat => [p[0] + (gauss() * km) / 100, p[1] + (gauss() * km) / 111];
  const inProvince = (p: LonLat) => pointInMultiPolygon(p, province as PolygonRings[]);
  const lons = province.flatMap((poly) => poly[0].map((c) => c[0])),
    lats = province.flatMap((poly) => poly[0].map((c) => c[1]));
  const anywhere = (): LonLat => [
    Math.min(...lons) + r() * (Math.max(...lons) - Math.min(...lons)),
    Math.min(...lats) + r() * (Math.max(...lats) - Math.min(...lats)),
  ];
  const snapped = (make: () => LonLat): Snap => {
    for (;;) {
      const p = make();
      if (!inProvince(p)) continue;
      const s = index.nearest(p, 6000);
      if (s) return s;
    }
  };
  // the demo roster's units at their stations (1,093 units at 331 stations)
  const homes = (await ds.query('SELECT ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat FROM unit u JOIN station s ON s.id = u.station_id ORDER BY u.id')) as Array<{
    lon: number;
    lat: number;
  }>;
  const units: Snap[] = homes.map((h) => index.nearest([h.lon, h.lat], 6000)).filter((s): s is Snap => s !== null);
  log(`${units.length} of ${homes.length} units placed on the network`);
  const incidents = Array.from({ length: INCIDENTS }, () => snapped(() => (r() < 0.7 ? near(seats[Math.floor(r() * seats.length)].lonLat, 4) : anywhere())));
  const candidatesOf = (inc: Snap) =>
    units
      .map((u) => ({ u, d: haversineM(u.point, inc.point) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, CANDIDATES)
      .map((x) => x.u);
  const queries = incidents.map((inc) => ({ inc, cands: candidatesOf(inc) }));

  const plain = new RoadSearch(graph);
  const t1 = performance.now();
  const { hierarchy, longestStepMs } = steppedBuild(graph);
  const buildS = (performance.now() - t1) / 1000;
  const fast = new HierarchySearch(graph, hierarchy);
  log(`contraction hierarchy: ${hierarchy.shortcuts.toLocaleString()} shortcuts in ${buildS.toFixed(1)} s, ${(hierarchyBytes(hierarchy) / 1e6).toFixed(0)} MB`);
  log(
    `built in steps as the API rebuilds after a closure: the longest step held the event loop ${longestStepMs.toFixed(0)} ms (in one go: ${buildS.toFixed(1)} s)`,
  );
  const timed = timeQueries(fast, plain, queries);
  log(
    `hierarchy p99 ${quantile(timed.fastMs, 0.99).toFixed(2)} ms, plain p99 ${quantile(timed.plainMs, 0.99).toFixed(2)} ms, max difference ${timed.maxDiffS} s`,
  );
  const results = timed.fastTimes;

  const pgrMs: number[] = [];
  let maxRel = 0;
  let compared = 0;
  for (let k = 0; k < PGR_SAMPLE; k++) {
    const i = Math.floor((k * INCIDENTS) / PGR_SAMPLE);
    const q = queries[i];
    const t = performance.now();
    const theirs = await repo.pgrWithPointsCost(
      q.cands.map((c) => ({ edgeId: graph.edgeId[c.edge], fraction: c.fraction })),
      { edgeId: graph.edgeId[q.inc.edge], fraction: q.inc.fraction },
    );
    pgrMs.push(performance.now() - t);
    theirs.forEach((b, j) => {
      const a = results[i][j]?.seconds;
      if (a !== undefined && b !== null && b > 0) {
        maxRel = Math.max(maxRel, Math.abs(a - b) / b);
        compared++;
      }
    });
    log(`pgRouting ${k + 1}/${PGR_SAMPLE}: ${pgrMs[k].toFixed(0)} ms`);
  }
  const sizes = benchArg('sizes', 'small,full,dense').split(',') as SyntheticSize[];
  const growth: object[] = [];
  const stations = units.map((u) => u.point);
  await ds.destroy();
  for (const size of sizes) {
    if (size === 'full') {
      growth.push(curvePoint('full', graph, hierarchy, buildS, graphMb, timed));
      continue;
    }
    log(`growth: building the ${size} network in memory…`);
    const net = syntheticJiangxi(seats, province as PolygonRings[], size);
    global.gc?.();
    const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const g = new RoadGraph(graphInputOf(buildNetwork(net.ways, net.coords)));
    const idx = new SnapIndex(g);
    global.gc?.();
    const gMb = (process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - before) / 1e6;
    const t = performance.now();
    const h = buildHierarchy(g);
    const bS = (performance.now() - t) / 1000;
    const snapAll = (ps: LonLat[]) => ps.map((p) => idx.nearest(p, 6000)).filter((x): x is Snap => x !== null);
    const us = snapAll(stations);
    const qs = snapAll(queries.slice(0, 300).map((q) => q.inc.point)).map((inc) => ({
      inc,
      cands: us
        .map((u) => ({ u, d: haversineM(u.point, inc.point) }))
        .sort((x, y) => x.d - y.d)
        .slice(0, CANDIDATES)
        .map((x) => x.u),
    }));
    growth.push(curvePoint(size, g, h, bS, gMb, timeQueries(new HierarchySearch(g, h), new RoadSearch(g), qs)));
    log(`growth ${size}: ${JSON.stringify(growth[growth.length - 1])}`);
  }
  const ms = timed.fastMs;
  const p50 = quantile(ms, 0.5);
  recordBench('routing', {
    edges: directed,
    nodes: graph.nodeCount,
    queries: INCIDENTS,
    candidates: CANDIDATES,
    units: units.length,
    p50_ms: +p50.toFixed(3),
    p99_ms: +quantile(ms, 0.99).toFixed(3),
    max_ms: +Math.max(...ms).toFixed(3),
    goal_p99_ms: 5,
    settled_nodes_p50: quantile(timed.fastSettled, 0.5),
    plain_p50_ms: +quantile(timed.plainMs, 0.5).toFixed(3),
    plain_p99_ms: +quantile(timed.plainMs, 0.99).toFixed(3),
    plain_settled_nodes_p50: quantile(timed.plainSettled, 0.5),
    pairs_equal_to_plain_pct: +((100 * timed.equalPairs) / timed.pairs).toFixed(2),
    max_abs_diff_vs_plain_s: +timed.maxDiffS.toExponential(2),
    build_s: +buildS.toFixed(1),
    // the API rebuilds in the background after every closure, one step per turn of its event loop: the
    // longest step is how long it stops answering (a build in one go would stop it for build_s)
    rebuild_longest_step_ms: +longestStepMs.toFixed(0),
    hierarchy_memory_mb: +(hierarchyBytes(hierarchy) / 1e6).toFixed(0),
    shortcuts: hierarchy.shortcuts,
    pgrouting_queries: PGR_SAMPLE,
    pgrouting_p50_ms: +quantile(pgrMs, 0.5).toFixed(1),
    pgrouting_p99_ms: +quantile(pgrMs, 0.99).toFixed(1),
    speedup_p50: +(quantile(pgrMs, 0.5) / p50).toFixed(0),
    pairs_compared: compared,
    max_rel_diff: +maxRel.toExponential(2),
    graph_memory_mb: +graphMb.toFixed(0),
    load_s: +loadS.toFixed(2),
    growth,
  });
}

type Timed = ReturnType<typeof timeQueries>;

/** Builds the hierarchy in the API's steps and times each step. */
function steppedBuild(graph: RoadGraph) {
  const it = contractGraph(graph, STEP_NODES);
  let longestStepMs = 0;
  for (;;) {
    const t = performance.now();
    const r = it.next();
    longestStepMs = Math.max(longestStepMs, performance.now() - t);
    if (r.done) return { hierarchy: r.value, longestStepMs };
  }
}

/** Times every query on the hierarchy and on the plain search, and compares every pair. */
function timeQueries(fast: HierarchySearch, plain: RoadSearch, queries: ReadonlyArray<{ inc: Snap; cands: Snap[] }>) {
  for (const q of queries.slice(0, 30)) {
    fast.manyToOne(q.inc, q.cands, { paths: false });
    plain.manyToOne(q.inc, q.cands, { paths: false });
  }
  const fastMs: number[] = [],
    plainMs: number[] = [],
    fastSettled: number[] = [],
    plainSettled: number[] = [];
  let pairs = 0,
    equalPairs = 0,
    maxDiffS = 0;
  const fastTimes = queries.map((q) => {
    let t = performance.now();
    const a = fast.manyToOne(q.inc, q.cands, { paths: false });
    fastMs.push(performance.now() - t);
    fastSettled.push(a.settled);
    t = performance.now();
    const b = plain.manyToOne(q.inc, q.cands, { paths: false });
    plainMs.push(performance.now() - t);
    plainSettled.push(b.settled);
    a.times.forEach((x, i) => {
      const y = b.times[i];
      pairs++;
      const diff = x && y ? Math.abs(x.seconds - y.seconds) : x || y ? Infinity : 0;
      maxDiffS = Math.max(maxDiffS, diff);
      if (diff < 1e-6) equalPairs++;
    });
    return a.times;
  });
  return { fastMs, plainMs, fastSettled, plainSettled, pairs, equalPairs, maxDiffS, fastTimes };
}

function curvePoint(size: string, g: RoadGraph, h: ReturnType<typeof buildHierarchy>, buildS: number, graphMb: number, t: Timed) {
  return {
    size,
    nodes: g.nodeCount,
    edges: g.edgeCount,
    graph_mb: +graphMb.toFixed(0),
    build_s: +buildS.toFixed(1),
    hierarchy_mb: +(hierarchyBytes(h) / 1e6).toFixed(0),
    queries: t.fastMs.length,
    p50_ms: +quantile(t.fastMs, 0.5).toFixed(2),
    p99_ms: +quantile(t.fastMs, 0.99).toFixed(2),
    plain_p50_ms: +quantile(t.plainMs, 0.5).toFixed(2),
    plain_p99_ms: +quantile(t.plainMs, 0.99).toFixed(2),
    equal_pct: +((100 * t.equalPairs) / t.pairs).toFixed(2),
  };
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
