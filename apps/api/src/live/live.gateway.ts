import { Inject, Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AckResult, ClientToServerEvents, OrderMessage, ServerToClientEvents } from '@gan119/dispatch';
import { rooms } from '@gan119/dispatch';
import type { Server, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { OrderRow, OrdersRepository } from './orders.repository';
import { Principal, verifyToken } from './tokens';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { who: Principal }>;
const PROVINCE = 360000;

const message = (o: OrderRow, replay: boolean): OrderMessage => ({
  orderId: o.orderId, unitId: o.unitId, incident: o.incident, capability: o.capability, etaS: o.etaS, issuedAt: new Date(o.issuedAt).toISOString(), replay,
});

/**
 * Live orders over socket.io. A tablet (unit token) joins its unit's room and, on every (re)connect,
 * is sent every order it has not acknowledged, read from PostgreSQL; a console (console token) joins
 * its jurisdiction's room. Orders are pushed after their transaction commits; acknowledgements are
 * stored and broadcast. With the Redis adapter, any API process reaches any socket.
 */
@WebSocketGateway({ cors: { origin: true }, maxHttpBufferSize: 64 * 1024 })
export class LiveGateway implements OnGatewayConnection {
  @WebSocketServer() server!: Server<ClientToServerEvents, ServerToClientEvents>;
  private readonly log = new Logger('LiveGateway');
  private readonly orders: OrdersRepository;

  constructor(
    @InjectDataSource() ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.orders = new OrdersRepository(ds);
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    const who = verifyToken(this.config.tokenSecret, (socket.handshake.auth as { token?: unknown } | undefined)?.token);
    if ('error' in who) {
      socket.emit('session:error', { error: who.error });
      socket.disconnect(true);
      return;
    }
    socket.data.who = who;
    if (who.kind === 'unit') {
      await socket.join(rooms.unit(who.unitId));
      for (const o of await this.orders.openFor(who.unitId)) socket.emit('order:new', message(o, true));
    } else {
      await socket.join(rooms.jurisdiction(who.jurisdiction));
    }
  }

  @SubscribeMessage('order:ack')
  async ack(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<AckResult> {
    const who = socket.data.who;
    if (who?.kind !== 'unit') return { ok: false, error: 'only a unit tablet acknowledges orders' };
    const orderId = (body as { orderId?: unknown } | null)?.orderId;
    if (typeof orderId !== 'string') return { ok: false, error: 'orderId is required' };
    const r = await this.orders.ack(orderId, who.unitId);
    if (r.ok && !r.already && r.incidentId !== undefined) {
      const acked = { orderId, unitId: who.unitId, incidentId: r.incidentId, ackedAt: r.ackedAt };
      this.toConsoles(r.cityAdcode ?? null).emit('order:acked', acked);
      this.server.to(rooms.incident(r.incidentId)).emit('order:acked', acked);
    }
    return r.ok ? { ok: true, orderId: r.orderId, ackedAt: r.ackedAt, already: r.already } : r;
  }

  /** Pushes freshly committed orders to their units' tablets and to the consoles that oversee them. */
  async publishOrders(orderIds: string[]): Promise<void> {
    if (!orderIds.length) return;
    try {
      for (const o of await this.orders.byIds(orderIds)) {
        const m = message(o, false);
        this.server.to(rooms.unit(o.unitId)).emit('order:new', m);
        this.toConsoles(o.cityAdcode).emit('order:new', m);
      }
    } catch (e) {
      // the orders are committed: a tablet gets them on its next (re)connect; say so and go on
      this.log.warn(`orders ${orderIds.join(', ')} committed but not pushed: ${(e as Error).message}`);
    }
  }

  private toConsoles(city: number | null) {
    return city ? this.server.to([rooms.jurisdiction(PROVINCE), rooms.jurisdiction(city)]) : this.server.to(rooms.jurisdiction(PROVINCE));
  }
}
