import { Inject, Injectable } from '@nestjs/common';
import { coveredWeight, FIRST_DUE_S, greedySiting, SitingInstance } from '@gan119/dispatch';
import { seedsOf, Snap } from '@gan119/geo';
import { DomainError } from '../common/errors';
import { SingleFlight } from '../common/single-flight';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Db } from '../infra/db/unit-of-work';
import { RoutingService } from '../roads/routing.service';
import { onEdgeIndex, snapper, Start, timeAt, turnoutOf } from './coverage-search';
import { CoverageRepository } from './coverage.repository';

/** A key unit weighs as much as this many places: the demand a new station should cover first. */
export const KEY_UNIT_WEIGHT = 5;

type Demand = { kind: 'place' | 'key_unit'; id: number; name: string; placeKind: string | null; countyAdcode: number | null; lon: number; lat: number; at: Snap; weight: number };

/**
 * Where new stations would cover most of what no station reaches within 5 minutes: the places people
 * live, learn and are treated in (weight 1) and the key units (weight 5) beyond 5 minutes of every
 * station are the demand, and each of them a candidate site; a candidate covers the demand within 5
 * minutes of it on the roads (a bounded search from each). The greedy maximal-covering answer
 * (libs/dispatch siting) proposes the sites; `evaluate` scores sites the planner placed or moved.
 */
@Injectable()
export class Siting {
  /** the same question asked again while it is being answered shares the answer (the work blocks this process for up to a second) */
  private readonly flights = new SingleFlight<Awaited<ReturnType<Siting['compute']>>>();

