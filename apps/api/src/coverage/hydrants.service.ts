import { Injectable } from '@nestjs/common';
import { edgePart, gapsOf, HosePoint, HoseSearch, LonLat, nodePosition, RoadGraph, siteHydrantsInSteps, StreetCover } from '@gan119/geo';
import { PROVINCE_ADCODE } from '@gan119/dispatch';
import { DomainError } from '../common/errors';
import { SingleFlight } from '../common/single-flight';
import { Db } from '../infra/db/unit-of-work';
import { RoutingService } from '../roads/routing.service';
import { Base, Coverage } from './coverage.service';
import { HydrantRepository, HydrantRow } from './hydrant.repository';

/** GB 50974 §7.2.5 / §7.3: an outdoor hydrant protects 150 m along the street; hydrants stand at most 120 m apart. */
export const HYDRANT_RADIUS_M = 150;
export const HYDRANT_SPACING_M = 120;
/** a hydrant farther than this from every road is not on a street (a private yard, a bad position) */
const ON_STREET_M = 50;
/** streets looked at between two turns of the event loop */
const SLICE = 50_000;
const breather = () => new Promise<void>((r) => setImmediate(r));
/** an uncovered stretch shorter than this is not counted as a gap */
export const GAP_MIN_M = 20;

type Setting = { graph: RoadGraph; base: Base; street: Uint8Array; streets: Int32Array };
type Hydrant = HydrantRow & { at: HosePoint | null };
type Figures = {
  streetM: number;
  coveredM: number;
  spacedM: number;
  gaps: number;
  repairM: number;
  hydrants: { in_service: number; out_of_service: number; low_pressure: number; off_street: number };
};
const empty = (): Figures => ({ streetM: 0, coveredM: 0, spacedM: 0, gaps: 0, repairM: 0, hydrants: { in_service: 0, out_of_service: 0, low_pressure: 0, off_street: 0 } });
const add = (a: Figures, b: Figures) => {
  a.streetM += b.streetM;
  a.coveredM += b.coveredM;
  a.spacedM += b.spacedM;
  a.gaps += b.gaps;
  a.repairM += b.repairM;
  for (const k of Object.keys(a.hydrants) as Array<keyof Figures['hydrants']>) a.hydrants[k] += b.hydrants[k];
};
const shown = (f: Figures) => ({
  streetKm: Math.round(f.streetM / 100) / 10,
  coveredKm: Math.round(f.coveredM / 100) / 10,
  coveredShare: f.streetM ? f.coveredM / f.streetM : null,
  spacedShare: f.streetM ? f.spacedM / f.streetM : null,
  gaps: f.gaps,
  gapKm: Math.round((f.streetM - f.coveredM) / 100) / 10,
  repairKm: Math.round(f.repairM / 100) / 10,
  hydrants: f.hydrants,
});

/**
 * Hydrant checks of the built-up streets (GB 50974): the street length within 150 m of an in-service
 * hydrant along the roads (its protection radius), the length within 60 m of one (hydrants no more than
 * 120 m apart leave no point farther than half that), the uncovered stretches as gaps; out-of-service
 * and low-pressure hydrants count as gaps, and what repairing them would cover is told apart. By
 * county, city and province; the gaps on the map; K new hydrants sited to close the biggest gaps.
 */
@Injectable()
export class HydrantCheck {
  private setting: Setting | null = null;
  private readonly flights = new SingleFlight<unknown>();

  constructor(
    private readonly db: Db,
    private readonly routing: RoutingService,
    private readonly coverage: Coverage,
  ) {}

  private async settingNow(): Promise<Setting> {
    const graph = this.routing.reachContext().graph;
    if (this.setting?.graph === graph) return this.setting;
    const base = await this.coverage.baseFor();
    const list: number[] = [];
    base.street.forEach((x, e) => x && list.push(e));
    this.setting = { graph: base.graph, base, street: base.street, streets: Int32Array.from(list) };
    return this.setting;
  }

