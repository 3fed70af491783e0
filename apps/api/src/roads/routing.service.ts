import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Enough, LonLat, ManyToOneResult, ReachSearch, RoadGraph, RoadSearch, Route, secondsByEdgeKey, Snap, SnapIndex, TravelTime } from '@gan119/geo';
import { RoadGroup, ROAD_GROUPS } from '@gan119/dispatch';
import { listen, Listener } from '../infra/db/listener';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DomainError, unavailable } from '../common/errors';
import { ActiveCalibration, ROAD_GRAPH_CHANNEL, RoadGraphEvent, RoadRepository } from './road.repository';
import { FastIndex, FastIndexStatus } from './fast-index';

type Resident = {
  graph: RoadGraph;
  index: SnapIndex;
  search: RoadSearch;
  /** bounded forward searches (coverage), made on first use */
  reach?: ReachSearch;
  fast: FastIndex;
  synthetic: boolean;
  loadedAt: Date;
  loadSeconds: number;
  /** per edge: its road group (ROAD_GROUPS index) and region (index into calibrationOf) */
  edgeGroup: Uint8Array;
  edgeRegion: Uint16Array;
  /** per region: the ETA calibration its edge costs carry, or null (posted speeds) */
  calibrationOf: Array<ActiveCalibration | null>;
  regionNames: string[];
};
export type GraphStatus = {
  state: 'loading' | 'ready' | 'empty' | 'failed';
  edges?: number;
  nodes?: number;
  synthetic?: boolean;
  loadSeconds?: number;
  memoryMb?: number;
  error?: string;
  /** the contraction hierarchy: ready, or building (the plain search answers meanwhile) */
  fast?: FastIndexStatus;
  /** the ETA calibrations the edge costs carry, by region */
  calibrations?: Array<{ region: string; id: number; source: string; responses: number }>;
};

/**
 * The resident road graph of this process: loaded from the pgRouting tables at start-up, reloaded when
 * an import announces a change, and closed/reopened edge by edge as closures are announced
 * (PostgreSQL LISTEN/NOTIFY, so every API and worker process follows the same record).
 */
