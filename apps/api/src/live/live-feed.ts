import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { OrderMessage, OrderWithdrawnMessage, PositionMessage, PROVINCE_ADCODE, rooms, ServerToClientEvents, UnacknowledgedMessage } from '@gan119/dispatch';
import Redis from 'ioredis';
import type { Server } from 'socket.io';
import { APP_CONFIG, AppConfig } from '../config/config';
import { closeRedis, tolerateUnawaitedCommands } from '../infra/redis/client-safety';
import { Area, FeedRepository } from './feed.repository';
import { repositoryOnPool } from '../infra/db/providers';

export type { Area } from './feed.repository';

/** An order to push: the tablet's message and where its incident is (for the consoles over it). */
export type OrderToSend = { message: OrderMessage } & Area;

/** Positions for a console room are gathered this long and sent as one message (one per fix flooded the consoles at 10,000 fixes/s). */
const AVL_WINDOW_MS = 25;

/** How long a process trusts what it knows of a unit's active incident (another process may have assigned or released it). */
const ON_INCIDENT_TTL_MS = 5000;

type Out = Pick<Server<Record<string, never>, ServerToClientEvents>, 'to' | 'in'> | Emitter<ServerToClientEvents>;

/**
 * The one way anything in any process tells tablets and consoles: through the socket.io server when
 * this process has one (the gateway attaches it), else through the Redis emitter (a worker process).
 * Consoles hear about a unit or an incident through the rooms of the province, its city and its county (rooms.consoles);
 * a unit on an incident elsewhere (sent across a border) is also heard by the consoles over that incident.
 */
@Injectable()
export class LiveFeed implements OnApplicationShutdown {
  private readonly log = new Logger('LiveFeed');
  private server: Out | null = null;
  private emitterRedis: Redis | null = null;
  private readonly unitArea = new Map<number, Area>();
  /** the area of each unit's active incident (null: none), and when that was read */
  private readonly onIncident = new Map<number, { area: Area | null; at: number }>();
  /** positions waiting for the window to end, per console room */
  private readonly pendingFixes = new Map<string, PositionMessage[]>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: FeedRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  attach(server: Server): void {
    this.server = server as unknown as Out;
  }

  private out(): Out {
    if (this.server) return this.server;
    this.emitterRedis = tolerateUnawaitedCommands(new Redis(this.config.redis.url, { connectionName: 'gan119-emitter', disableClientInfo: true }), (e) =>
      this.log.warn(`live message not published: ${e.message}`),
    );
    this.emitterRedis.on('error', () => undefined);
    this.server = new Emitter<ServerToClientEvents>(this.emitterRedis, { key: `${this.config.redis.prefix}socket.io` });
    return this.server;
  }

  /** Committed orders (as the assignment built them) to their tablets, consoles and incident watchers. Never throws (tablets get them on reconnect). */
  orders(orders: OrderToSend[]): void {
    try {
      const out = this.out();
      for (const o of orders) {
        // the unit's tablet, the consoles over its place and the incident's watchers, each socket once
        out
          .to([rooms.unit(o.message.unitId), ...rooms.consoles(o.cityAdcode, o.countyAdcode), rooms.incident(o.message.incident.id)])
          .emit('order:new', o.message);
      }
    } catch (e) {
      this.log.warn(`orders committed but not pushed (tablets get them on reconnect): ${(e as Error).message}`);
    }
  }

  unitStatus(unit: { id: number; status: string } & Area, alsoTo: string[] = []): void {
    this.unitArea.set(unit.id, { cityAdcode: unit.cityAdcode, countyAdcode: unit.countyAdcode });
    // its own tablet too: a status set elsewhere (the desk's release, the crew's other device) shows on it
    this.out()
      .to([...new Set([...this.consolesOf(unit.id), ...alsoTo, rooms.unit(unit.id)])])
      .emit('unit:status', { unitId: unit.id, status: unit.status, at: new Date().toISOString() });
  }

