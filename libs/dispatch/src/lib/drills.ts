import { mulberry32 } from '@gan119/geo';
import { localHour } from './centre-time';
import { INCIDENT_TYPES, IncidentType } from './incident-kinds';

/**
 * 三随三实 readiness drills: the standards a drilled unit is scored against, and the score.
 *
 * Turnout (order to rolling): 60 s by day, 80 s at night (20:00–08:00 centre time), the two figures the
 * plan sets; arrival: at the drill point within the 5 minutes of the station district rule (GB 51080
 * §4.1.3: the district's edge within 5 minutes of the order, turnout included).
 */
export const DRILL_TURNOUT_DAY_S = 60;
export const DRILL_TURNOUT_NIGHT_S = 80;
export const DRILL_ARRIVAL_S = 300;
/** a drill still open this long after its order ends; units not there by then did not arrive */
export const DRILL_LIMIT_S = 20 * 60;
/** a position this close to the drill point is arrival; this far from the station is rolling */
export const DRILL_ARRIVED_M = 60;
export const DRILL_LEFT_STATION_M = 100;
/** the drill point is a road point the station reaches by road between these times (inside its 5-minute district) */
export const DRILL_POINT_MIN_S = 90;
export const DRILL_POINT_MAX_S = 280;

export const DRILL_OUTCOMES = ['live', 'arrived', 'not_arrived', 'preempted', 'cancelled'] as const;
export type DrillOutcome = (typeof DRILL_OUTCOMES)[number];
export const DRILL_STEPS = ['ack', 'en_route', 'on_scene', 'finished'] as const;
export type DrillStep = (typeof DRILL_STEPS)[number];
export const isDrillStep = (v: unknown): v is DrillStep => typeof v === 'string' && (DRILL_STEPS as readonly string[]).includes(v);

export const turnoutTargetS = (orderedAtMs: number): number => {
  const h = localHour(orderedAtMs);
  return h >= 20 || h < 8 ? DRILL_TURNOUT_NIGHT_S : DRILL_TURNOUT_DAY_S;
};

/** What was recorded of one unit in one drill (ms since the epoch; null: did not happen). */
export type DrillTimes = {
  orderedAt: number;
  ackedAt: number | null;
  /** the crew pressed 出动 */
  enRouteAt: number | null;
  /** the first position more than DRILL_LEFT_STATION_M from the station after the order */
  leftAt: number | null;
  /** the crew pressed 到场 */
  onSceneAt: number | null;
  /** the first position within DRILL_ARRIVED_M of the drill point after the order */
  reachedAt: number | null;
  outcome: DrillOutcome;
};

export type DrillScore = {
  ackS: number | null;
  turnoutS: number | null;
  /** order to arrival (turnout included): what the 5-minute rule measures */
  arrivalS: number | null;
  travelS: number | null;
  turnoutTargetS: number;
  turnoutOk: boolean;
  arrivalOk: boolean;
  passed: boolean;
  /** 0–100: turnout 40 (full within its target, none at twice it), arrival 60 (full within 5 minutes, none at 10) */
  score: number | null;
  /** which evidence timed it: the crew's buttons or the vehicle's positions */
  rolledBy: 'status' | 'avl' | null;
  arrivedBy: 'status' | 'avl' | null;
};

const sec = (from: number, to: number | null) => (to === null ? null : Math.max(0, Math.round((to - from) / 100) / 10));
const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
/** full marks up to `target`, falling linearly to none at twice it */
const part = (s: number | null, target: number, points: number) => (s === null ? 0 : s <= target ? points : Math.max(0, points * (1 - (s - target) / target)));

/**
 * Scores one unit's drill. Rolling is the crew's 出动 or the vehicle leaving the station, whichever came
 * first; arrival the crew's 到场 or the vehicle at the point, whichever first. A unit taken by a real
 * incident, or a drill called off, is not scored; a unit that never arrived scores its turnout alone.
 */
