/**
 * The time intervals a 119 centre is judged by, defined once from the record's timestamps. Every
 * statistic, report and calibration uses these and nothing else. Times are milliseconds since the
 * epoch; an interval whose end did not happen (or happened before its start: a clock error) is null,
 * never a negative number or NaN.
 */

/** One unit's part in an incident, as the record holds it (assignment, order, status history). */
export type UnitResponse = UnitTimes & { unitId: number };

/** The moments of one unit's response. */
export type UnitTimes = {
  /** the order was issued (the assignment committed) */
  orderedAt: number;
  /** the crew acknowledged the order on the tablet (or by 出动 / 到场, which acknowledge) */
  ackedAt: number | null;
  /** 出动: the unit left (status en_route) */
  enRouteAt: number | null;
  /** 到场: the unit arrived (status on_scene) */
  onSceneAt: number | null;
};

/** One incident's response. */
export type IncidentResponse = {
  /** the call (or alarm) was received: the first caller's time, else the incident's */
  callAt: number;
  /** the incident was created on the desk */
  createdAt: number;
  units: readonly UnitTimes[];
  /** how many units the incident's plan asked for (the full first response); null when unknown */
  planned: number | null;
};

export type IntervalKey = 'call_taking' | 'processing' | 'ack' | 'turnout' | 'travel' | 'order_to_scene' | 'first_arrival' | 'response' | 'full_plan';

/** What each interval measures, between which two moments, and the standard it follows. */
export const INTERVALS: Readonly<Record<IntervalKey, { per: 'incident' | 'unit'; from: string; to: string; standard: string }>> = {
  call_taking: {
    per: 'incident',
    from: 'call received',
    to: 'incident created',
    standard: '一短三快 (short call-taking); NFPA 1225 alarm answering and processing',
  },
  processing: {
    per: 'incident',
    from: 'call received',
    to: 'first order issued',
    standard: 'NFPA 1225: alarm processing ≤ 60 s for 90 % of alarms',
  },
  ack: { per: 'unit', from: 'order issued', to: 'order acknowledged', standard: 'the centre’s own: an order not acknowledged in time is escalated' },
  turnout: {
    per: 'unit',
    from: 'order issued',
    to: 'en route (出动)',
    standard: 'NFPA 1710: turnout ≤ 60 s (EMS) / 80 s (fire and special operations); 一短三快 fast turnout',
  },
  travel: { per: 'unit', from: 'en route (出动)', to: 'on scene (到场)', standard: 'NFPA 1710: first engine travel ≤ 240 s' },
  order_to_scene: {
    per: 'unit',
    from: 'order issued',
    to: 'on scene (到场)',
    standard: 'GB 51080 §4.1.3 / 建标152: reach the edge of the station district within 5 min of the order',
  },
  first_arrival: {
    per: 'incident',
    from: 'first order issued',
    to: 'first unit on scene',
    standard: 'GB 51080 §4.1.3 / 建标152: the first unit reaches the scene within 5 min of the order (station districts are drawn for it)',
  },
  response: { per: 'incident', from: 'call received', to: 'first unit on scene', standard: '一短三快 fast arrival; NFPA 1710 total response' },
  full_plan: {
    per: 'incident',
    from: 'call received',
    to: 'the plan’s last unit on scene',
    standard: 'NFPA 1710: the full first-alarm assignment on scene (480 s travel)',
  },
};

const span = (from: number | null, to: number | null): number | null => (from === null || to === null || to < from ? null : (to - from) / 1000);
const earliest = (xs: ReadonlyArray<number | null>): number | null =>
  xs.reduce<number | null>((m, x) => (x === null ? m : m === null ? x : Math.min(m, x)), null);

/** A unit's intervals in seconds (null where the end did not happen). */
export function unitIntervals(u: UnitTimes): Record<'ack' | 'turnout' | 'travel' | 'order_to_scene', number | null> {
  return {
    ack: span(u.orderedAt, u.ackedAt),
    turnout: span(u.orderedAt, u.enRouteAt),
    travel: span(u.enRouteAt, u.onSceneAt),
    order_to_scene: span(u.orderedAt, u.onSceneAt),
  };
}

/**
 * An incident's intervals in seconds. `full_plan` is when as many units as the plan asked for are on
 * scene (null while fewer have arrived, or when the plan is unknown).
 */
export function incidentIntervals(r: IncidentResponse): Record<'call_taking' | 'processing' | 'first_arrival' | 'response' | 'full_plan', number | null> {
  const arrivals = r.units
    .map((u) => u.onSceneAt)
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  const plan = r.planned !== null && r.planned > 0 && arrivals.length >= r.planned ? arrivals[r.planned - 1] : null;
  const firstOrder = earliest(r.units.map((u) => u.orderedAt));
  return {
    call_taking: span(r.callAt, r.createdAt),
    processing: span(r.callAt, firstOrder),
    first_arrival: span(firstOrder, earliest(arrivals)),
    response: span(r.callAt, earliest(arrivals)),
    full_plan: span(r.callAt, plan),
  };
}

/**
 * The share of measured values within a threshold (0..1), and how many were measured; a period with
 * none answers share null, not NaN.
 */
export function compliance(values: ReadonlyArray<number | null>, thresholdS: number): { share: number | null; within: number; measured: number } {
  const measured = values.filter((v): v is number => v !== null);
  const within = measured.filter((v) => v <= thresholdS).length;
  return { share: measured.length ? within / measured.length : null, within, measured: measured.length };
}

/** The thresholds the compliance shares use by default (seconds); a centre configures its own. */
export const DEFAULT_THRESHOLDS = { processing: 60, turnoutEms: 60, turnoutFire: 80, travelFirstEngine: 240, firstArrival: 300 } as const;

/** What the statistics store for one incident and its units: the intervals above, and who arrived first. */
export type ResponseFacts = {
  incident: ReturnType<typeof incidentIntervals> & { firstOrderAt: number | null; firstOnSceneAt: number | null };
  units: Array<ReturnType<typeof unitIntervals> & { firstOnScene: boolean }>;
};

export function responseFacts(r: IncidentResponse): ResponseFacts {
  const firstOrderAt = earliest(r.units.map((u) => u.orderedAt));
  const firstOnSceneAt = earliest(r.units.map((u) => u.onSceneAt));
  const firstIdx = firstOnSceneAt === null ? -1 : r.units.findIndex((u) => u.onSceneAt === firstOnSceneAt);
  return {
    incident: { ...incidentIntervals(r), firstOrderAt, firstOnSceneAt },
    units: r.units.map((u, i) => ({ ...unitIntervals(u), firstOnScene: i === firstIdx })),
  };
}
