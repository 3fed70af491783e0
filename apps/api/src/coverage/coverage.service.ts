import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RoadGraph, seedsOf, Snap } from '@gan119/geo';
import { areaFigures, COVERAGE_THRESHOLDS, FIRST_DUE_S, PROVINCE_ADCODE, SECOND_DUE_S, Timed } from '@gan119/dispatch';
import { Capability, CAPABILITY_LABELS } from '@gan119/resources';
import { DomainError, notFound, unavailable } from '../common/errors';
import { SingleFlight } from '../common/single-flight';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Db } from '../infra/db/unit-of-work';
import { RoutingService } from '../roads/routing.service';
import { capabilitiesOf, onEdgeIndex, snapper, timeAt, turnoutOf } from './coverage-search';
import { CoverageCounty, CoverageRepository } from './coverage.repository';
import { HydrantRepository } from './hydrant.repository';

/** Per resident graph: the county of each edge (index into `counties`, −1 none) and each county's road metres. */
export type Base = {
  graph: RoadGraph;
  counties: CoverageCounty[];
  edgeCounty: Int16Array;
  roadM: Float64Array;
  /** 1 for the built-up streets (town grids and urban roads, not numbered highways) */
  street: Uint8Array;
  /** each built-up street's county (−1: not a built-up street, or in none), and each county's built-up street metres */
  streetCounty: Int16Array;
  streetM: Float64Array;
};

const rounded = (v: number) => (Number.isFinite(v) ? Math.round(v) : null);

/**
 * Coverage of the province by its stations on the resident road graph: how much road, how many places
 * and key units lie within 3, 5, 8 and 10 minutes of the nearest station (driving, or with turnout), by
 * county, city and province; for each capability, the key units within 5 minutes of a station with a
 * unit that has it; for high-risk key units, whether a second station is within 8 minutes.
 */
@Injectable()
export class Coverage implements OnApplicationBootstrap {
  private readonly log = new Logger('Coverage');
  private base: Base | null = null;
  /** the same report asked again while it is computed shares the answer (the work blocks this process for up to a second) */
  private readonly flights = new SingleFlight<Awaited<ReturnType<Coverage['compute']>>>();

