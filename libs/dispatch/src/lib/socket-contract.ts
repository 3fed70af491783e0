import type { IncidentLevel, IncidentType } from './incident-kinds';

/** An order as a unit's tablet receives it (the record is dispatch_order in PostgreSQL). */
export type OrderMessage = {
  orderId: string;
  unitId: number;
  incident: { id: number; type: IncidentType; level: IncidentLevel; lon: number; lat: number; address: string | null };
  capability: string;
  etaS: number | null;
  issuedAt: string;
  /** true when sent again on (re)connect: the tablet ignores an order id it already has */
  replay: boolean;
};

export type OrderAckedMessage = { orderId: string; unitId: number; incidentId: number; ackedAt: string };
export type AckResult = { ok: true; orderId: string; ackedAt: string; already: boolean } | { ok: false; error: string };

export type UnacknowledgedMessage = {
  orderId: string;
  unitId: number;
  incidentId: number;
  capability: string;
  /** the next-best unit for the same capability, for the dispatcher to send instead */
  proposal: { unitId: number; name: string; etaS: number; crossJurisdiction: boolean } | null;
};

/** Events the server sends. */
export interface ServerToClientEvents {
  'order:unacknowledged': (m: UnacknowledgedMessage) => void;
  'order:new': (o: OrderMessage) => void;
  'order:acked': (a: OrderAckedMessage) => void;
  'session:error': (e: { error: string }) => void;
}

/** Events the clients send (with an acknowledgement callback). */
export interface ClientToServerEvents {
  'order:ack': (body: { orderId: string }, reply: (r: AckResult) => void) => void;
}

/** Rooms: a unit's tablet joins its unit room; consoles join their jurisdiction's and incidents' rooms. */
export const rooms = {
  unit: (unitId: number) => `unit:${unitId}`,
  jurisdiction: (adcode: number) => `area:${adcode}`,
  incident: (id: number) => `incident:${id}`,
};