export function scoreDrill(t: DrillTimes): DrillScore {
  const target = turnoutTargetS(t.orderedAt);
  const rolled = earliest(t.enRouteAt, t.leftAt);
  const arrived = earliest(t.onSceneAt, t.reachedAt);
  const turnoutS = sec(t.orderedAt, rolled);
  const arrivalS = sec(t.orderedAt, arrived);
  const scored = t.outcome === 'arrived' || t.outcome === 'not_arrived';
  const turnoutOk = turnoutS !== null && turnoutS <= target;
  const arrivalOk = arrivalS !== null && arrivalS <= DRILL_ARRIVAL_S;
  return {
    ackS: sec(t.orderedAt, t.ackedAt),
    turnoutS,
    arrivalS,
    travelS: rolled !== null && arrived !== null ? sec(rolled, arrived) : null,
    turnoutTargetS: target,
    turnoutOk,
    arrivalOk,
    passed: scored && turnoutOk && arrivalOk,
    score: scored ? Math.round(part(turnoutS, target, 40) + part(arrivalS, DRILL_ARRIVAL_S, 60)) : null,
    rolledBy: rolled === null ? null : rolled === t.enRouteAt ? 'status' : 'avl',
    arrivedBy: arrived === null ? null : arrived === t.onSceneAt ? 'status' : 'avl',
  };
}

/** One scored unit drill, for the tables. */
export type ScoredDrill = { key: string | number; label: string; score: DrillScore };
export type DrillLeagueRow = {
  key: string | number;
  label: string;
  drills: number;
  passed: number;
  passRate: number;
  meanScore: number;
  medianTurnoutS: number | null;
  medianArrivalS: number | null;
  notArrived: number;
};

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A league table: one row a key (支队, station or unit) over its scored drills, the lowest mean score first. */
export function drillLeague(rows: readonly ScoredDrill[]): DrillLeagueRow[] {
  const by = new Map<string | number, ScoredDrill[]>();
  for (const r of rows) if (r.score.score !== null) by.set(r.key, [...(by.get(r.key) ?? []), r]);
  return [...by.entries()]
    .map(([key, list]) => {
      const passed = list.filter((r) => r.score.passed).length;
      return {
        key,
        label: list[0].label,
        drills: list.length,
        passed,
        passRate: passed / list.length,
        meanScore: Math.round((list.reduce((s, r) => s + (r.score.score ?? 0), 0) / list.length) * 10) / 10,
        medianTurnoutS: median(list.flatMap((r) => (r.score.turnoutS === null ? [] : [r.score.turnoutS]))),
        medianArrivalS: median(list.flatMap((r) => (r.score.arrivalS === null ? [] : [r.score.arrivalS]))),
        notArrived: list.filter((r) => r.score.arrivalS === null).length,
      };
    })
    .sort((a, b) => a.meanScore - b.meanScore || a.passRate - b.passRate || String(a.key).localeCompare(String(b.key)));
}

/** A drill's draws replay from its seed. */
export const drillRandom = mulberry32;

/** `k` distinct items drawn at random (all of them when there are no more). */
export function drawDistinct<T>(items: readonly T[], k: number, random: () => number): T[] {
  const pool = [...items];
  for (let i = 0; i < Math.min(k, pool.length); i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, Math.min(k, pool.length));
}

/** The types a random drill scenario takes (the fire types most often), and its level (1 or 2: a drill is not a disaster). */
const SCENARIO_TYPES: ReadonlyArray<[IncidentType, number]> = [
  ['building_fire', 4],
  ['high_rise_fire', 2],
  ['other_fire', 2],
  ['traffic', 2],
  ['hazmat', 1],
  ['flood', 1],
  ['mountain_rescue', 1],
];
export function randomScenario(random: () => number): { type: IncidentType; level: 1 | 2 } {
  const total = SCENARIO_TYPES.reduce((s, [, w]) => s + w, 0);
  let x = random() * total;
  const type = SCENARIO_TYPES.find(([, w]) => (x -= w) < 0)?.[0] ?? INCIDENT_TYPES[0];
  return { type, level: random() < 0.8 ? 1 : 2 };
}

/** A time drawn uniformly in [from, to] (ms), to the second. */
export const drawTime = (from: number, to: number, random: () => number): number => Math.round((from + random() * Math.max(0, to - from)) / 1000) * 1000;
