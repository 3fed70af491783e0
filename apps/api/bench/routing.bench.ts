import 'reflect-metadata';
import { haversineM, LonLat, pointInMultiPolygon, PolygonRings, RoadGraph, RoadSearch, Snap, SnapIndex } from '@gan119/geo';
import { performance } from 'perf_hooks';
import { AdminAreaRepository } from '../src/admin-areas/admin-area.repository';
import { RoadRepository } from '../src/roads/road.repository';
import { benchDataSource } from './bench-db';
import { quantile, recordBench, seededRandom as rng } from './record';

/**
 * Many-to-one travel times on the full Jiangxi network: 1,000 random incidents (70 % in and around
 * towns, 30 % anywhere in the province), each with its 50 nearest units of the demo roster by straight
 * line (how the recommender pre-selects), timed on the resident graph; a sample of the same queries
 * through pgRouting (pgr_withPointsCost, one call per incident) in the same run, for speed and agreement.
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

  const search = new RoadSearch(graph);
  for (const q of queries.slice(0, 50)) search.manyToOne(q.inc, q.cands); // warm-up
  const ms: number[] = [];
  const settled: number[] = [];
  const results = queries.map((q) => {
    const t = performance.now();
    const res = search.manyToOne(q.inc, q.cands);
    ms.push(performance.now() - t);
    settled.push(search.lastSettled);
    return res;
  });
  log(`resident graph: p50 ${quantile(ms, 0.5).toFixed(2)} ms, p99 ${quantile(ms, 0.99).toFixed(2)} ms`);

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
  await ds.destroy();
  const p50 = quantile(ms, 0.5);
  recordBench('routing', {
    edges: directed,
    queries: INCIDENTS,
    candidates: CANDIDATES,
    units: units.length,
    p50_ms: +p50.toFixed(3),
    p99_ms: +quantile(ms, 0.99).toFixed(3),
    max_ms: +Math.max(...ms).toFixed(3),
    settled_nodes_p50: quantile(settled, 0.5),
    pgrouting_queries: PGR_SAMPLE,
    pgrouting_p50_ms: +quantile(pgrMs, 0.5).toFixed(1),
    pgrouting_p99_ms: +quantile(pgrMs, 0.99).toFixed(1),
    speedup_p50: +(quantile(pgrMs, 0.5) / p50).toFixed(0),
    pairs_compared: compared,
    max_rel_diff: +maxRel.toExponential(2),
    graph_memory_mb: +graphMb.toFixed(0),
    load_s: +loadS.toFixed(2),
  });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
