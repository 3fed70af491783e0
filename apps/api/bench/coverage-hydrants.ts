import { unionLength } from '@gan119/geo';
import { performance } from 'perf_hooks';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../src/config/config';
import { Coverage } from '../src/coverage/coverage.service';
import { FirstEngineLayer } from '../src/coverage/first-engine';
import { BUILT_UP_CLASSES } from '../src/coverage/hydrant.repository';
import { HydrantCheck, HYDRANT_RADIUS_M } from '../src/coverage/hydrants.service';
import { Db } from '../src/infra/db/unit-of-work';
import type { RoutingService } from '../src/roads/routing.service';
import { quantile } from './record';

/**
 * The hydrant checks on the full network (GB 50974: the built-up streets within 150 m of an in-service
 * hydrant along the roads), beside pgRouting's pgr_drivingDistance from a virtual source joined to every in-service hydrant's
 * vertex (undirected, by length) with the covered length worked out from its distances; the siting of
 * the plan's 11,000 new hydrants; and the first-engine map layer computed and written.
 */
export async function benchHydrants(ds: DataSource, routing: RoutingService, coverage: Coverage, config: AppConfig, log: (m: string) => void) {
  const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
  const hydrants = new HydrantCheck(new Db(ds), routing, coverage);
  const t0 = performance.now();
  const first = await hydrants.check();
  const firstMs = performance.now() - t0;
  const ms: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await hydrants.check();
    ms.push(performance.now() - t);
  }
  const t1 = performance.now();
  const reached = (await ds.query(
    `SELECT node, agg_cost FROM pgr_drivingDistance(
         'SELECT id, source, target, length_m AS cost, length_m AS reverse_cost FROM road_edge
          UNION ALL SELECT -id, -1, substr(code, 3)::bigint, 0, 0 FROM water_source WHERE kind = ''hydrant'' AND status = ''in_service'' AND code LIKE ''HY%''',
         -1, $1, directed => false)`,
    [HYDRANT_RADIUS_M],
  )) as Array<{ node: string; agg_cost: number }>;
  const d = new Map(reached.map((r) => [Number(r.node), r.agg_cost]));
  const streets = (await ds.query(
    `SELECT source, target, length_m AS len FROM road_edge WHERE class = ANY($1::text[]) AND (name IS NULL OR name !~ '^[GSXYZ][0-9]')`,
    [BUILT_UP_CLASSES],
  )) as Array<{ source: string; target: string; len: number }>;
  let pgrCoveredM = 0;
  for (const e of streets) {
    const a = HYDRANT_RADIUS_M - (d.get(Number(e.source)) ?? Infinity),
      b = HYDRANT_RADIUS_M - (d.get(Number(e.target)) ?? Infinity);
    pgrCoveredM += unionLength(e.len, [...(a > 0 ? [[0, a] as const] : []), ...(b > 0 ? [[e.len - b, e.len] as const] : [])]);
  }
  const pgrS = (performance.now() - t1) / 1000;
  log(
    `hydrants: check first ${firstMs.toFixed(0)} ms, then p50 ${quantile(ms, 0.5).toFixed(0)} ms; covered ${first.province.coveredKm} km of ${first.province.streetKm} km; pgRouting ${pgrS.toFixed(1)} s → ${(pgrCoveredM / 1000).toFixed(1)} km`,
  );
  const t2 = performance.now();
  const sited = await hydrants.site(11000);
  const sitingS = (performance.now() - t2) / 1000;
  log(`hydrant siting: 11,000 in ${sitingS.toFixed(1)} s (${sited.candidates} candidates): ${sited.coveredKmBefore} → ${sited.coveredKmAfter} km`);
  await ds.query('DELETE FROM reach_state');
  const layer = new FirstEngineLayer(new Db(ds), routing, config);
  const t3 = performance.now();
  await layer.refreshIfStale();
  const layerS = (performance.now() - t3) / 1000;
  const [{ n }] = (await ds.query('SELECT count(*)::int AS n FROM reach_edge')) as [{ n: number }];
  log(`first-engine layer: ${n} edges computed and written in ${layerS.toFixed(1)} s`);
  return {
    hydrant_check_ms: round(quantile(ms, 0.5)),
    hydrant_check_first_ms: round(firstMs),
    hydrant_street_km: first.province.streetKm,
    hydrant_covered_km: first.province.coveredKm,
    hydrant_covered_km_pgrouting: round(pgrCoveredM / 1000),
    hydrant_pgrouting_s: round(pgrS, 1),
    hydrant_spacing_share: round(first.province.spacedShare ?? 0, 4),
    hydrant_gaps: first.province.gaps,
    hydrant_siting_k: 11000,
    hydrant_siting_s: round(sitingS, 2),
    hydrant_siting_candidates: sited.candidates,
    hydrant_siting_covered_km: `${sited.coveredKmBefore} → ${sited.coveredKmAfter} of ${sited.streetKm}`,
    first_engine_layer_edges: n,
    first_engine_layer_s: round(layerS, 1),
  };
}
