import { Inject, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { AckResult, ClientToServerEvents, Refusal, Reply, ServerToClientEvents } from '@gan119/dispatch';
import { isUnitStatus } from '@gan119/resources';
import { Drills } from '../drills/drills.service';
import { AvlService } from '../forces/avl.service';
import { announceStatusChange, UnitStatusChanges } from '../dispatch/change-unit-status';
import { DomainError } from '../common/errors';
import { dependencyFailure } from '../common/dependency-errors';
import { isDrillStep, rooms } from '@gan119/dispatch';
import type { Server, Socket } from 'socket.io';
import { APP_CONFIG, AppConfig } from '../config/config';
import { orderMessage, OrdersRepository } from '../orders/orders.repository';
import { IncidentPush } from './incident-push';
import { LiveFeed } from '../live/live-feed';
import { AccountsRepository } from '../accounts/accounts.repository';
import { Jurisdiction } from '../accounts/jurisdiction';
import { JurisdictionRepository } from '../accounts/jurisdiction.repository';
import { FeedRepository } from '../live/feed.repository';
import { TokenBucket } from '../accounts/rate-limit';
import { MetricsService } from '../metrics/metrics.service';
import { Principal, verifyToken } from '../accounts/tokens';

type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { who: Principal; city?: number; bucket?: TokenBucket; ready?: Promise<void> }
>;

/**
 * Live orders over socket.io. A tablet (unit token) joins its unit's room and, on every (re)connect,
 * is sent every order it has not acknowledged, read from PostgreSQL; a console (console token) joins
 * its jurisdiction's room. Orders are pushed after their transaction commits; acknowledgements are
 * stored and broadcast. With the Redis adapter, any API process reaches any socket.
 */
@WebSocketGateway({ cors: { origin: true }, maxHttpBufferSize: 64 * 1024 })
export class LiveGateway implements OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit {
  @WebSocketServer() server!: Server<ClientToServerEvents, ServerToClientEvents>;
  private readonly log = new Logger('LiveGateway');
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly avl: AvlService,
    private readonly feed: LiveFeed,
    private readonly incidentPush: IncidentPush,
    private readonly metrics: MetricsService,
    private readonly orders: OrdersRepository,
    private readonly accounts: AccountsRepository,
    private readonly areas: JurisdictionRepository,
    private readonly jurisdiction: Jurisdiction,
    private readonly oversight: FeedRepository,
    private readonly statuses: UnitStatusChanges,
    private readonly drills: Drills,
  ) {}

  handleDisconnect(socket: LiveSocket): void {
    if (socket.data.who) this.metrics.socketsConnected.dec({ kind: socket.data.who.kind });
  }

  private async sessionAlive(sid: string): Promise<boolean> {
    return (await this.accounts.deadSessions([sid])).length === 0;
  }

  /** A login's socket: closed when its access token expires (the client refreshes and reconnects) or its session ends. */
  private async holdSession(socket: LiveSocket, sid: string, exp: number | undefined): Promise<void> {
    await socket.join(rooms.session(sid));
    if (exp === undefined) return;
    const timer = setTimeout(
      () => {
        socket.emit('session:error', { error: 'token expired: refresh it and reconnect' });
        socket.disconnect(true);
      },
      Math.max(0, exp * 1000 - Date.now()),
    );
    socket.once('disconnect', () => clearTimeout(timer));
  }

  /** The socket's own budget (every event counts): a flood is refused, not served. */
  private allowed(socket: LiveSocket): boolean {
    return socket.data.bucket?.take() ?? false;
  }

  /**
   * Every event: waits for the socket's admission, takes from its budget, and always answers. A
   * refusal on the merits is its reason; a dependency that fails (the database, Redis) is "try again",
   * never silence that would leave a tablet waiting on its acknowledgement.
   */
  private async answer<T extends Reply>(socket: LiveSocket, work: (who: Principal | undefined) => Promise<T | Refusal>): Promise<T | Refusal> {
    await socket.data.ready;
    if (!this.allowed(socket)) return { ok: false, error: `too many messages: at most ${this.config.socketMsgsPerS} a second` };
    try {
      return await work(socket.data.who);
    } catch (e) {
      if (e instanceof DomainError) return { ok: false, error: e.message, code: e.code, ...(e.details ? { details: e.details } : {}) };
      const dep = dependencyFailure(e);
      this.log.warn(`socket event failed: ${(e as Error).message}`);
      return { ok: false, error: dep ? `service unavailable: ${dep.message}` : 'internal error: try again' };
    }
  }

  afterInit(server: Server<ClientToServerEvents, ServerToClientEvents>): void {
    this.feed.attach(server);
    this.incidentPush.attach(server);
  }

  /** Admission is asynchronous (a login's session is checked): a message that arrives meanwhile waits for it. */
  async handleConnection(socket: LiveSocket): Promise<void> {
    // never rejects: a database that does not answer turns the socket away with a reason (it reconnects)
    socket.data.ready = this.admit(socket).catch((e: Error) => {
      socket.emit('session:error', { error: `service unavailable, try again: ${e.message}` });
      socket.disconnect(true);
    });
    await socket.data.ready;
  }

  private async admit(socket: LiveSocket): Promise<void> {
    const who = verifyToken(this.config.tokenSecret, (socket.handshake.auth as { token?: unknown } | undefined)?.token);
    if ('error' in who) {
      socket.emit('session:error', { error: who.error });
      socket.disconnect(true);
      return;
    }
    if (this.config.auth.required && !who.account) {
      socket.emit('session:error', { error: 'sign in first: this token is not a login' });
      socket.disconnect(true);
      return;
    }
    if (who.account && !(await this.sessionAlive(who.account.sid))) {
      socket.emit('session:error', { error: 'session ended: sign in again' });
      socket.disconnect(true);
      return;
    }
    socket.data.who = who;
    if (who.account) await this.holdSession(socket, who.account.sid, who.exp);
    socket.data.bucket = new TokenBucket(2 * this.config.socketMsgsPerS, this.config.socketMsgsPerS);
    this.metrics.socketsConnected.inc({ kind: who.kind });
    if (who.kind === 'unit') {
      const unit = await this.areas.unit(who.unitId);
      if (!unit) {
        socket.emit('session:error', { error: `unit ${who.unitId} does not exist` });
        socket.disconnect(true);
        return;
      }
      socket.data.city = unit.home.cityAdcode ?? undefined;
      await socket.join(rooms.unit(who.unitId));
      for (const o of await this.orders.openFor(who.unitId)) socket.emit('order:new', orderMessage(o, true));
      // its live drill (演练), after admission and apart from it: a drill never holds up the tablet's real orders
      void this.drills.liveOrders(who.unitId).then(
        (list) => list.forEach((d) => socket.emit('drill:order', d)),
        (e: Error) => this.log.warn(`drill replay for unit ${who.unitId}: ${e.message}`),
      );
    } else {
      await socket.join(rooms.jurisdiction(who.jurisdiction));
      socket.emit('snapshot', await this.snapshot(who.jurisdiction));
    }
  }

  /**
   * The status and live position of every unit of the console's jurisdiction (the province: all) and
   * of the units sent to its incidents from elsewhere, what it draws before the deltas arrive: the
   * same units whose changes it will then hear.
   */
  private async snapshot(jurisdiction: number) {
    const live = new Map((await this.avl.live()).map((p) => [p.unitId, p]));
    const units = await this.oversight.overseenBy(jurisdiction);
    return {
      units: units.map((u) => {
        const p = live.get(u.id);
        return { unitId: u.id, status: u.status, lon: p?.lon ?? null, lat: p?.lat ?? null, ts: p?.ts ?? null, stale: p?.stale ?? true };
      }),
    };
  }

  @SubscribeMessage('unit:status')
  status(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Reply & { status?: string }> {
    return this.answer(socket, async (who) => {
      if (who?.kind !== 'unit') return { ok: false, error: 'only a unit tablet reports its status' };
      const { to, reason } = (body ?? {}) as { to?: unknown; reason?: unknown };
      if (!isUnitStatus(to)) return { ok: false, error: 'to must be a unit status' };
      if (reason !== undefined && (typeof reason !== 'string' || reason.length > 500)) return { ok: false, error: 'reason must be text up to 500 characters' };
      const change = await announceStatusChange(this.feed, () =>
        this.statuses.change({ unitId: who.unitId, to, reason, by: `unit:${who.unitId}`, fromCrew: true }),
      );
      return { ok: true, status: change.unit.status };
    });
  }

  /** A drill button (演练): timed on the drill alone, never the unit's real status. */
  @SubscribeMessage('drill:report')
  drillReport(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Reply & { at?: string; already?: boolean }> {
    return this.answer(socket, async (who) => {
      if (who?.kind !== 'unit') return { ok: false, error: 'only a unit tablet reports on its drill' };
      const { drillId, step } = (body ?? {}) as { drillId?: unknown; step?: unknown };
      if (typeof drillId !== 'number' || !Number.isInteger(drillId) || drillId < 1 || drillId > 2147483647)
        return { ok: false, error: 'drillId must be a positive whole number' };
      if (!isDrillStep(step)) return { ok: false, error: 'step must be ack, en_route, on_scene or finished' };
      return { ok: true, ...(await this.drills.report(who.unitId, drillId, step)) };
    });
  }

  @SubscribeMessage('unit:positions')
  positions(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Reply & { live?: number; rejected?: number }> {
    return this.answer(socket, async (who) => {
      if (who?.kind !== 'unit') return { ok: false, error: 'only a unit tablet reports positions' };
      const list = (body as { positions?: unknown } | null)?.positions;
      if (!Array.isArray(list) || list.length < 1 || list.length > 100) return { ok: false, error: 'positions must be 1 to 100 fixes' };
      const fixes = list.map((p: { ts?: unknown; lon?: unknown; lat?: unknown; speedKmh?: unknown; heading?: unknown }) => ({
        unitId: who.unitId,
        ts: typeof p?.ts === 'string' ? Date.parse(p.ts) : NaN,
        lon: typeof p?.lon === 'number' ? p.lon : NaN,
        lat: typeof p?.lat === 'number' ? p.lat : NaN,
        speedKmh: typeof p?.speedKmh === 'number' ? p.speedKmh : undefined,
        heading: typeof p?.heading === 'number' ? p.heading : undefined,
      }));
      const bad = fixes.findIndex((f) => !Number.isFinite(f.lon) || !Number.isFinite(f.lat) || f.lon < -180 || f.lon > 180 || f.lat < -90 || f.lat > 90);
      if (bad >= 0) return { ok: false, error: `positions[${bad}]: lon/lat must be numbers in range` };
      const r = await this.avl.ingest(fixes);
      await this.feed.positions(r.wentLive);
      return r.rejected.length
        ? { ok: false, error: r.rejected.map((x) => x.error).join('; '), live: r.live, rejected: r.rejected.length }
        : { ok: true, live: r.live, rejected: 0 };
    });
  }

  @SubscribeMessage('incident:watch')
  watch(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Reply> {
    return this.answer(socket, async (who) => {
      if (who?.kind !== 'console') return { ok: false, error: 'only a console watches incidents' };
      const id = (body as { incidentId?: unknown } | null)?.incidentId;
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > 2147483647)
        return { ok: false, error: 'incidentId must be a positive whole number' };
      // the same rule as REST reads (GET /incidents/:id): its jurisdiction, or one whose units work on it
      await this.jurisdiction.incident(who, id, 'read');
      await socket.join(rooms.incident(id));
      return { ok: true };
    });
  }

  @SubscribeMessage('incident:unwatch')
  unwatch(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Reply> {
    return this.answer(socket, async (who) => {
      if (who?.kind !== 'console') return { ok: false, error: 'only a console watches incidents' };
      const id = (body as { incidentId?: unknown } | null)?.incidentId;
      if (typeof id !== 'number' || !Number.isInteger(id)) return { ok: false, error: 'incidentId must be a whole number' };
      await socket.leave(rooms.incident(id));
      return { ok: true };
    });
  }

  @SubscribeMessage('order:ack')
  ack(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<AckResult> {
    return this.answer(socket, async (who) => {
      if (who?.kind !== 'unit') return { ok: false, error: 'only a unit tablet acknowledges orders' };
      const orderId = (body as { orderId?: unknown } | null)?.orderId;
      if (typeof orderId !== 'string') return { ok: false, error: 'orderId is required' };
      const r = await this.orders.ack(orderId, who.unitId);
      if (r.ok && !r.already && r.incidentId !== undefined) {
        this.feed.acked(
          { orderId, unitId: who.unitId, incidentId: r.incidentId, ackedAt: r.ackedAt },
          { cityAdcode: r.cityAdcode ?? null, countyAdcode: r.countyAdcode ?? null },
        );
      }
      return r.ok ? { ok: true, orderId: r.orderId, ackedAt: r.ackedAt, already: r.already } : r;
    });
  }
}