  constructor(
    private readonly db: Db,
    private readonly routing: RoutingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Reads each edge's county and the built-up streets once the graph is loaded, in the background: the first report, hydrant check or siting does not wait for it. */
  onApplicationBootstrap(): void {
    void this.routing
      .whenLoaded()
      .then(() => (this.routing.graphStatus().state === 'ready' ? this.baseFor() : null))
      .catch((e: Error) => this.log.warn(`edge counties not read ahead: ${e.message}`));
  }

  report(turnout: boolean) {
    return this.flights.run(String(turnout), () => this.compute(turnout));
  }

  private async compute(turnout: boolean) {
    const t0 = Date.now();
    await this.routing.whenLoaded();
    const repo = this.db.get(CoverageRepository);
    const base = await this.baseFor(repo);
    const [stations, places, keyUnits] = await Promise.all([repo.stations(), repo.places(), repo.keyUnits()]);
    const ctx = this.routing.reachContext();
    if (ctx.graph !== base.graph) throw unavailable('road_graph_loading', 'the road graph was reloaded during the computation: ask again');
    const { graph, search } = ctx;
    const snap = snapper(ctx.nearest, this.config.routing.snapMaxM);
    const placed = stations.map((s) => ({ s, at: snap(s), startSeconds: turnout ? turnoutOf(s) : 0 })).filter((x): x is typeof x & { at: Snap } => x.at !== null);
    const countyIndex = new Map(base.counties.map((c, i) => [c.adcode, i]));
    const limit = COVERAGE_THRESHOLDS[COVERAGE_THRESHOLDS.length - 1];

    // the nearest station everywhere: one search from all of them
    const timesFrom = (from: typeof placed, upTo: number) => {
      const reached = search.run(
        from.flatMap((x, i) => seedsOf(graph, x.at, x.startSeconds, i)),
        upTo,
      );
      return { reached, times: search.timesOf(reached), onEdge: onEdgeIndex(from), upTo };
    };
    const nearest = timesFrom(placed, limit);
    const withinM = search.roadWithinBy(nearest.reached, COVERAGE_THRESHOLDS, base.edgeCounty, base.counties.length);
    const timeAtFor = (t: ReturnType<typeof timesFrom>, p: { lon: number; lat: number }) => timeAt(graph, t.times, t.onEdge, t.upTo, snap(p));
    const placeTimes = places.map((p) => ({ p, seconds: timeAtFor(nearest, p) }));
    const unitTimes = keyUnits.map((u) => ({ u, seconds: timeAtFor(nearest, u) }));
    const timed = (county: number | null, seconds: number): Timed => ({ area: county === null ? -1 : (countyIndex.get(county) ?? -1), seconds });
    const cityAreas = [...new Map(base.counties.filter((c) => c.cityAdcode !== null).map((c) => [c.cityAdcode as number, c.cityName ?? ''])).entries()].map(
      ([adcode, name]) => ({ adcode, name, cityAdcode: null }),
    );
    const areas = areaFigures(
      base.counties.map((c) => ({ adcode: c.adcode, name: c.name, cityAdcode: c.cityAdcode })),
      cityAreas,
      { adcode: PROVINCE_ADCODE, name: '江西省', cityAdcode: null },
      base.roadM,
      withinM,
      placeTimes.map((x) => timed(x.p.countyAdcode, x.seconds)),
      unitTimes.map((x) => timed(x.u.countyAdcode, x.seconds)),
      { roadM: base.streetM, withinM: search.roadWithinBy(nearest.reached, COVERAGE_THRESHOLDS, base.streetCounty, base.counties.length) },
    );

    // each key unit's time from every station within 8 minutes, by one reverse search from it (the routing
    // service's many-to-one): the stations that reach high-risk ones (the second due), and for each
    // capability the key units within 5 minutes of a station that has it
    const stationSnaps = placed.map((x) => x.at);
    const caps = placed.map((x) => capabilitiesOf(x.s));
    const reachedBy = unitTimes.map(({ u }) => {
      const at = snap(u);
      if (!at) return [] as Array<{ station: number; seconds: number }>;
      const times = this.routing.manyToOne(at, stationSnaps, { maxSeconds: SECOND_DUE_S, paths: false }).times;
      return times.flatMap((t, i) => (t !== null && t.seconds + placed[i].startSeconds <= SECOND_DUE_S ? [{ station: i, seconds: t.seconds + placed[i].startSeconds }] : []));
    });
    const capabilities = (Object.keys(CAPABILITY_LABELS) as Capability[])
      .map((c) => ({
        capability: c,
        zh: CAPABILITY_LABELS[c].zh,
        en: CAPABILITY_LABELS[c].en,
        stations: caps.filter((x) => x.has(c)).length,
        keyUnits: keyUnits.length,
        keyUnitsWithin: reachedBy.filter((r) => r.some((x) => x.seconds <= FIRST_DUE_S && caps[x.station].has(c))).length,
      }))
      .filter((c) => c.stations > 0);
    const keyUnitRows = unitTimes
      .map(({ u, seconds }, k) => ({
        id: u.id,
        name: u.name,
        countyAdcode: u.countyAdcode,
        hazards: u.hazards,
        firstSeconds: rounded(seconds),
        stationsWithin8: u.hazards.length > 0 && snap(u) ? reachedBy[k].length : null,
      }))
      .sort((a, b) => (b.firstSeconds ?? Infinity) - (a.firstSeconds ?? Infinity));
    const outside = placeTimes
      .filter((x) => x.seconds > FIRST_DUE_S)
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 200)
      .map(({ p, seconds }) => ({ id: p.id, name: p.name, kind: p.kind, countyAdcode: p.countyAdcode, lon: p.lon, lat: p.lat, seconds: rounded(seconds) }));
    return {
      thresholds: COVERAGE_THRESHOLDS,
      turnout: turnout ? 'included' : 'excluded',
      network: { edges: graph.edgeCount, synthetic: this.routing.synthetic },
      stations: { total: stations.length, onNetwork: placed.length },
      ...areas,
      capabilities,
      keyUnits: keyUnitRows,
      /** places beyond 5 minutes, the farthest first (at most 200); seconds null: beyond 10 minutes or unreachable */
      outside,
      computedMs: Date.now() - t0,
    };
  }

