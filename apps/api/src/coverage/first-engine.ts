import { Inject, Injectable, Logger } from '@nestjs/common';
import { seedsOf, Snap, timeAtPoint } from '@gan119/geo';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Db } from '../infra/db/unit-of-work';
import { RoutingService } from '../roads/routing.service';
import { onEdgeIndex, snapper } from './coverage-search';
import { CoverageRepository } from './coverage.repository';
import { FirstEngineRepository } from './first-engine.repository';

/** The layer's horizon: roads farther than this from every station are drawn as beyond it. */
export const FIRST_ENGINE_LIMIT_S = 20 * 60;

/**
 * The map layer coloured by minutes to the first engine: every road edge's time at its middle from the
 * nearest station (one multi-source search on the resident graph, driving only), stored for the vector
 * tiles. Computed again in the background (the worker) when the closures, the stations, the calibration
 * in use or the graph change.
 */
@Injectable()
export class FirstEngineLayer {
  private readonly log = new Logger('FirstEngineLayer');

  constructor(
    private readonly db: Db,
    private readonly routing: RoutingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async stamp(): Promise<string> {
    const g = this.routing.reachContext().graph;
    return `${g.edgeCount}:${g.nodeCount}:${await this.db.get(FirstEngineRepository).inputsStamp()}`;
  }

  async status() {
    const state = await this.db.get(FirstEngineRepository).state();
    const current = this.routing.graphStatus().state === 'ready' && state !== null && state.stamp === (await this.stamp());
    return { computedAt: state?.computedAt ?? null, edges: state?.edges ?? 0, tookMs: state?.tookMs ?? null, current, limitS: FIRST_ENGINE_LIMIT_S };
  }

  /** Computes and stores the layer when what it was computed from changed; false when it was current (another process may just have computed it). */
  async refreshIfStale(): Promise<boolean> {
    await this.routing.whenLoaded();
    const stamp = await this.stamp();
    if ((await this.db.get(FirstEngineRepository).state())?.stamp === stamp) return false;
    const t0 = Date.now();
    const stations = await this.db.get(CoverageRepository).stations();
    const { graph: g, search, nearest } = this.routing.reachContext();
    const snap = snapper(nearest, this.config.routing.snapMaxM);
    const placed = stations.map((s) => ({ s, at: snap(s), startSeconds: 0 })).filter((x): x is typeof x & { at: Snap } => x.at !== null);
    const reached = search.run(
      placed.flatMap((x, i) => seedsOf(g, x.at, 0, i)),
      FIRST_ENGINE_LIMIT_S,
    );
    const times = search.timesOf(reached);
    const sourceOf = new Int32Array(g.nodeCount).fill(-1);
    for (let i = 0; i < reached.count; i++) sourceOf[reached.nodes[i]] = reached.source[i];
    const onEdge = onEdgeIndex(placed);
    const ids = new Float64Array(g.edgeCount),
      seconds = new Float32Array(g.edgeCount),
      station = new Int32Array(g.edgeCount);
    let n = 0;
    for (let e = 0; e < g.edgeCount; e++) {
      const t = timeAtPoint(g, times, { edge: e, fraction: 0.5, point: [0, 0], distanceM: 0 }, onEdge.get(e));
      if (!(t <= FIRST_ENGINE_LIMIT_S)) continue;
      const a = g.edgeSource[e],
        b = g.edgeTarget[e];
      const src = times[a] <= times[b] ? sourceOf[a] : sourceOf[b];
      ids[n] = g.edgeId[e];
      seconds[n] = t;
      station[n] = placed[src >= 0 ? src : 0]?.s.id ?? 0;
      n++;
    }
    const wrote = await this.db.transaction(async (tx) => {
      const repo = tx.get(FirstEngineRepository);
      // one writer at a time; one that waited finds the layer current (another process wrote it) and leaves it
      await repo.lock();
      if ((await repo.state())?.stamp === stamp) return false;
      await repo.replace(ids, seconds, station, n, stamp, Date.now() - t0);
      return true;
    });
    if (wrote) this.log.log(`first-engine layer: ${n} of ${g.edgeCount} road edges within ${FIRST_ENGINE_LIMIT_S / 60} min of a station, in ${Date.now() - t0} ms`);
    return wrote;
  }
}
