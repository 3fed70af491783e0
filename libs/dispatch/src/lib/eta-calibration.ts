/**
 * ETAs learned from the service's own record. Posted speeds say how fast a road may be driven, not how
 * fast an engine drives it from a standing start to an address it has to find. The travel model is
 *
 *   travel = fixed + Σ factor[group] × (posted-speed seconds on that group of roads)
 *            (+ nonEmergency × posted seconds, for a response driven without lights and sirens)
 *            (+ night × posted seconds, 22:00–06:59)
 *
 * fitted by least absolute deviations (iteratively reweighted least squares: a few responses that
 * started away from quarters or waited at a closed gate do not drag the fit) with each factor pulled
 * towards 1 (the posted speed) in proportion to how little of the record drove that group of roads.
 * Turnout (order → en route) is learned per station and unit kind by time of day, falling back to
 * wider groups and then to the kind's default when the record holds too few responses.
 */

export type RoadGroup = 'fast' | 'arterial' | 'local';
export const ROAD_GROUPS: readonly RoadGroup[] = ['fast', 'arterial', 'local'];

/** Expressways and urban expressways; arterials (primary, secondary); everything slower. */
export function roadGroupOf(roadClass: string): RoadGroup {
  if (/^(motorway|trunk)/.test(roadClass)) return 'fast';
  if (/^(primary|secondary)/.test(roadClass)) return 'arterial';
  return 'local';
}

/** What is known of a response before it is driven: the fastest route by posted speeds, split by road group. */
export type TravelFeatures = {
  /** posted-speed seconds on each group of roads along the route */
  groupSeconds: Readonly<Record<RoadGroup, number>>;
  /** the straight-line distance, metres (for comparison only) */
  straightM: number;
  /** driven with lights and sirens (119 responses are; a record may hold others) */
  emergency: boolean;
  /** local hour of the order, 0–23 */
  hour: number;
};

export type TravelSample = TravelFeatures & { actualS: number };

export type TravelModel = {
  fixedS: number;
  factors: Readonly<Record<RoadGroup, number>>;
  nonEmergency: number;
  night: number;
};

export const UNCALIBRATED: TravelModel = { fixedS: 0, factors: { fast: 1, arterial: 1, local: 1 }, nonEmergency: 0, night: 0 };

export const postedSeconds = (f: TravelFeatures): number => ROAD_GROUPS.reduce((s, g) => s + f.groupSeconds[g], 0);
export const isNight = (hour: number): boolean => hour >= 22 || hour < 7;

function design(f: TravelFeatures): number[] {
  const t = postedSeconds(f);
  return [1, ...ROAD_GROUPS.map((g) => f.groupSeconds[g]), f.emergency ? 0 : t, isNight(f.hour) ? t : 0];
}

/** The model's travel time (seconds) for a route; never below zero. */
export function predictTravel(m: TravelModel, f: TravelFeatures): number {
  const x = design(f);
  const beta = [m.fixedS, ...ROAD_GROUPS.map((g) => m.factors[g]), m.nonEmergency, m.night];
  return Math.max(
    0,
    x.reduce((s, v, j) => s + v * beta[j], 0),
  );
}

/** Solves A x = b (A square, symmetric positive definite after the prior) by Gaussian elimination with pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let k = i + 1; k < n; k++) if (Math.abs(m[k][i]) > Math.abs(m[p][i])) p = k;
    [m[i], m[p]] = [m[p], m[i]];
    if (Math.abs(m[i][i]) < 1e-12) continue;
    for (let k = i + 1; k < n; k++) {
      const f = m[k][i] / m[i][i];
      for (let j = i; j <= n; j++) m[k][j] -= f * m[i][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    if (Math.abs(m[i][i]) < 1e-12) continue;
    let s = m[i][n];
    for (let j = i + 1; j < n; j++) s -= m[i][j] * x[j];
    x[i] = s / m[i][i];
  }
  return x;
}

/**
 * Fits the travel model to responses. `priorWeight` is how many responses' worth of belief the
 * posted speeds keep on each factor (and zero keeps on the two extra terms): a group of roads the
 * record barely drove stays near its posted speed. Factors stay within [0.2, 5].
 */
