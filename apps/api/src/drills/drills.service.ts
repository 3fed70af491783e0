import { Injectable, Logger } from '@nestjs/common';
import {
  DRILL_LIMIT_S,
  DrillOrderMessage,
  DrillOutcome,
  DrillStep,
  drawDistinct,
  drawTime,
  drillRandom,
  IncidentType,
  randomScenario,
  rooms,
} from '@gan119/dispatch';
import { conflict, DomainError, notFound } from '../common/errors';
import { Db, Tx } from '../infra/db/unit-of-work';
import { LiveFeed } from '../live/live-feed';
import { RoutingService } from '../roads/routing.service';
import { drillPoint } from './drill-point';
import { DrillRepository, DrillRow, DrillStation, DrillUnitInsert, DrillUnitRow } from './drill.repository';
import { PlacesNearRepository } from './places-near.repository';

/** What a commander asks for: whom (chosen stations or units, or a random draw in a scope), when, and what is played. */
export type DrillRequest = {
  stationIds?: number[];
  unitIds?: number[];
  random?: { count: number; scopeAdcode: number };
  fireAt?: Date;
  window?: { from: Date; to: Date };
  scenario?: { type: IncidentType; level: number; lon?: number; lat?: number };
  randomScenario?: boolean;
  note?: string;
  by: string;
};

/** A drill fired on request that could not be: the reason, as a 4xx. */
function refuseCancelled(out: { state: string; reason?: string }): void {
  if (out.state !== 'cancelled') return;
  if (out.reason?.startsWith('off_network: '))
    throw new DomainError('station_off_network', `${out.reason.slice('off_network: '.length)}: not on the road network, no drill point can be drawn`, 422);
  throw conflict('no_free_units', 'no unit is free for this drill now (every unit is on an incident, on a drill or out of service)');
}

type Ended = { drillId: number; unitId: number; outcome: DrillOutcome };

const orderOf = (p: DrillUnitRow, replay: boolean): DrillOrderMessage => ({
  drillId: p.drillId,
  unitId: p.unitId,
  scenario: { type: p.type, level: p.level, lon: p.lon, lat: p.lat, address: p.address },
  station: p.stationName,
  issuedAt: new Date(p.orderedAt).toISOString(),
  steps: Object.fromEntries(
    (
      [
        ['ack', p.ackedAt],
        ['en_route', p.enRouteAt],
        ['on_scene', p.onSceneAt],
      ] as const
    ).flatMap(([k, v]) => (v ? [[k, new Date(v).toISOString()]] : [])),
  ),
  replay,
});

/**
 * 三随三实 drills: scheduled or fired now, at chosen or random stations, a random time in a window; the
 * drill order goes to the tablets marked 演练, apart from real orders (never an incident, never in the
 * statistics; the units keep their real status and stay dispatchable: a real incident ends their drill).
 * Each unit's part ends at arrival (its 到场, or its positions at the point), when time runs out, when a
 * real incident takes it, or when the drill is called off.
 */
@Injectable()
export class Drills {
  private readonly log = new Logger('Drills');

  constructor(
    private readonly db: Db,
    private readonly routing: RoutingService,
    private readonly feed: LiveFeed,
  ) {}

  /** Checks and stores the request; a drill whose time is now is fired at once. */
  async schedule(req: DrillRequest, now = Date.now()): Promise<{ id: number; state: DrillRow['state']; fireAt: string }> {
    const seed = Math.floor(Math.random() * 2 ** 31);
    if (req.unitIds?.length) {
      const units = await this.db.get(DrillRepository).unitsAsTheyStand(req.unitIds);
      const missing = req.unitIds.filter((id) => !units.some((u) => u.id === id));
      if (missing.length) throw notFound(`unit ${missing.join(', ')}`);
      for (const u of units) {
        if (u.incidentId !== null)
          throw conflict('unit_on_incident', `unit ${u.code} (${u.name}) is on incident ${u.incidentId}: a drill never takes a unit from a real incident`, {
            unitId: u.id,
            incidentId: u.incidentId,
          });
        if (u.drillId !== null)
          throw conflict('unit_on_drill', `unit ${u.code} (${u.name}) is already on drill ${u.drillId}`, { unitId: u.id, drillId: u.drillId });
        if (u.status !== 'available')
          throw conflict('unit_unavailable', `unit ${u.code} (${u.name}) is ${u.status}: a drill takes units in their station`, {
            unitId: u.id,
            status: u.status,
          });
      }
    }
    if (req.stationIds?.length) {
      const free = await this.db.get(DrillRepository).stationsWithFreeUnits(req.stationIds, null);
      const none = req.stationIds.filter((id) => !free.some((s) => s.id === id));
      if (none.length && !req.window && !req.fireAt)
        throw conflict(
          'no_free_units',
          `station ${none.join(', ')} has no unit free for a drill now (every unit is on an incident, on a drill or out of service)`,
          {
            stationIds: none,
          },
        );
    }
    const fireAt = req.window ? drawTime(req.window.from.getTime(), req.window.to.getTime(), drillRandom(seed ^ 0x5eed)) : (req.fireAt?.getTime() ?? now);
    const row = {
      stationIds: req.stationIds ?? null,
      unitIds: req.unitIds ?? null,
      stationCount: req.random?.count ?? req.stationIds?.length ?? 1,
      scopeAdcode: req.random?.scopeAdcode ?? null,
      scenario: req.scenario ?? null,
      randomScenario: req.randomScenario ?? false,
      seed,
      windowFrom: req.window?.from ?? null,
      windowTo: req.window?.to ?? null,
      fireAt: new Date(fireAt),
      note: req.note ?? null,
      createdBy: req.by,
    };
    const when = new Date(fireAt).toISOString();
    if (fireAt > now) return { id: await this.db.get(DrillRepository).insert(row), state: 'scheduled', fireAt: when };
    // now: stored and fired in one transaction (a drill that cannot fire leaves nothing behind)
    const out = await this.db.transaction(async (tx) => {
      const fired = await this.fireWithin(tx, await tx.get(DrillRepository).insert(row));
      refuseCancelled(fired);
      return fired;
    });
    this.push(out.parts, out.drill);
    return { id: out.drill, state: out.state, fireAt: when };
  }