@Injectable()
export class RoutingService implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('RoutingService');
  private resident: Resident | null = null;
  private status: GraphStatus = { state: 'loading' };
  private listener: Listener | null = null;
  private loading: Promise<void> | null = null;
  private reloadAgain = false;
  private stopped = false;
  private readonly snapCache = new Map<string, (Snap & { edgeId: number }) | null>();
  private snapCacheOf: Resident | null = null;
  private snapCacheVersion = -1;
  /** loads failed in a row (for the retry's backoff) */
  private failures = 0;

  constructor(
    private readonly roads: RoadRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    void this.listen();
    void this.reload();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.resident?.fast.dispose();
    await this.listener?.close();
  }

  graphStatus(): GraphStatus {
    return this.resident && this.status.state === 'ready' ? { ...this.status, fast: this.resident.fast.state() } : this.status;
  }

  /** Resolves once the graph in the database at call time is resident (or failed to load). */
  async whenLoaded(): Promise<void> {
    while (this.loading) await this.loading;
  }

  /** Loads the whole graph again; concurrent calls coalesce into at most one more load. */
  reload(): Promise<void> {
    if (this.loading) {
      this.reloadAgain = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.reloadAgain = false;
        await this.loadOnce();
      } while (this.reloadAgain && !this.stopped);
    })().finally(() => (this.loading = null));
    return this.loading;
  }

  private async loadOnce(): Promise<void> {
    const t0 = Date.now();
    try {
      const repo = this.roads;
      const input = await repo.loadGraphInput();
      if (input.edgeIds.length === 0) {
        this.resident?.fast.dispose();
        this.resident = null;
        this.status = { state: 'empty' };
        return;
      }
      // a region's calibration scales its edges' costs by road group: every search, the hierarchy and the routes drive at the learned speeds
      const calibrationOf = input.regionNames.map((n) => input.calibrations.find((c) => c.region === n) ?? null);
      for (let e = 0; e < input.edgeIds.length; e++) {
        const c = calibrationOf[input.edgeRegion[e]];
        if (!c) continue;
        const f = c.model.factors[ROAD_GROUPS[input.edgeGroup[e]]];
        if (input.cost[e] >= 0) input.cost[e] *= f;
        if (input.reverseCost[e] >= 0) input.reverseCost[e] *= f;
      }
      const graph = new RoadGraph(input);
      const index = new SnapIndex(graph);
      const synthetic = await repo.anySynthetic();
      const loadSeconds = (Date.now() - t0) / 1000;
      this.resident?.fast.dispose();
      const fast = new FastIndex(graph, this.config.routing.hierarchy && !this.stopped);
      this.resident = {
        graph,
        index,
        search: new RoadSearch(graph),
        fast,
        synthetic,
        loadedAt: new Date(),
        loadSeconds,
        edgeGroup: input.edgeGroup,
        edgeRegion: input.edgeRegion,
        calibrationOf,
        regionNames: input.regionNames,
      };
      const calibrations = calibrationOf
        .filter((c): c is ActiveCalibration => c !== null)
        .map((c) => ({ region: c.region, id: c.id, source: c.source, responses: c.responses }));
      this.status = {
        state: 'ready',
        edges: graph.edgeCount,
        nodes: graph.nodeCount,
        synthetic,
        loadSeconds,
        memoryMb: Math.round(graph.byteSize() / 1e6),
        calibrations,
      };
      this.log.log(`road graph loaded: ${graph.edgeCount} edges, ${graph.nodeCount} nodes in ${loadSeconds.toFixed(1)} s`);
      this.failures = 0;
    } catch (e) {
      this.status = { state: 'failed', error: (e as Error).message };
      // tried again, 1 s, 2 s, 4 s … at most 30 s apart: a database busy at start-up (a lock, a restart) must not leave the process without roads
      const retryS = Math.min(30, 2 ** this.failures++);
      this.log.error(`road graph failed to load: ${(e as Error).message}; trying again in ${retryS} s`);
      if (!this.stopped) setTimeout(() => void (this.status.state === 'failed' && !this.stopped ? this.reload() : undefined), retryS * 1000).unref();
    }
  }

  private async listen(): Promise<void> {
    while (!this.stopped) {
      try {
        this.listener = await listen(this.config.db.url, `gan119-${this.config.role}-roads`, ROAD_GRAPH_CHANNEL, (p) => this.onEvent(p));
        await this.listener.lost;
      } catch {
        /* retried below */
      }
      await this.listener?.close();
      if (this.stopped) return;
      // a notification may have been missed while disconnected: reload from the record
      await new Promise((r) => setTimeout(r, 1000));
      void this.reload();
    }
  }

  private onEvent(payload: string | undefined): void {
    let ev: RoadGraphEvent;
    try {
      ev = JSON.parse(payload ?? '') as RoadGraphEvent;
    } catch {
      return;
    }
    if (ev.kind === 'reload') void this.reload();
    else this.applyClosure(ev.edgeId, ev.closed);
  }

  /** Applies a closure to this process's graph at once (the announcement reaches the others). */
  applyClosure(edgeId: number, closed: boolean): void {
    const r = this.resident;
    if (r?.graph.setClosed(edgeId, closed)) r.fast.changed();
  }

  private ready(): Resident {
    if (this.resident) return this.resident;
    if (this.status.state === 'empty') throw new DomainError('no_road_network', 'no road network is loaded: import one (nx run api:import-roads)', 503);
    throw unavailable('road_graph_loading', `the road graph is ${this.status.state}${this.status.error ? `: ${this.status.error}` : ''}`);
  }

  get synthetic(): boolean {
    return this.resident?.synthetic ?? false;
  }

  /** The nearest open road to a point, or a 422 naming how far the nearest road is allowed to be. */
  snap(p: LonLat, maxDistanceM = this.config.routing.snapMaxM): Snap & { edgeId: number } {
    const r = this.ready();
    const s = r.index.nearest(p, maxDistanceM);
    if (!s) throw new DomainError('off_network', `no open road within ${maxDistanceM} m of ${p[0]}, ${p[1]}`, 422, { lon: p[0], lat: p[1], maxDistanceM });
    return { ...s, edgeId: r.graph.edgeId[s.edge] };
  }

  /**
   * The nearest open road, or null beyond maxDistanceM. Places asked again and again (stations: units
   * at home) are remembered until the graph or a closure changes.
   */
  trySnap(p: LonLat, maxDistanceM = this.config.routing.snapMaxM): (Snap & { edgeId: number }) | null {
    const r = this.ready();
    if (this.snapCacheOf !== r || this.snapCacheVersion !== r.graph.closureVersion || this.snapCache.size > 50_000) {
      this.snapCache.clear();
      this.snapCacheOf = r;
      this.snapCacheVersion = r.graph.closureVersion;
    }
    const key = `${p[0]},${p[1]},${maxDistanceM}`;
    const known = this.snapCache.get(key);
    if (known !== undefined) return known;
    const s = r.index.nearest(p, maxDistanceM);
    const out = s ? { ...s, edgeId: r.graph.edgeId[s.edge] } : null;
    this.snapCache.set(key, out);
    return out;
  }

  /**
   * Travel time from each source to the target, with each source's way, in one result. The contraction
   * hierarchy answers when it is up to date with every closure (every source timed exactly); otherwise
   * the plain reverse search does, and with `enough` it may stop early: sources it did not finish have
   * no time and lie beyond the result's radius. `plain` asks for the plain search (benchmarks, tests).
   */
  manyToOne(target: Snap, sources: readonly Snap[], opts: { maxSeconds?: number; enough?: Enough; paths?: boolean; plain?: boolean } = {}): ManyToOneResult {
    const r = this.ready();
    const fast = opts.plain ? null : r.fast.search();
    if (fast) return fast.manyToOne(target, sources, opts);
    return r.search.manyToOne(target, sources, opts);
  }

  /** Travel time from the origin to each destination by one forward search; null for an unreachable one. */
  oneToMany(origin: Snap, destinations: readonly Snap[], maxSeconds?: number): Array<TravelTime | null> {
    return this.ready().search.oneToMany(origin, destinations, maxSeconds);
  }

  /** How far off the road a position may be and still be placed on it (m). */
  get snapMaxM(): number {
    return this.config.routing.snapMaxM;
  }

  /** The fastest any road is driven (m/s): a lower bound on travel time from straight-line distance. */
  topSpeedMps(): number {
    return this.ready().graph.topSpeedMps;
  }

  route(from: Snap, to: Snap): Route | null {
    return this.ready().search.route(from, to);
  }

  edgeId(edgeIndex: number): number {
    return this.ready().graph.edgeId[edgeIndex];
  }

  /** The ETA calibration of the region a position lies in (its edge's), or null where ETAs are from posted speeds. */
  calibrationAt(s: Snap): ActiveCalibration | null {
    const r = this.ready();
    return r.calibrationOf[r.edgeRegion[s.edge]] ?? null;
  }

  /**
   * A route's time by posted speeds on each group of roads (what a calibration is fitted on): the route's
   * own time split by its edges' groups, each divided back by the factor its region's calibration applied.
   */
  postedGroupSeconds(route: { seconds: number; edgeIds: readonly number[] }): Record<RoadGroup, number> {
    const r = this.ready();
    const split = secondsByEdgeKey(r.graph, route, (e) => `${r.edgeRegion[e]}|${r.edgeGroup[e]}`);
    const out: Record<RoadGroup, number> = { fast: 0, arterial: 0, local: 0 };
    for (const [k, sec] of split) {
      const [region, group] = k.split('|').map(Number);
      const g = ROAD_GROUPS[group];
      out[g] += sec / (r.calibrationOf[region]?.model.factors[g] ?? 1);
    }
    return out;
  }

  /** The region a position lies in (its edge's). */
  regionAt(s: Snap): string {
    const r = this.ready();
    return r.regionNames[r.edgeRegion[s.edge]] ?? '';
  }

  /**
   * The resident graph and a bounded search on it, for analyses that run many searches (coverage): valid
   * while `graph` is the resident one (a reload makes a new graph; closures change it in place and move
   * its `closureVersion`). Synchronous use only.
   */
  reachContext(): { graph: RoadGraph; search: ReachSearch; nearest: (p: LonLat, maxDistanceM: number) => Snap | null } {
    const r = this.ready();
    const search = (r.reach ??= new ReachSearch(r.graph));
    return { graph: r.graph, search, nearest: (p, m) => r.index.nearest(p, m) };
  }

  /** The reach of one road vertex (by its database id), as vertex id → seconds: what pgr_drivingDistance answers. */
  reachFromVertex(vertexId: number, limit: number): Map<number, number> {
    const r = this.ready();
    const node = r.graph.nodeIndex(vertexId);
    const out = new Map<number, number>();
    if (node === undefined) return out;
    const search = (r.reach ??= new ReachSearch(r.graph));
    const got = search.run([{ node, seconds: 0, source: 0 }], limit);
    for (let i = 0; i < got.count; i++) out.set(r.graph.vertexIds[got.nodes[i]], got.seconds[i]);
    return out;
  }
}