  /**
   * One station's reach within each threshold: the road vertices and road length reached, and the area
   * (the hull of the vertices reached) as GeoJSON with its km²; driving only or after its turnout.
   */
  async stationReach(id: number, turnout: boolean) {
    await this.routing.whenLoaded();
    const repo = this.db.get(CoverageRepository);
    const station = await repo.station(id);
    if (!station) throw notFound(`station ${id}`);
    const { graph, search, nearest } = this.routing.reachContext();
    const at = nearest([station.lon, station.lat], this.config.routing.snapMaxM);
    if (!at) throw new DomainError('station_off_network', `station ${station.code} is more than ${this.config.routing.snapMaxM} m from any road`, 422);
    const startSeconds = turnout ? turnoutOf(station) : 0;
    const limit = COVERAGE_THRESHOLDS[COVERAGE_THRESHOLDS.length - 1];
    const reached = search.run(seedsOf(graph, at, startSeconds), limit);
    const roadM = search.roadWithin(reached, COVERAGE_THRESHOLDS);
    const ids: number[] = [];
    const seconds: number[] = [];
    for (let i = 0; i < reached.count; i++) {
      ids.push(graph.vertexIds[reached.nodes[i]]);
      seconds.push(reached.seconds[i]);
    }
    const frontier = COVERAGE_THRESHOLDS.map((T) => search.frontier(reached, T));
    const hulls = await repo.reachHulls(at.point, ids, seconds, COVERAGE_THRESHOLDS, frontier);
    return {
      station: { id: station.id, code: station.code, name: station.name, lon: station.lon, lat: station.lat },
      turnout: turnout ? 'included' : 'excluded',
      turnoutSeconds: startSeconds,
      thresholds: COVERAGE_THRESHOLDS.map((T, k) => ({
        seconds: T,
        vertices: seconds.filter((s) => s <= T).length,
        roadKm: Math.round(roadM[k] / 100) / 10,
        areaKm2: hulls[k]?.areaKm2 ?? 0,
        polygon: hulls[k]?.polygon ?? null,
      })),
    };
  }

  /** The counties and each edge's county for the resident graph (read again when the graph is reloaded). */
  async baseFor(repo: CoverageRepository = this.db.get(CoverageRepository)): Promise<Base> {
    const graph = this.routing.reachContext().graph;
    if (this.base?.graph === graph) return this.base;
    const [counties, edges, streets] = await Promise.all([repo.counties(), repo.edgeCounties(), this.db.get(HydrantRepository).builtUpStreetIds()]);
    const index = new Map(counties.map((c, i) => [c.adcode, i]));
    const edgeCounty = new Int16Array(graph.edgeCount).fill(-1);
    const roadM = new Float64Array(counties.length);
    for (const e of edges) {
      const i = graph.edgeIndex(e.id);
      const c = index.get(e.adcode);
      if (i === undefined || c === undefined) continue;
      edgeCounty[i] = c;
      roadM[c] += graph.edgeLength[i];
    }
    const street = new Uint8Array(graph.edgeCount);
    for (const id of streets) {
      const e = graph.edgeIndex(id);
      if (e !== undefined) street[e] = 1;
    }
    const streetCounty = edgeCounty.map((c, e) => (street[e] ? c : -1));
    const streetM = new Float64Array(counties.length);
    streetCounty.forEach((c, e) => {
      if (c >= 0) streetM[c] += graph.edgeLength[e];
    });
    this.base = { graph, counties, edgeCounty, roadM, street, streetCounty, streetM };
    return this.base;
  }
}

export type CoverageAnswer = Awaited<ReturnType<Coverage['report']>>;