  private async hydrants(): Promise<Hydrant[]> {
    const { nearest } = this.routing.reachContext();
    return (await this.db.get(HydrantRepository).hydrants()).map((h) => {
      const s = nearest([h.lon, h.lat], ON_STREET_M);
      return { ...h, at: s ? { edge: s.edge, fraction: s.fraction } : null };
    });
  }

  /**
   * The covers of the moment, each computed when asked for: within the radius (`radius`) and within half
   * the spacing (`spacing`) of in-service hydrants, and within the radius of all of them, the broken ones
   * repaired (`repaired`).
   */
  private async covers() {
    const s = await this.settingNow();
    const hydrants = await this.hydrants();
    const search = new HoseSearch(s.graph);
    const working = hydrants.flatMap((h) => (h.status === 'in_service' && h.at ? [h.at] : []));
    const broken = hydrants.flatMap((h) => (h.status !== 'in_service' && h.at ? [h.at] : []));
    return {
      s,
      hydrants,
      search,
      radius: () => new StreetCover(s.graph, HYDRANT_RADIUS_M, working, search),
      spacing: () => new StreetCover(s.graph, HYDRANT_SPACING_M / 2, working, search),
      repaired: () => new StreetCover(s.graph, HYDRANT_RADIUS_M, [...working, ...broken], search),
    };
  }

  check() {
    return this.flights.run('check', () => this.computeCheck()) as ReturnType<HydrantCheck['computeCheck']>;
  }

  private async computeCheck() {
    const started = Date.now();
    const c = await this.covers();
    const { s, hydrants } = c;
    const [radius, spacing, repaired] = [c.radius(), c.spacing(), c.repaired()];
    const counties = s.base.counties.map(() => empty());
    const outside = empty();
    const at = (c: number) => (c >= 0 ? counties[c] : outside);
    for (let i = 0; i < s.streets.length; i++) {
      if (i % SLICE === SLICE - 1) await breather();
      const e = s.streets[i];
      const f = at(s.base.edgeCounty[e]);
      const L = s.graph.edgeLength[e];
      const covered = radius.coveredM(e);
      f.streetM += L;
      f.coveredM += covered;
      f.spacedM += spacing.coveredM(e);
      f.repairM += repaired.coveredM(e) - covered;
      f.gaps += gapsOf(L, radius.cover(e)).filter(([a, b]) => b - a >= GAP_MIN_M).length;
    }
    const index = new Map(s.base.counties.map((c, i) => [c.adcode, i]));
    for (const h of hydrants) {
      const i = h.countyAdcode === null ? undefined : index.get(h.countyAdcode);
      const f = i === undefined ? outside : counties[i];
      f.hydrants[h.at ? h.status : 'off_street']++;
    }
    const cities = new Map<number, { adcode: number; name: string; f: Figures }>();
    const province = empty();
    s.base.counties.forEach((c, i) => {
      add(province, counties[i]);
      if (c.cityAdcode === null) return;
      const city = cities.get(c.cityAdcode) ?? { adcode: c.cityAdcode, name: c.cityName ?? '', f: empty() };
      add(city.f, counties[i]);
      cities.set(c.cityAdcode, city);
    });
    add(province, outside);
    return {
      radiusM: HYDRANT_RADIUS_M,
      spacingM: HYDRANT_SPACING_M,
      gapMinM: GAP_MIN_M,
      province: { adcode: PROVINCE_ADCODE, ...shown(province) },
      cities: [...cities.values()].map((c) => ({ adcode: c.adcode, name: c.name, ...shown(c.f) })),
      counties: s.base.counties.map((c, i) => ({ adcode: c.adcode, name: c.name, cityName: c.cityName, ...shown(counties[i]) })),
      computedMs: Date.now() - started,
    };
  }