export function fitTravel(samples: readonly TravelSample[], opts: { priorWeight?: number; iterations?: number } = {}): TravelModel {
  if (samples.length === 0) return UNCALIBRATED;
  const priorWeight = opts.priorWeight ?? 20;
  const xs = samples.map(design);
  const ys = samples.map((s) => s.actualS);
  const p = xs[0].length;
  // the prior's target per coefficient (fixed 0, factors 1, extras 0), weighted like priorWeight typical
  // responses driven wholly on that group (a typical squared posted time)
  const target = [0, ...ROAD_GROUPS.map(() => 1), 0, 0];
  const typical = samples.reduce((s, f) => s + postedSeconds(f) ** 2, 0) / samples.length || 1;
  let w = ys.map(() => 1);
  let beta = target;
  for (let it = 0; it < (opts.iterations ?? 40); it++) {
    const a = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const b = new Array<number>(p).fill(0);
    const wMean = w.reduce((s, v) => s + v, 0) / w.length;
    xs.forEach((x, i) => {
      for (let r = 0; r < p; r++) {
        b[r] += w[i] * x[r] * ys[i];
        for (let c = 0; c < p; c++) a[r][c] += w[i] * x[r] * x[c];
      }
    });
    for (let j = 0; j < p; j++) {
      // the intercept is free; each factor is held by the prior like priorWeight typical responses, the two extra terms like one
      const lambda = j === 0 ? 1e-9 : (j <= ROAD_GROUPS.length ? priorWeight : 1) * wMean * typical;
      a[j][j] += lambda;
      b[j] += lambda * target[j];
    }
    beta = solve(a, b);
    // least absolute deviations: weight 1/|residual| (floored at 5 s)
    w = xs.map((x, i) => 1 / Math.max(5, Math.abs(ys[i] - x.reduce((s, v, j) => s + v * beta[j], 0))));
  }
  const clamp = (v: number) => Math.min(5, Math.max(0.2, v));
  return {
    fixedS: Math.max(0, beta[0]),
    factors: Object.fromEntries(ROAD_GROUPS.map((g, i) => [g, clamp(beta[1 + i])])) as Record<RoadGroup, number>,
    nonEmergency: beta[1 + ROAD_GROUPS.length],
    night: beta[2 + ROAD_GROUPS.length],
  };
}

function ranks(xs: readonly number[]): number[] {
  const order = xs.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation (ties share their mean rank); null with fewer than 3 pairs or no spread. */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length || a.length < 3) return null;
  const ra = ranks(a),
    rb = ranks(b);
  const mean = (r: number[]) => r.reduce((s, v) => s + v, 0) / r.length;
  const ma = mean(ra),
    mb = mean(rb);
  let num = 0,
    da = 0,
    db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) ** 2;
    db += (rb[i] - mb) ** 2;
  }
  return da && db ? num / Math.sqrt(da * db) : null;
}

/** The q-quantile (0..1) of values, by linear interpolation; null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((x, y) => x - y);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

export type ErrorSummary = { n: number; medianAbsErrS: number | null; p90AbsErrS: number | null; spearman: number | null };

/** How well predictions match what happened: median and p90 absolute error, and rank correlation. */
export function scorePredictions(predicted: readonly number[], actual: readonly number[]): ErrorSummary {
  const errs = predicted.map((p, i) => Math.abs(p - actual[i]));
  return { n: errs.length, medianAbsErrS: quantile(errs, 0.5), p90AbsErrS: quantile(errs, 0.9), spearman: spearman(predicted, actual) };
}

/** Time-of-day bands turnout is learned by: crews asleep turn out slower than crews at the truck. */
export type TurnoutBand = 'night' | 'day';
export const turnoutBand = (hour: number): TurnoutBand => (isNight(hour) ? 'night' : 'day');

export type TurnoutSample = { station: string; kind: string; hour: number; turnoutS: number };
export type TurnoutFigure = { medianS: number; p90S: number; n: number };
/** keys: `station|kind|band`, `station|kind`, `*|kind|band`, `*|kind` */
export type TurnoutTable = { minSamples: number; figures: Readonly<Record<string, TurnoutFigure>> };
export type TurnoutAnswer = TurnoutFigure & { basis: 'station_band' | 'station' | 'kind_band' | 'kind' | 'default' };

/** Median and p90 turnout per station and kind by band, and wider groups to fall back on. */
export function fitTurnout(samples: readonly TurnoutSample[], minSamples = 10): TurnoutTable {
  const groups = new Map<string, number[]>();
  const add = (k: string, v: number) => {
    const list = groups.get(k);
    if (list) list.push(v);
    else groups.set(k, [v]);
  };
  for (const s of samples) {
    if (!(s.turnoutS >= 0)) continue;
    const band = turnoutBand(s.hour);
    add(`${s.station}|${s.kind}|${band}`, s.turnoutS);
    add(`${s.station}|${s.kind}`, s.turnoutS);
    add(`*|${s.kind}|${band}`, s.turnoutS);
    add(`*|${s.kind}`, s.turnoutS);
  }
  const figures: Record<string, TurnoutFigure> = {};
  for (const [k, v] of groups) if (v.length >= minSamples) figures[k] = { medianS: quantile(v, 0.5) ?? 0, p90S: quantile(v, 0.9) ?? 0, n: v.length };
  return { minSamples, figures };
}

/** The learned turnout for a unit, from the narrowest group with enough responses; else the kind's default. */
export function turnoutFor(t: TurnoutTable, station: string, kind: string, hour: number, defaultS: number): TurnoutAnswer {
  const band = turnoutBand(hour);
  const tries: Array<[string, TurnoutAnswer['basis']]> = [
    [`${station}|${kind}|${band}`, 'station_band'],
    [`${station}|${kind}`, 'station'],
    [`*|${kind}|${band}`, 'kind_band'],
    [`*|${kind}`, 'kind'],
  ];
  for (const [k, basis] of tries) {
    const f = t.figures[k];
    if (f) return { ...f, basis };
  }
  return { medianS: defaultS, p90S: defaultS, n: 0, basis: 'default' };
}