  /** The consoles over a unit: its home's (province, city, county) and, while it is on one, its incident's. */
  private consolesOf(unitId: number): string[] {
    const home = this.unitArea.get(unitId);
    const incident = this.onIncident.get(unitId)?.area;
    return [
      ...new Set([
        ...rooms.consoles(home?.cityAdcode ?? null, home?.countyAdcode ?? null),
        ...rooms.consoles(incident?.cityAdcode ?? null, incident?.countyAdcode ?? null),
      ]),
    ];
  }

  /** Reads the active incident of the units this process has not looked at lately. */
  private async learnIncidents(unitIds: number[]): Promise<void> {
    const now = Date.now();
    const stale = [...new Set(unitIds)].filter((id) => (this.onIncident.get(id)?.at ?? 0) < now - ON_INCIDENT_TTL_MS);
    if (!stale.length) return;
    for (const id of stale) this.onIncident.set(id, { area: this.onIncident.get(id)?.area ?? null, at: now }); // one read at a time per unit
    const rows = await this.repo.activeIncidentAreas(stale);
    for (const id of stale) this.onIncident.set(id, { area: null, at: now });
    for (const r of rows) this.onIncident.set(r.unitId, { area: { cityAdcode: r.cityAdcode, countyAdcode: r.countyAdcode }, at: now });
  }

  /** Closes every socket of a session (logout, revocation), on whichever process it is. */
  endSession(sid: string): void {
    const out = this.out();
    out.to(rooms.session(sid)).emit('session:error', { error: 'signed out' });
    out.in(rooms.session(sid)).disconnectSockets(true);
  }

  /**
   * Units whose status a committed change moved (assignment, release, closing an incident): their
   * current status to the consoles over their home and over their latest incident (active, or just
   * left), read in one query that also refreshes what this process knows of their incidents. Never throws.
   */
  async unitsChanged(unitIds: number[]): Promise<void> {
    if (!unitIds.length) return;
    try {
      const rows = await this.repo.statuses(unitIds);
      const now = Date.now();
      for (const u of rows) {
        const incident = u.active === null ? null : { cityAdcode: u.incidentCity, countyAdcode: u.incidentCounty };
        this.onIncident.set(u.id, { area: u.active ? incident : null, at: now });
        this.unitStatus(u, incident ? rooms.consoles(incident.cityAdcode, incident.countyAdcode) : []);
      }
    } catch (e) {
      this.log.warn(`unit statuses not pushed (consoles catch up on their next snapshot): ${(e as Error).message}`);
    }
  }

  acked(a: { orderId: string; unitId: number; incidentId: number; ackedAt: string }, area: Area): void {
    this.out()
      .to([...rooms.consoles(area.cityAdcode, area.countyAdcode), rooms.incident(a.incidentId), rooms.unit(a.unitId)])
      .emit('order:acked', a);
  }

  /** Orders that ended with their assignment, to the unit's tablet: it drops them. */
  withdrawn(ended: OrderWithdrawnMessage[]): void {
    for (const m of ended) if (m.orderIds.length) this.out().to(rooms.unit(m.unitId)).emit('order:withdrawn', m);
  }

  /** The desk's alerts of an incident changed: its consoles read them again. */
  /** A drill message (演练: its order, a part ended, a change for the 演练 view) to these rooms. Never throws: the tablet reads its drill again on reconnect. */
  drill<E extends 'drill:order' | 'drill:ended' | 'drill:changed'>(to: string[], event: E, m: Parameters<ServerToClientEvents[E]>[0]): void {
    try {
      (this.out().to(to) as { emit: (e: string, m: unknown) => unknown }).emit(event, m);
    } catch (e) {
      this.log.warn(`drill message not pushed: ${(e as Error).message}`);
    }
  }

  alertsChanged(incidentId: number, area: Area): void {
    this.out()
      .to([...rooms.consoles(area.cityAdcode, area.countyAdcode), rooms.incident(incidentId)])
      .emit('alerts:changed', { incidentId });
  }

