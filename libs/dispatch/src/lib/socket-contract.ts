import type { IncidentLevel, IncidentType } from './incident-kinds';
import type { IncidentSummary } from './desk-contract';

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

/** The unit's orders on an incident ended (released, or the incident closed): the tablet drops them; an ack after this is refused. */
export type OrderWithdrawnMessage = { unitId: number; incidentId: number; orderIds: string[]; reason: 'released' | 'closed' };
export type OrderAckedMessage = { orderId: string; unitId: number; incidentId: number; ackedAt: string };
export type UnitStatusMessage = { unitId: number; status: string; at: string };
export type PositionMessage = { unitId: number; ts: string; lon: number; lat: number; speedKmh: number | null; heading: number | null };
export type Snapshot = { units: Array<{ unitId: number; status: string; lon: number | null; lat: number | null; ts: string | null; stale: boolean }> };
/** A refusal carries the server's sentence and, for the ones a person must read, a code the console translates. */
export type Refusal = { ok: false; error: string; code?: string; details?: Record<string, unknown> };
export type Reply = { ok: true } | Refusal;

export type AckResult = { ok: true; orderId: string; ackedAt: string; already: boolean } | Refusal;

export type UnacknowledgedMessage = {
  orderId: string;
  unitId: number;
  incidentId: number;
  capability: string;
  /** the next-best unit for the same capability, for the dispatcher to send instead */
  proposal: { unitId: number; name: string; etaS: number; crossJurisdiction: boolean } | null;
  /** set when the incident's plan sends the proposal at once (自动增派): its new order */
  autoDispatched: { unitId: number; orderId: string } | null;
};

/** Events the server sends. */
export interface ServerToClientEvents {
  'order:unacknowledged': (m: UnacknowledgedMessage) => void;
  'order:new': (o: OrderMessage) => void;
  'order:acked': (a: OrderAckedMessage) => void;
  'order:withdrawn': (m: OrderWithdrawnMessage) => void;
  'session:error': (e: { error: string }) => void;
  'unit:status': (m: UnitStatusMessage) => void;
  'avl:positions': (m: PositionMessage[]) => void;
  snapshot: (s: Snapshot) => void;
  /** the desk's alerts of an incident changed (raised or resolved): consoles read GET /api/alerts again */
  'alerts:changed': (m: { incidentId: number }) => void;
  /** a new incident over the console's area (an IoT alarm confirmed, a call another dispatcher took): the queue reloads */
  'incident:new': (m: IncidentNewMessage) => void;
  /** an incident over the console's area was created or changed (level, state, closed, merged …): its map and queue update it in place */
  'incident:changed': (m: IncidentChangedMessage) => void;
  /** the server may have missed incident changes (its database listener reconnected): consoles read the incident list again */
  'incidents:reload': () => void;
  /** an IoT alarm raised or decided over the console's area: the monitoring centre reads GET /api/iot/alarms again */
  'iot:alarm': (m: IotAlarmMessage) => void;
  /** a 三随三实 drill order (演练): never an incident, never in the statistics; the tablet shows it apart from real orders */
  'drill:order': (m: DrillOrderMessage) => void;
  /** the unit's part in a drill ended: arrived, time ran out, a real incident took the unit, or the drill was called off */
  'drill:ended': (m: DrillEndedMessage) => void;
  /** a drill over the console's area changed (fired, a unit reported, ended): the 演练 view reads it again */
  'drill:changed': (m: { drillId: number }) => void;
  /** another agency's side of an incident changed (a request delivered, refused, answered; a transfer's update; a public alert): its panel reads it again */
  'partner:changed': (m: { incidentId: number }) => void;
}

export type DrillOrderMessage = {
  drillId: number;
  unitId: number;
  /** where to go and what to play: a point in the station's district, a type and level */
  scenario: { type: string; level: number; lon: number; lat: number; address: string | null };
  station: string;
  issuedAt: string;
  /** what the crew already reported (a tablet that reconnects mid-drill) */
  steps: Partial<Record<'ack' | 'en_route' | 'on_scene', string>>;
  replay: boolean;
};
export type DrillEndedMessage = { drillId: number; unitId: number; outcome: string };

export type IncidentChange = 'new' | 'level' | 'state' | 'closed' | 'reopened' | 'merged' | 'updated';
/** The incident as the queue lists it, after the change; a closed or merged one leaves the map. */
export type IncidentChangedMessage = { change: IncidentChange; incident: IncidentSummary };
/** partner: the agency that transferred it (转警), when one did */
export type IncidentNewMessage = { id: number; type: string; level: number; source: string; address: string | null; partner?: string };
export type IotAlarmMessage = { id: number; state: string; rule: string; incidentId: number | null; building: string | null };

/** Events the clients send (with an acknowledgement callback). */
export interface ClientToServerEvents {
  'order:ack': (body: { orderId: string }, reply: (r: AckResult) => void) => void;
  /** a tablet's status button: 出动 en_route, 到场 on_scene, 返回 returning, 可用 available */
  'unit:status': (body: { to: string; reason?: string }, reply: (r: Reply & { status?: string }) => void) => void;
  /** a console opens an incident: it hears that incident's orders, acks and alerts until it unwatches (or leaves) */
  'incident:watch': (body: { incidentId: number }, reply: (r: Reply) => void) => void;
  'incident:unwatch': (body: { incidentId: number }, reply: (r: Reply) => void) => void;
  /** a tablet's positions since its last report (1 to 100) */
  'unit:positions': (
    body: { positions: Array<{ ts: string; lon: number; lat: number; speedKmh?: number; heading?: number }> },
    reply: (r: Reply & { live?: number; rejected?: number }) => void,
  ) => void;
  /** a tablet's drill button: 收到 ack, 出动 en_route, 到场 on_scene, 结束 finished (none changes the unit's real status) */
  'drill:report': (body: { drillId: number; step: string }, reply: (r: Reply & { at?: string; already?: boolean }) => void) => void;
}

/** Rooms: a unit's tablet joins its unit room; consoles join their jurisdiction's and incidents' rooms. */
export const PROVINCE_ADCODE = 360000;
export const rooms = {
  unit: (unitId: number) => `unit:${unitId}`,
  jurisdiction: (adcode: number) => `area:${adcode}`,
  incident: (id: number) => `incident:${id}`,
  /** every socket of one login session, so signing out closes them all */
  session: (sid: string) => `session:${sid}`,
  /** the consoles that oversee something in a city and county: the province's, that city's and that county's */
  consoles: (city: number | null, county: number | null = null): string[] =>
    [PROVINCE_ADCODE, city, county].filter((a): a is number => !!a).map((a) => `area:${a}`),
};
