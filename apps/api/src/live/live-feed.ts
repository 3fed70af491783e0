import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Emitter } from '@socket.io/redis-emitter';
import { PositionMessage, PROVINCE_ADCODE, rooms, ServerToClientEvents, UnacknowledgedMessage } from '@gan119/dispatch';
import Redis from 'ioredis';
import type { Server } from 'socket.io';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { closeRedis, tolerateUnawaitedCommands } from '../infra/redis/client-safety';
import { orderMessage, OrdersRepository } from './orders.repository';

/** Where something is, for choosing the consoles that oversee it. */
export type Area = { cityAdcode: number | null; countyAdcode: number | null };

type Out = Pick<Server<Record<string, never>, ServerToClientEvents>, 'to' | 'in'> | Emitter<ServerToClientEvents>;

/**
 * The one way anything in any process tells tablets and consoles: through the socket.io server when
 * this process has one (the gateway attaches it), else through the Redis emitter (a worker process).
 * Consoles hear about a unit or an incident through the rooms of the province, its city and its county (rooms.consoles).
 */
@Injectable()
export class LiveFeed implements OnApplicationShutdown {
  private readonly log = new Logger('LiveFeed');
  private server: Out | null = null;
  private emitterRedis: Redis | null = null;
  private readonly unitArea = new Map<number, Area>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  attach(server: Server): void {
    this.server = server as unknown as Out;
  }

  private out(): Out {
    if (this.server) return this.server;
    this.emitterRedis = tolerateUnawaitedCommands(new Redis(this.config.redis.url, { connectionName: 'gan119-emitter' }), (e) => this.log.warn(`live message not published: ${e.message}`));
    this.emitterRedis.on('error', () => undefined);
    this.server = new Emitter<ServerToClientEvents>(this.emitterRedis, { key: `${this.config.redis.prefix}socket.io` });
    return this.server;
  }

  /** Committed orders to their tablets, consoles and incident watchers. Never throws (tablets get them on reconnect). */
  async orders(orderIds: string[]): Promise<void> {
    if (!orderIds.length) return;
    try {
      const out = this.out();
      for (const o of await new OrdersRepository(this.ds).byIds(orderIds)) {
        // the unit's tablet, the consoles over its place and the incident's watchers, each socket once
        out.to([rooms.unit(o.unitId), ...rooms.consoles(o.cityAdcode, o.countyAdcode), rooms.incident(o.incident.id)]).emit('order:new', orderMessage(o, false));
      }
    } catch (e) {
      this.log.warn(`orders ${orderIds.join(', ')} committed but not pushed (tablets get them on reconnect): ${(e as Error).message}`);
    }
  }

  unitStatus(unit: { id: number; status: string } & Area): void {
    this.unitArea.set(unit.id, { cityAdcode: unit.cityAdcode, countyAdcode: unit.countyAdcode });
    this.out().to(rooms.consoles(unit.cityAdcode, unit.countyAdcode)).emit('unit:status', { unitId: unit.id, status: unit.status, at: new Date().toISOString() });
  }

  /** Closes every socket of a session (logout, revocation), on whichever process it is. */
  endSession(sid: string): void {
    const out = this.out();
    out.to(rooms.session(sid)).emit('session:error', { error: 'signed out' });
    out.in(rooms.session(sid)).disconnectSockets(true);
  }

  /** Units whose status a committed change moved (assignment, release, closing an incident): their current status to the consoles. Never throws. */
  async unitsChanged(unitIds: number[]): Promise<void> {
    if (!unitIds.length) return;
    try {
      const rows = (await this.ds.query(
        'SELECT u.id, u.status, s.city_adcode AS "cityAdcode", s.county_adcode AS "countyAdcode" FROM unit u JOIN station s ON s.id = u.station_id WHERE u.id = ANY($1::int[])',
        [unitIds],
      )) as Array<{ id: number; status: string } & Area>;
      rows.forEach((u) => this.unitStatus(u));
    } catch (e) {
      this.log.warn(`unit statuses not pushed (consoles catch up on their next snapshot): ${(e as Error).message}`);
    }
  }

  acked(a: { orderId: string; unitId: number; incidentId: number; ackedAt: string }, area: Area): void {
    this.out().to([...rooms.consoles(area.cityAdcode, area.countyAdcode), rooms.incident(a.incidentId)]).emit('order:acked', a);
  }

  unacknowledged(alert: UnacknowledgedMessage, area: Area): void {
    this.out().to([...rooms.consoles(area.cityAdcode, area.countyAdcode), rooms.incident(alert.incidentId)]).emit('order:unacknowledged', alert);
  }

  /** Positions that went live, one message per room: the province's gets them all, a city's or county's its own units'. */
  async positions(fixes: PositionMessage[]): Promise<void> {
    if (!fixes.length) return;
    try {
      await this.learnAreas(fixes.map((f) => f.unitId));
    } catch (e) {
      this.log.warn(`positions not fanned out: ${(e as Error).message}`);
      return;
    }
    const out = this.out();
    out.to(rooms.jurisdiction(PROVINCE_ADCODE)).emit('avl:positions', fixes);
    const byArea = new Map<number, PositionMessage[]>();
    for (const f of fixes) {
      const area = this.unitArea.get(f.unitId);
      for (const code of [area?.cityAdcode, area?.countyAdcode]) {
        if (!code) continue;
        const list = byArea.get(code);
        if (list) list.push(f);
        else byArea.set(code, [f]);
      }
    }
    for (const [code, list] of byArea) out.to(rooms.jurisdiction(code)).emit('avl:positions', list);
  }

  private async learnAreas(unitIds: number[]): Promise<void> {
    const unknown = [...new Set(unitIds)].filter((id) => !this.unitArea.has(id));
    if (!unknown.length) return;
    const rows = (await this.ds.query(
      'SELECT u.id, s.city_adcode AS "cityAdcode", s.county_adcode AS "countyAdcode" FROM unit u JOIN station s ON s.id = u.station_id WHERE u.id = ANY($1::int[])',
      [unknown],
    )) as Array<{ id: number } & Area>;
    for (const r of rows) this.unitArea.set(r.id, { cityAdcode: r.cityAdcode, countyAdcode: r.countyAdcode });
  }

  onApplicationShutdown(): void {
    if (this.emitterRedis) closeRedis(this.emitterRedis);
  }
}

@Global()
@Module({ providers: [LiveFeed], exports: [LiveFeed] })
export class LiveFeedModule {}