  /** The uncovered stretches of built-up streets in a box (beyond 150 m: red; beyond 60 m only, a spacing gap: amber), the longest first. */
  async gaps(bbox: [number, number, number, number], limit: number) {
    const c = await this.covers();
    const { s } = c;
    const [radius, spacing] = [c.radius(), c.spacing()];
    const g = s.graph;
    const inBox = (e: number) => {
      for (let p = g.geomOffset[e]; p < g.geomOffset[e + 1]; p++) {
        const x = g.geom[2 * p],
          y = g.geom[2 * p + 1];
        if (x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3]) return true;
      }
      return false;
    };
    const found: Array<{ e: number; a: number; b: number; kind: 'radius' | 'spacing' }> = [];
    for (const e of s.streets) {
      if (!inBox(e)) continue;
      const L = g.edgeLength[e];
      for (const [a, b] of gapsOf(L, radius.cover(e))) if (b - a >= GAP_MIN_M) found.push({ e, a, b, kind: 'radius' });
      // beyond half the spacing but inside the radius: hydrants too far apart there
      for (const [a, b] of gapsOf(L, [...spacing.cover(e), ...gapsOf(L, radius.cover(e))])) if (b - a >= GAP_MIN_M) found.push({ e, a, b, kind: 'spacing' });
    }
    found.sort((x, y) => y.b - y.a - (x.b - x.a));
    return {
      type: 'FeatureCollection' as const,
      total: found.length,
      features: found.slice(0, limit).map((x) => ({
        type: 'Feature' as const,
        geometry: { type: 'LineString' as const, coordinates: edgePart(g, x.e, x.a / g.edgeLength[x.e], x.b / g.edgeLength[x.e]) },
        properties: { edgeId: g.edgeId[x.e], kind: x.kind, lengthM: Math.round(x.b - x.a) },
      })),
    };
  }

  /** K new hydrants at street vertices, each where it covers the most uncovered street within 150 m; the gain of each and in all. */
  site(k: number) {
    return this.flights.run(`site:${k}`, () => this.computeSites(k)) as ReturnType<HydrantCheck['computeSites']>;
  }

  private async computeSites(k: number) {
    const started = Date.now();
    const c = await this.covers();
    const { s, search } = c;
    const radius = c.radius();
    const g = s.graph;
    const before = s.streets.reduce((t, e) => t + radius.coveredM(e), 0);
    const streetM = s.streets.reduce((t, e) => t + g.edgeLength[e], 0);
    // candidates: the ends of streets with a gap
    const cand = new Set<number>();
    for (const e of s.streets)
      if (radius.coveredM(e) < g.edgeLength[e] - GAP_MIN_M) {
        cand.add(g.edgeSource[e]);
        cand.add(g.edgeTarget[e]);
      }
    if (!cand.size) throw new DomainError('no_hydrant_gaps', 'every built-up street is within 150 m of an in-service hydrant: there is no gap to close', 422);
    if (k > cand.size)
      throw new DomainError('siting_too_many', `k ${k} is more than the ${cand.size} street vertices at a gap where a new hydrant could stand`, 422, { candidates: cand.size });
    // in steps: other requests (a dispatch) are served between them
    const steps = siteHydrantsInSteps(radius, search, Int32Array.from(cand), (e) => s.street[e] === 1, k);
    let step = steps.next();
    while (!step.done) {
      await breather();
      step = steps.next();
    }
    const sites = step.value;
    const place = (node: number) => nodePosition(g, node) as LonLat;
    return {
      k,
      candidates: cand.size,
      streetKm: Math.round(streetM / 100) / 10,
      coveredKmBefore: Math.round(before / 100) / 10,
      coveredKmAfter: Math.round((before + sites.reduce((t, x) => t + x.gainM, 0)) / 100) / 10,
      sites: sites.map((x, i) => ({ rank: i + 1, lon: place(x.node)[0], lat: place(x.node)[1], gainM: Math.round(x.gainM) })),
      computedMs: Date.now() - started,
    };
  }
}
