import { rooms } from '@gan119/dispatch';
import { orderMessage, OrdersRepository } from './orders.repository';

/** Either the gateway's socket.io server or a Redis emitter (from a worker process). */
export type RoomEmitter = { to(room: string | string[]): { emit(event: 'order:new', message: ReturnType<typeof orderMessage>): unknown } };

/**
 * Pushes committed orders to their units' tablets, the consoles overseeing their city and the
 * incident's watchers (each socket once). Never throws: the orders are in the record, and a tablet
 * that misses the push is sent them on its next (re)connect; the failure is returned to be logged.
 */
export async function pushOrders(orders: OrdersRepository, out: RoomEmitter, orderIds: string[]): Promise<Error | null> {
  if (!orderIds.length) return null;
  try {
    for (const o of await orders.byIds(orderIds)) {
      out.to([rooms.unit(o.unitId), ...rooms.consoles(o.cityAdcode, o.countyAdcode), rooms.incident(o.incident.id)]).emit('order:new', orderMessage(o, false));
    }
    return null;
  } catch (e) {
    return e as Error;
  }
}