  /** Tells an incident's consoles that its alerts changed (its area read from the record). Never throws. */
  async incidentAlerts(incidentId: number): Promise<void> {
    try {
      const area = await this.repo.incidentArea(incidentId);
      if (area) this.alertsChanged(incidentId, area);
    } catch (e) {
      this.log.warn(`alerts of incident ${incidentId} not pushed (the desk reads them on its next load): ${(e as Error).message}`);
    }
  }

  /** A new incident (an IoT alarm's, or a call another dispatcher took): the consoles over its place add it to their queue. */
  incidentNew(i: { id: number; type: string; level: number; source: string; address: string | null; partner?: string }, area: Area): void {
    this.out().to(rooms.consoles(area.cityAdcode, area.countyAdcode)).emit('incident:new', i);
  }

  /** Another agency's side of an incident changed: the consoles over it and its room read its panel again. Never throws. */
  async partnerChanged(incidentId: number): Promise<void> {
    try {
      const area = await this.repo.incidentArea(incidentId);
      if (area)
        this.out()
          .to([...rooms.consoles(area.cityAdcode, area.countyAdcode), rooms.incident(incidentId)])
          .emit('partner:changed', { incidentId });
    } catch (e) {
      this.log.warn(`partner change of incident ${incidentId} not pushed (the panel reads it on its next load): ${(e as Error).message}`);
    }
  }

  /** An IoT alarm raised or decided: the monitoring centres over its building read their list again; a confirmed one names its incident. */
  iotAlarm(a: { id: number; state: string; rule: string; incidentId: number | null; building: string | null }, area: Area): void {
    this.out().to(rooms.consoles(area.cityAdcode, area.countyAdcode)).emit('iot:alarm', a);
  }

  unacknowledged(alert: UnacknowledgedMessage, area: Area): void {
    this.out()
      .to([...rooms.consoles(area.cityAdcode, area.countyAdcode), rooms.incident(alert.incidentId)])
      .emit('order:unacknowledged', alert);
  }

  /** Positions that went live, to the consoles over each unit, gathered per room for AVL_WINDOW_MS. */
  async positions(fixes: PositionMessage[]): Promise<void> {
    if (!fixes.length) return;
    try {
      await this.learnAreas(fixes.map((f) => f.unitId));
      // in the background: positions never wait on it (a unit just sent elsewhere reaches that incident's consoles from the next batch)
      void this.learnIncidents(fixes.map((f) => f.unitId)).catch((e: Error) => this.log.warn(`units' incidents not read: ${e.message}`));
    } catch (e) {
      this.log.warn(`positions not fanned out: ${(e as Error).message}`);
      return;
    }
    const province = rooms.jurisdiction(PROVINCE_ADCODE);
    this.queueFixes(province, fixes);
    for (const f of fixes) for (const room of this.consolesOf(f.unitId)) if (room !== province) this.queueFixes(room, [f]);
    this.flushTimer ??= setTimeout(() => this.flushFixes(), AVL_WINDOW_MS);
  }

  private queueFixes(room: string, fixes: PositionMessage[]): void {
    const list = this.pendingFixes.get(room);
    if (list) for (const f of fixes) list.push(f);
    else this.pendingFixes.set(room, [...fixes]);
  }

  /** One message per console room with every position of the window: the province's gets them all, a city's or county's its own units'. */
  private flushFixes(): void {
    this.flushTimer = null;
    const out = this.out();
    for (const [room, list] of this.pendingFixes) out.to(room).emit('avl:positions', list);
    this.pendingFixes.clear();
  }

  private async learnAreas(unitIds: number[]): Promise<void> {
    const unknown = [...new Set(unitIds)].filter((id) => !this.unitArea.has(id));
    if (!unknown.length) return;
    const rows = await this.repo.homes(unknown);
    for (const r of rows) this.unitArea.set(r.id, { cityAdcode: r.cityAdcode, countyAdcode: r.countyAdcode });
  }

  onApplicationShutdown(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushFixes();
    }
    if (this.emitterRedis) closeRedis(this.emitterRedis);
  }
}

@Global()
@Module({ providers: [LiveFeed, repositoryOnPool(FeedRepository)], exports: [LiveFeed, FeedRepository] })
export class LiveFeedModule {}