  constructor(
    private readonly db: Db,
    private readonly routing: RoutingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `n` new stations (1–115), proposed where they add most. */
  propose(n: number, turnout: boolean) {
    return this.flights.run(JSON.stringify(['propose', n, turnout]), () => this.compute(turnout, n));
  }

  /** Sites the planner placed or moved: what each adds, in the order given, and the coverage with all of them. */
  evaluate(sites: ReadonlyArray<{ lon: number; lat: number }>, turnout: boolean) {
    return this.flights.run(JSON.stringify(['evaluate', sites, turnout]), () => this.compute(turnout, null, sites));
  }

  private async compute(turnout: boolean, n: number | null, sites?: ReadonlyArray<{ lon: number; lat: number }>) {
    const t0 = Date.now();
    const s = await this.setting(turnout, sites);
    if (n === null)
      return this.answer(
        s,
        s.candidates.map((_, i) => i),
        t0,
      );
    if (n > s.candidates.length)
      throw new DomainError('siting_too_many', `${n} new stations asked for, but only ${s.candidates.length} places lie beyond 5 minutes of every station`, 422, {
        candidates: s.candidates.length,
      });
    return this.answer(
      s,
      greedySiting(s.instance, n).map((p) => p.candidate),
      t0,
    );
  }

  /**
   * The demand, what the stations cover of it, the candidate sites (the uncovered demand, or the sites
   * given) and what each covers: the maximal covering instance (the benchmark solves it exactly too).
   */
  async setting(turnout: boolean, given?: ReadonlyArray<{ lon: number; lat: number }>) {
    await this.routing.whenLoaded();
    const repo = this.db.get(CoverageRepository);
    const [stations, places, keyUnits] = await Promise.all([repo.stations(), repo.places(), repo.keyUnits()]);
    const { graph, search, nearest } = this.routing.reachContext();
    const snap = snapper(nearest, this.config.routing.snapMaxM);
    const newTurnout = turnout ? 60 : 0; // a new station's first engine: a water tender's 60 s
    const demand: Demand[] = [
      ...places.map((p) => ({ kind: 'place' as const, id: p.id, name: p.name, placeKind: p.kind, countyAdcode: p.countyAdcode, lon: p.lon, lat: p.lat, weight: 1 })),
      ...keyUnits.map((u) => ({ kind: 'key_unit' as const, id: u.id, name: u.name, placeKind: null, countyAdcode: u.countyAdcode, lon: u.lon, lat: u.lat, weight: KEY_UNIT_WEIGHT })),
    ].flatMap((d) => {
      const at = snap(d);
      return at ? [{ ...d, at }] : [];
    });
    const starts: Start[] = stations.flatMap((x) => {
      const at = snap(x);
      return at ? [{ at, startSeconds: turnout ? turnoutOf(x) : 0 }] : [];
    });
    const times = new Float64Array(graph.nodeCount);
    const reach = (from: readonly Start[]) => {
      const r = search.run(
        from.flatMap((x, i) => seedsOf(graph, x.at, x.startSeconds, i)),
        FIRST_DUE_S,
      );
      search.timesOf(r, times);
      const onEdge = onEdgeIndex(from);
      return (at: Snap) => timeAt(graph, times, onEdge, FIRST_DUE_S, at);
    };
    const byStations = reach(starts);
    const covered = demand.map((d) => byStations(d.at) <= FIRST_DUE_S);
    const candidates = given
      ? given.map((p) => {
          const at = snap(p);
          if (!at) throw new DomainError('site_off_network', `the site at ${p.lon}, ${p.lat} is more than ${this.config.routing.snapMaxM} m from any road`, 422);
          return { lon: p.lon, lat: p.lat, at, name: null as string | null, countyAdcode: null as number | null };
        })
      : demand.filter((_, i) => !covered[i]).map((d) => ({ lon: d.lon, lat: d.lat, at: d.at, name: d.name, countyAdcode: d.countyAdcode }));
    const open = demand.map((_, i) => i).filter((i) => !covered[i]);
    const covers = candidates.map((c) => {
      const time = reach([{ at: c.at, startSeconds: newTurnout }]);
      return open.filter((i) => time(demand[i].at) <= FIRST_DUE_S);
    });
    const instance: SitingInstance = { weights: demand.map((d) => d.weight), covers, covered };
    return { demand, covered, candidates, instance, turnout };
  }

  private answer(s: Awaited<ReturnType<Siting['setting']>>, sites: number[], t0: number) {
    const { demand, covered, candidates, instance } = s;
    const total = (pick: (d: Demand, i: number) => boolean) => demand.reduce((w, d, i) => w + (pick(d, i) ? d.weight : 0), 0);
    const count = (kind: Demand['kind'], pick: (i: number) => boolean) => demand.filter((d, i) => d.kind === kind && pick(i)).length;
    const now = new Uint8Array(demand.length);
    covered.forEach((c, i) => (now[i] = c ? 1 : 0));
    const proposals = sites.map((c, rank) => {
      const fresh = Array.from(instance.covers[c]).filter((i) => !now[i]);
      for (const i of fresh) now[i] = 1;
      return {
        rank: rank + 1,
        lon: candidates[c].lon,
        lat: candidates[c].lat,
        near: candidates[c].name,
        countyAdcode: candidates[c].countyAdcode,
        gain: fresh.reduce((w, i) => w + demand[i].weight, 0),
        places: fresh.filter((i) => demand[i].kind === 'place').length,
        keyUnits: fresh.filter((i) => demand[i].kind === 'key_unit').length,
      };
    });
    const figures = (isCovered: (i: number) => boolean) => ({
      weight: total((_, i) => isCovered(i)),
      places: count('place', isCovered),
      keyUnits: count('key_unit', isCovered),
    });
    return {
      standardSeconds: FIRST_DUE_S,
      turnout: s.turnout ? 'included' : 'excluded',
      weights: { place: 1, keyUnit: KEY_UNIT_WEIGHT },
      demand: { weight: total(() => true), places: count('place', () => true), keyUnits: count('key_unit', () => true) },
      before: figures((i) => covered[i]),
      after: figures((i) => now[i] === 1),
      gained: coveredWeight(instance, sites),
      candidates: candidates.length,
      proposals,
      computedMs: Date.now() - t0,
    };
  }
}
