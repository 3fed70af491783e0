import { Injectable } from '@nestjs/common';
import { PROVINCE_ADCODE } from '@gan119/dispatch';
import { geometryProblem } from '@gan119/geo';
import { DomainError, notFound } from '../common/errors';
import { OUTSIDE_SERVICE_AREA } from '../common/service-area';
import type { Principal } from './tokens';
import { Area, JurisdictionRepository } from './jurisdiction.repository';

/** Whether a jurisdiction (province, city or county adcode) covers a place in that city and county. */
export function covers(jurisdiction: number, place: Area): boolean {
  return jurisdiction === PROVINCE_ADCODE || jurisdiction === place.cityAdcode || jurisdiction === place.countyAdcode;
}

export type Access = 'write' | 'read' | 'none';

/**
 * THE jurisdiction rule (docs/SECURITY.md), for REST and sockets alike. A console's jurisdiction is
 * the province, a city (支队) or a county (大队).
 * - An incident: acted on (dispatch, release, close, level, merge, recommend, watch) by the consoles
 *   whose jurisdiction covers where it is; READ also by a jurisdiction one of whose units works on it
 *   now (a neighbour that sent an engine across the border follows it, without acting on it).
 * - A unit: its status changed, and its orders read, by the consoles over its home station and over
 *   the incident it is on now; the roster itself (units, stations, statuses) is read province-wide,
 *   because regional coordination proposes and requests neighbours' units.
 * - A place (a new incident, a road closure, a key unit): written by the consoles whose jurisdiction
 *   covers it; the province's console covers everything.
 */
export const rule = {
  incident: (j: number, at: Area, helping: boolean): Access => (covers(j, at) ? 'write' : helping ? 'read' : 'none'),
  unit: (j: number, home: Area, onIncident: Area | null): Access => (covers(j, home) || (onIncident !== null && covers(j, onIncident)) ? 'write' : 'read'),
  place: (j: number, at: Area): Access => (covers(j, at) ? 'write' : 'none'),
};

/** Who the rule applies to: a console (signed in, or a socket's token). Tablets have their own rule (their own unit); no principal: sign-in is off. */
const consoleOf = (p: Principal | undefined): number | null => (p?.kind === 'console' ? p.jurisdiction : null);

/** The rule applied to the record: each check throws 404 for what does not exist and 403 `outside_jurisdiction` naming it. */
@Injectable()
export class Jurisdiction {
  constructor(private readonly repo: JurisdictionRepository) {}

  /** 403 naming what and where it is (the city's name, for the call-taker who hands it over). */
  private async outside(what: string, j: number, at: Area): Promise<DomainError> {
    const cityName = (await this.repo.areaName(at.cityAdcode)) ?? '';
    return new DomainError('outside_jurisdiction', `${what} is outside your jurisdiction (${j})${cityName ? `: it is in ${cityName}` : ''}`, 403, {
      jurisdiction: j,
      cityAdcode: at.cityAdcode,
      countyAdcode: at.countyAdcode,
      cityName,
    });
  }

  async incident(p: Principal | undefined, id: number, need: 'read' | 'write'): Promise<void> {
    const j = consoleOf(p);
    if (j === null) return;
    const at = await this.repo.incident(id, j);
    if (!at) throw notFound(`incident ${id}`);
    const access = rule.incident(j, at, at.helping);
    if (access === 'none' || (need === 'write' && access !== 'write')) throw await this.outside(`incident ${id}`, j, at);
  }

  async unit(p: Principal | undefined, id: number): Promise<void> {
    const j = consoleOf(p);
    if (j === null) return;
    const u = await this.repo.unit(id);
    if (!u) throw notFound(`unit ${id}`);
    if (rule.unit(j, u.home, u.incident) !== 'write') throw await this.outside(`unit ${id}`, j, u.home);
  }

  /**
   * A place someone adds (an incident, a key unit): inside the service area for everyone (400
   * `outside_service_area`, the same rule as incidents), and inside a console's jurisdiction (403).
   */
  async place(p: Principal | undefined, lon: number, lat: number, what: string): Promise<void> {
    const at = await this.repo.placeArea(lon, lat);
    if (!at.inside) throw new DomainError('outside_service_area', `${what} (${lon}, ${lat}) is ${OUTSIDE_SERVICE_AREA}`, 400, { wgs84: [lon, lat] });
    const j = consoleOf(p);
    if (j !== null && rule.place(j, at) !== 'write') throw await this.outside(what, j, at);
  }

  /**
   * A drawn area (a key unit's outline, a search polygon): GeoJSON that PostGIS finds valid (400
   * `bad_geometry` naming the problem: self-intersection, a ring not closed …) and, with `place`,
   * a place as above (a point on its surface).
   */
  async area(p: Principal | undefined, g: unknown, what: string, asPlace: boolean): Promise<void> {
    const problem = geometryProblem(g);
    if (problem) throw new DomainError('bad_geometry', `${what}: ${problem}`, 400);
    const r = await this.repo.geometry(g);
    if (r.reason !== 'Valid Geometry') throw new DomainError('bad_geometry', `${what}: ${r.reason}`, 400);
    if (asPlace) await this.place(p, r.lon, r.lat, what);
  }

  async edge(p: Principal | undefined, edgeId: number): Promise<void> {
    const j = consoleOf(p);
    if (j === null) return;
    const at = await this.repo.edge(edgeId);
    if (!at) throw notFound(`road edge ${edgeId}`);
    if (rule.place(j, at) !== 'write') throw await this.outside(`road edge ${edgeId}`, j, at);
  }

  async closure(p: Principal | undefined, closureId: number): Promise<void> {
    if (consoleOf(p) === null) return;
    const edgeId = await this.repo.closureEdge(closureId);
    if (edgeId === null) throw notFound(`closure ${closureId}`);
    await this.edge(p, edgeId);
  }

  /** Units from outside the console's jurisdiction among these (they go only through the cross-jurisdiction flow). */
  async foreignUnits(p: Principal | undefined, unitIds: number[]): Promise<number[]> {
    const j = consoleOf(p);
    if (j === null) return [];
    const homes = await this.repo.unitHomes(unitIds);
    return unitIds.filter((id) => {
      const h = homes.get(id);
      return h !== undefined && !covers(j, h);
    });
  }

  /** The SQL condition's parameter for lists: the jurisdiction to filter by, or null for all. */
  static listFilter(p: Principal | undefined): number | null {
    const j = consoleOf(p);
    return j === null || j === PROVINCE_ADCODE ? null : j;
  }
}
