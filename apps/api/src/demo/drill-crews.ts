import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LonLat, pointAlong } from '@gan119/geo';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AvlService } from '../forces/avl.service';
import { LiveFeed } from '../live/live-feed';
import { RoutingService } from '../roads/routing.service';
import { Db } from '../infra/db/unit-of-work';
import { DrillRepository, DrillUnitRow } from '../drills/drill.repository';
import { Drills } from '../drills/drills.service';
import { SimulatorRepository } from './simulator.repository';
import { Periodic } from '../common/periodic';

type Trip = { line: LonLat[]; speedMps: number; startedAt: number; home: boolean };

const TICK_MS = 2000;

/** A demo crew's habits, fixed per unit: seconds to 收到 and to roll (some crews are slow), and how fast it drives against the route's time. */
function crewOf(unitId: number): { ackS: number; turnoutS: number; pace: number } {
  const x = (unitId * 2654435761) >>> 0;
  return { ackS: 3 + (x % 7), turnoutS: 35 + ((x >>> 4) % 70), pace: 0.8 + ((x >>> 12) % 35) / 100 };
}

/**
 * DEMO ONLY (with the demo simulator): the crews of drilled units press 收到 and 出动 on their own
 * time and drive to the drill point, reporting positions through the AVL ingest as a vehicle would; the
 * drill's sweep sees them arrive. After the drill they drive home. Their real status never changes.
 */
@Injectable()
export class DemoDrillCrews implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('DemoDrillCrews');
  private readonly trips = new Map<number, Trip>();
  private readonly duty = new Periodic(this.log, 'tick', TICK_MS, () => this.tick());

  constructor(
    private readonly db: Db,
    private readonly drills: Drills,
    private readonly routing: RoutingService,
    private readonly avl: AvlService,
    private readonly feed: LiveFeed,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.demoSimulator) this.duty.start();
  }

  onApplicationShutdown(): void {
    this.duty.stop();
  }

  async tick(now = Date.now()): Promise<void> {
    const speed = this.config.demoSimulatorSpeed;
    const live = await this.db.get(DrillRepository).allLive();
    const fixes = [];
    for (const p of live) {
      const crew = crewOf(p.unitId);
      const since = ((now - new Date(p.orderedAt).getTime()) / 1000) * speed;
      if (!p.ackedAt && since >= crew.ackS) await this.press(p, 'ack');
      if (!p.enRouteAt && since < crew.turnoutS) continue;
      if (!p.enRouteAt) await this.press(p, 'en_route');
      const trip = this.trips.get(p.unitId) ?? this.plan(p.unitId, [p.stationLon, p.stationLat], [p.lon, p.lat], crew.pace, now, false);
      if (trip) fixes.push(this.fix(p.unitId, trip, now, speed));
    }
    // units whose drill ended: home again, then off the map's move list (one a real incident took is the simulator's to drive)
    const real = await this.db.get(SimulatorRepository).onIncident([...this.trips.keys()]);
    for (const [unitId, trip] of this.trips) {
      if (live.some((p) => p.unitId === unitId)) continue;
      if (real.has(unitId)) {
        this.trips.delete(unitId);
        continue;
      }
      if (!trip.home) {
        const at = pointAlong(trip.line, ((now - trip.startedAt) / 1000) * trip.speedMps * speed).at;
        const back = this.plan(unitId, at, trip.line[0], 1, now, true);
        if (!back) this.trips.delete(unitId);
        continue;
      }
      const f = this.fix(unitId, trip, now, speed);
      fixes.push(f);
      if (f.speedKmh === 0) this.trips.delete(unitId);
    }
    if (fixes.length) await this.feed.positions((await this.avl.ingest(fixes, now)).wentLive);
  }

  private async press(p: DrillUnitRow, step: 'ack' | 'en_route'): Promise<void> {
    await this.drills.report(p.unitId, p.drillId, step).catch((e: Error) => this.log.warn(`unit ${p.unitId} ${step}: ${e.message}`));
  }

  private plan(unitId: number, from: LonLat, to: LonLat, pace: number, now: number, home: boolean): Trip | null {
    const a = this.routing.trySnap(from),
      b = this.routing.trySnap(to);
    const route = a && b ? this.routing.route(a, b) : null;
    if (!route || route.coordinates.length < 2) return null;
    const trip = { line: [from, ...route.coordinates, to], speedMps: (route.meters / Math.max(route.seconds, 1)) * pace, startedAt: now, home };
    this.trips.set(unitId, trip);
    return trip;
  }

  private fix(unitId: number, trip: Trip, now: number, speed: number) {
    const along = pointAlong(trip.line, ((now - trip.startedAt) / 1000) * trip.speedMps * speed);
    return {
      unitId,
      ts: now,
      lon: along.at[0],
      lat: along.at[1],
      speedKmh: along.done ? 0 : Math.round(trip.speedMps * 3.6),
      heading: Math.round(along.headingDeg),
    };
  }
}