  /** Fires a scheduled drill (now: its time came, or the commander said so). */
  async fire(id: number): Promise<DrillRow['state']> {
    const out = await this.db.transaction((tx) => this.fireWithin(tx, id));
    this.push(out.parts, out.drill);
    refuseCancelled(out);
    return out.state;
  }

  private async fireWithin(tx: Tx, id: number): Promise<{ state: DrillRow['state']; parts: DrillUnitRow[]; drill: number; reason?: string }> {
    const repo = tx.get(DrillRepository);
    const d = await repo.byId(id, true);
    if (!d) throw notFound(`drill ${id}`);
    if (d.state !== 'scheduled') return { state: d.state, parts: [], drill: id };
    const random = drillRandom(d.seed);
    let stations: DrillStation[];
    if (d.unitIds?.length) {
      const stand = await repo.unitsAsTheyStand(d.unitIds);
      const homes = [...new Set(stand.map((u) => u.stationId))];
      stations = (await repo.stationsWithFreeUnits(homes, null)).map((s) => ({ ...s, units: s.units.filter((u) => d.unitIds?.includes(u.id)) }));
    } else if (d.stationIds?.length) stations = await repo.stationsWithFreeUnits(d.stationIds, null);
    else stations = drawDistinct(await repo.stationsWithFreeUnits(null, d.scopeAdcode), Infinity, random); // all, in a random order
    const want = d.unitIds?.length || d.stationIds?.length ? Infinity : d.stationCount;
    const scenario = d.randomScenario ? randomScenario(random) : { type: d.scenario?.type ?? 'building_fire', level: d.scenario?.level ?? 1 };
    const fixed =
      d.scenario?.lon !== undefined && d.scenario.lat !== undefined ? { at: [d.scenario.lon, d.scenario.lat] as [number, number], roadS: null } : null;
    // each station's point in its district (a drawn station off the road network gives way to the next drawn)
    const placed: Array<{ s: DrillStation; point: NonNullable<ReturnType<typeof drillPoint>> | { at: [number, number]; roadS: null } }> = [];
    const offNetwork: string[] = [];
    for (const s of stations) {
      if (placed.length >= want) break;
      const point = fixed ?? drillPoint(this.routing, [s.lon, s.lat], random);
      if (point) placed.push({ s, point });
      else offNetwork.push(s.name);
    }
    // their units as they stand now, locked together in id order: one a real incident took meanwhile is left out (a drill never takes it)
    const free = new Set(
      (await repo.unitsAsTheyStand(placed.flatMap((x) => x.s.units.map((u) => u.id))))
        .filter((u) => u.incidentId === null && u.drillId === null && u.status === 'available')
        .map((u) => u.id),
    );
    const rows: DrillUnitInsert[] = [];
    for (const { s, point } of placed) {
      const units = s.units.filter((u) => free.has(u.id));
      if (!units.length) continue;
      const address = await tx.get(PlacesNearRepository).describe(point.at[0], point.at[1]);
      for (const u of units)
        rows.push({ unitId: u.id, station: s, unit: u, point: { ...scenario, lon: point.at[0], lat: point.at[1], address, roadS: point.roadS } });
    }
    if (!rows.length) {
      const reason = offNetwork.length ? `off_network: ${offNetwork.join('、')}` : 'no_free_units';
      await repo.setState(id, 'cancelled', { endReason: reason });
      return { state: 'cancelled', parts: [], drill: id, reason };
    }
    const at = new Date();
    await repo.insertUnits(id, rows, at);
    await repo.setState(id, 'live', { firedAt: at });
    return { state: 'live', parts: await repo.units(id), drill: id };
  }

