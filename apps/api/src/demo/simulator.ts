import { Moving, SimulatorRepository } from './simulator.repository';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LonLat, pointAlong } from '@gan119/geo';
import type { UnitStatus } from '@gan119/resources';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AvlService } from '../forces/avl.service';
import { announceStatusChange, UnitStatusChanges } from '../dispatch/change-unit-status';
import { LiveFeed } from '../live/live-feed';
import { RoutingService } from '../roads/routing.service';

type Trip = { line: LonLat[]; speedMps: number; startedAt: number; target: string };

const TICK_MS = 2000;
const TURNOUT_MS = 20_000; // the demo crew takes 20 s to roll

/**
 * DEMO ONLY (DEMO_SIMULATOR=true, set by `npm run up`): drives every dispatched or en-route unit
 * along its road route to its incident and every returning unit home, reporting positions through
 * the same AVL ingest as a real vehicle; a unit that reaches the scene is set on scene. Never on in
 * production data: it writes AVL history and status changes as 'simulator'.
 */
@Injectable()
export class DemoSimulator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('DemoSimulator');
  private timer: NodeJS.Timeout | null = null;
  private readonly trips = new Map<number, Trip>();
  private running = false;

  constructor(
    private readonly record: SimulatorRepository,
    private readonly statuses: UnitStatusChanges,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly routing: RoutingService,
    private readonly avl: AvlService,
    private readonly feed: LiveFeed,
  ) {}

  /** how many times faster than real time the demo runs (DEMO_SIMULATOR_SPEED: a shift in minutes, for tests and rehearsals) */
  private get speed(): number {
    return this.config.demoSimulatorSpeed;
  }

  onApplicationBootstrap(): void {
    if (!this.config.demoSimulator) return;
    this.log.warn(`demo simulator on: units on incidents are driven along their routes${this.speed > 1 ? ` at ${this.speed}× real time` : ''}`);
    this.timer = setInterval(() => void this.tick(), this.speed > 1 ? TICK_MS / 2 : TICK_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(now = Date.now()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const moving = await this.record.moving();
      const fixes = [];
      const arrived: Moving[] = [];
      for (const m of moving) {
        if (m.status === 'dispatched') {
          // the crew rolls after the turnout time, as if it pressed 出动 on its tablet
          if ((now - Date.parse(m.since)) * this.speed < TURNOUT_MS || !(await this.setStatus(m.id, 'en_route'))) continue;
          m.status = 'en_route';
        }
        const trip = this.trip(m, now);
        if (!trip) continue;
        const along = pointAlong(trip.line, ((now - trip.startedAt) / 1000) * trip.speedMps * this.speed);
        fixes.push({
          unitId: m.id,
          ts: now,
          lon: along.at[0],
          lat: along.at[1],
          speedKmh: along.done ? 0 : Math.round(trip.speedMps * 3.6),
          heading: Math.round(along.headingDeg),
        });
        if (along.done) arrived.push(m);
      }
      for (const id of this.trips.keys()) if (!moving.some((m) => m.id === id)) this.trips.delete(id);
      if (fixes.length) await this.feed.positions((await this.avl.ingest(fixes, now)).wentLive);
      for (const m of arrived) await this.arrive(m);
    } catch (e) {
      this.log.warn(`tick: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** The unit's road route to where it is going, planned once per destination. */
  private trip(m: Moving, now: number): Trip | null {
    const target = `${m.status === 'returning' ? 'home' : 'scene'}:${m.toLon},${m.toLat}`;
    const known = this.trips.get(m.id);
    if (known?.target === target) return known;
    const from = this.routing.trySnap([m.lon, m.lat]);
    const to = this.routing.trySnap([m.toLon, m.toLat]);
    const route = from && to ? this.routing.route(from, to) : null;
    if (!route || route.coordinates.length < 2) return null;
    const trip = {
      line: [[m.lon, m.lat] as LonLat, ...route.coordinates, [m.toLon, m.toLat] as LonLat],
      speedMps: route.meters / Math.max(route.seconds, 1),
      startedAt: now,
      target,
    };
    this.trips.set(m.id, trip);
    return trip;
  }

  private async arrive(m: Moving): Promise<void> {
    this.trips.delete(m.id);
    await this.setStatus(m.id, m.status === 'returning' ? 'available' : 'on_scene');
  }

  private async setStatus(unitId: number, to: UnitStatus): Promise<boolean> {
    try {
      await announceStatusChange(this.feed, () => this.statuses.change({ unitId, to, by: 'simulator' }));
      return true;
    } catch (e) {
      this.log.warn(`unit ${unitId} not set ${to}: ${(e as Error).message}`);
      return false;
    }
  }
}
