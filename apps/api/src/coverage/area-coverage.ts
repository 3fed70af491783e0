import { Inject, Injectable } from '@nestjs/common';
import { seedsOf, Snap } from '@gan119/geo';
import { COVERAGE_THRESHOLDS } from '@gan119/dispatch';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Db } from '../infra/db/unit-of-work';
import { RoutingService } from '../roads/routing.service';
import { onEdgeIndex, snapper, timeAt, turnoutOf } from './coverage-search';
import { CoverageRepository } from './coverage.repository';
import { AreaCoverageRepository } from './area-coverage.repository';

const rounded = (v: number) => (Number.isFinite(v) ? Math.round(v) : null);

/**
 * A drawn area's coverage (a new development zone, a planned district): its road length within 3, 5,
 * 8 and 10 minutes of the nearest station, its places and key units with their times, and which
 * stations are nearest to how much of its road — the same search as the province's report.
 */
@Injectable()
export class AreaCoverage {
  constructor(
    private readonly db: Db,
    private readonly routing: RoutingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async of(polygon: object, turnout: boolean) {
    const t0 = Date.now();
    await this.routing.whenLoaded();
    const [inside, stations] = await Promise.all([this.db.get(AreaCoverageRepository).inArea(polygon), this.db.get(CoverageRepository).stations()]);
    const { graph, search, nearest } = this.routing.reachContext();
    const snap = snapper(nearest, this.config.routing.snapMaxM);
    const placed = stations.map((s) => ({ s, at: snap(s), startSeconds: turnout ? turnoutOf(s) : 0 })).filter((x): x is typeof x & { at: Snap } => x.at !== null);
    const limit = COVERAGE_THRESHOLDS[COVERAGE_THRESHOLDS.length - 1];
    const reached = search.run(
      placed.flatMap((x, i) => seedsOf(graph, x.at, x.startSeconds, i)),
      limit,
    );
    const times = search.timesOf(reached);
    const onEdge = onEdgeIndex(placed);
    const member = new Int8Array(graph.edgeCount).fill(-1);
    let roadM = 0;
    for (const id of inside.edgeIds) {
      const e = graph.edgeIndex(id);
      if (e === undefined) continue;
      member[e] = 0;
      roadM += graph.edgeLength[e];
    }
    const withinM = search.roadWithinBy(reached, COVERAGE_THRESHOLDS, member, 1).map((m) => m[0]);
    // the station nearest each reached end of the area's roads, by road length
    const sourceOf = new Int32Array(graph.nodeCount).fill(-1);
    for (let i = 0; i < reached.count; i++) sourceOf[reached.nodes[i]] = reached.source[i];
    const byStation = new Map<number, number>();
    member.forEach((m, e) => {
      if (m !== 0) return;
      const a = graph.edgeSource[e],
        b = graph.edgeTarget[e];
      const src = times[a] <= times[b] ? sourceOf[a] : sourceOf[b];
      if (src >= 0) byStation.set(src, (byStation.get(src) ?? 0) + graph.edgeLength[e]);
    });
    const timeOf = (p: { lon: number; lat: number }) => rounded(timeAt(graph, times, onEdge, limit, snap(p)));
    const places = inside.places.map((p) => ({ ...p, seconds: timeOf(p) }));
    const keyUnits = inside.keyUnits.map((u) => ({ ...u, seconds: timeOf(u) }));
    const count = (xs: Array<{ seconds: number | null }>) => COVERAGE_THRESHOLDS.map((T) => xs.filter((x) => x.seconds !== null && x.seconds <= T).length);
    return {
      thresholds: COVERAGE_THRESHOLDS,
      turnout: turnout ? 'included' : 'excluded',
      km2: Math.round(inside.km2 * 100) / 100,
      roadKm: Math.round(roadM / 100) / 10,
      withinKm: withinM.map((m) => Math.round(m / 100) / 10),
      roadShare: withinM.map((m) => (roadM > 0 ? Math.min(1, m / roadM) : null)),
      places: places.length,
      placesWithin: count(places),
      keyUnits: keyUnits.length,
      keyUnitsWithin: count(keyUnits),
      stations: [...byStation.entries()]
        .sort((x, y) => y[1] - x[1])
        .slice(0, 10)
        .map(([i, m]) => ({ id: placed[i].s.id, name: placed[i].s.name, roadKm: Math.round(m / 100) / 10 })),
      placeTimes: places.sort((a, b) => (b.seconds ?? Infinity) - (a.seconds ?? Infinity)).slice(0, 100),
      keyUnitTimes: keyUnits,
      computedMs: Date.now() - t0,
    };
  }
}