  private push(parts: DrillUnitRow[], drillId: number): void {
    for (const p of parts) this.feed.drill([rooms.unit(p.unitId)], 'drill:order', orderOf(p, false));
    this.changed(drillId, parts);
  }

  private changed(drillId: number, parts: Array<Pick<DrillUnitRow, 'cityAdcode' | 'countyAdcode'>>): void {
    const to = new Set(parts.flatMap((p) => rooms.consoles(p.cityAdcode, p.countyAdcode)));
    if (!to.size) to.add(rooms.jurisdiction(360000));
    this.feed.drill([...to], 'drill:changed', { drillId });
  }

  /** The tablet's live drill parts, for its (re)connect. */
  async liveOrders(unitId: number): Promise<DrillOrderMessage[]> {
    return (await this.db.get(DrillRepository).liveOf(unitId)).map((p) => orderOf(p, true));
  }

  /** A crew's drill button. 到场 and 结束 end its part (arrived, or not when no evidence says so). */
  async report(unitId: number, drillId: number, step: DrillStep): Promise<{ at: string; already: boolean }> {
    const repo = this.db.get(DrillRepository);
    const r = await repo.report(drillId, unitId, step);
    if (!r) throw notFound(`drill ${drillId} for unit ${unitId}`);
    if (!r.live && !r.already) throw new DomainError('drill_ended', `drill ${drillId} has ended for this unit`, 409, { drillId });
    if (step === 'on_scene' || step === 'finished')
      await this.sweepParts(
        (await repo.liveOf(unitId)).filter((p) => p.drillId === drillId),
        Date.now(),
        true,
      );
    else this.changed(drillId, await repo.units(drillId));
    return { at: new Date(r.at).toISOString(), already: r.already };
  }

  /** Calls a drill off: scheduled, it never fires; live, its units' parts end (cancelled, not scored). */
  async cancel(id: number, by: string): Promise<void> {
    const ended = await this.db.transaction(async (tx) => {
      const repo = tx.get(DrillRepository);
      const d = await repo.byId(id, true);
      if (!d) throw notFound(`drill ${id}`);
      if (d.state === 'ended' || d.state === 'cancelled') throw conflict('drill_over', `drill ${id} is already ${d.state}`);
      const parts = await repo.units(id);
      const out = await repo.endParts(
        parts.filter((p) => !p.endedAt).map((p) => ({ drillId: id, unitId: p.unitId, outcome: 'cancelled' as const })),
        null,
      );
      await repo.setState(id, 'cancelled', { endReason: `cancelled by ${by}` });
      return { out, parts };
    });
    this.ended(ended.out);
    this.changed(id, ended.parts);
  }

  /** Tells tablets their drill part ended (a real incident took them, time ran out, called off). */
  ended(parts: Ended[]): void {
    for (const p of parts) this.feed.drill([rooms.unit(p.unitId)], 'drill:ended', p);
  }

  /** The worker's duty: fires drills whose time came, ends parts that arrived or ran out of time, closes drills with no part left. */
  async sweep(now = Date.now()): Promise<{ fired: number; ended: number; closed: number }> {
    let fired = 0;
    for (;;) {
      const due = await this.db.transaction(async (tx) => {
        const [d] = await tx.get(DrillRepository).dueLocked(new Date(now), 1);
        if (!d) return null;
        return this.fireWithin(tx, d.id);
      });
      if (!due) break;
      fired++;
      this.push(due.parts, due.drill);
    }
    const ended = await this.sweepParts(await this.db.get(DrillRepository).allLive(), now, false);
    const closed = await this.db.get(DrillRepository).closeFinished();
    for (const id of closed) this.changed(id, await this.db.get(DrillRepository).units(id));
    return { fired, ended, closed: closed.length };
  }

  /** Ends the parts that are over: arrived (by 到场 or position), out of time, or finished by the crew. */
  private async sweepParts(parts: DrillUnitRow[], now: number, finishing: boolean): Promise<number> {
    const over: Ended[] = [];
    for (const p of parts) {
      const arrived = p.onSceneAt !== null || p.reachedAt !== null;
      const late = now - new Date(p.orderedAt).getTime() > DRILL_LIMIT_S * 1000;
      if (arrived) over.push({ drillId: p.drillId, unitId: p.unitId, outcome: 'arrived' });
      else if (late || finishing || p.finishedAt) over.push({ drillId: p.drillId, unitId: p.unitId, outcome: 'not_arrived' });
    }
    const done = await this.db.get(DrillRepository).endParts(over);
    this.ended(done);
    for (const drillId of new Set(done.map((d) => d.drillId)))
      this.changed(
        drillId,
        parts.filter((p) => p.drillId === drillId),
      );
    if (done.length) this.log.log(`drill parts ended: ${done.map((d) => `${d.drillId}/${d.unitId} ${d.outcome}`).join(', ')}`);
    return done.length;
  }
}
