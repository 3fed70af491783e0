/**
 * Where new stations should go: a maximal covering location problem. Demand points carry weights (a
 * place, a key unit); each candidate site covers the demand points it reaches within the standard (5
 * minutes); demand already covered by a station counts for nothing. `covers[c]` lists the demand
 * points candidate c covers.
 */
export type SitingInstance = { weights: ArrayLike<number>; covers: ReadonlyArray<ArrayLike<number>>; covered?: ArrayLike<boolean> };

export type SitingPick = { candidate: number; gain: number };

/**
 * The greedy answer: n times, the candidate that covers the most weight not yet covered (each pick's
 * gain with the earlier picks in place). Gains are kept per candidate and lowered as demand is covered
 * (through the demand points' candidate lists), so a pick costs what it newly covers. A candidate that
 * adds nothing is not picked: fewer than n picks when nothing is left to gain. Ties go to the lower index.
 */
export function greedySiting(inst: SitingInstance, n: number): SitingPick[] {
  const { weights, covers } = inst;
  const done = new Uint8Array(weights.length);
  if (inst.covered) for (let i = 0; i < weights.length; i++) done[i] = inst.covered[i] ? 1 : 0;
  const byDemand: number[][] = Array.from({ length: weights.length }, () => []);
  const gain = new Float64Array(covers.length);
  covers.forEach((list, c) => {
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      byDemand[i].push(c);
      if (!done[i]) gain[c] += weights[i];
    }
  });
  const taken = new Uint8Array(covers.length);
  const picks: SitingPick[] = [];
  while (picks.length < n) {
    let best = -1;
    for (let c = 0; c < covers.length; c++) if (!taken[c] && gain[c] > 1e-12 && (best < 0 || gain[c] > gain[best])) best = c;
    if (best < 0) break;
    taken[best] = 1;
    picks.push({ candidate: best, gain: gain[best] });
    const list = covers[best];
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      if (done[i]) continue;
      done[i] = 1;
      for (const c of byDemand[i]) gain[c] -= weights[i];
    }
  }
  return picks;
}

/** The weight a set of sites covers beyond what is covered already. */
export function coveredWeight(inst: SitingInstance, sites: readonly number[]): number {
  const seen = new Uint8Array(inst.weights.length);
  let w = 0;
  for (const c of sites) {
    const list = inst.covers[c];
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      if (seen[i] || inst.covered?.[i]) continue;
      seen[i] = 1;
      w += inst.weights[i];
    }
  }
  return w;
}

/**
 * The instance as a mixed-integer program in CPLEX LP format (for an exact solver such as HiGHS, to
 * measure the greedy answer's gap): maximise Σ wᵢ yᵢ, yᵢ ≤ Σ x_c over the candidates covering i, Σ x_c = n,
 * x binary, 0 ≤ y ≤ 1; demand already covered or covered by no candidate left out.
 */
export function sitingLp(inst: SitingInstance, n: number): string {
  const byDemand: number[][] = Array.from({ length: inst.weights.length }, () => []);
  inst.covers.forEach((list, c) => {
    for (let k = 0; k < list.length; k++) byDemand[list[k]].push(c);
  });
  const open = byDemand.map((cs, i) => (cs.length > 0 && !inst.covered?.[i] ? i : -1)).filter((i) => i >= 0);
  const lines = ['Maximize', ` obj: ${open.map((i) => `${inst.weights[i]} y${i}`).join(' + ') || '0 y0'}`, 'Subject To'];
  for (const i of open) lines.push(` d${i}: y${i} - ${byDemand[i].map((c) => `x${c}`).join(' - ')} <= 0`);
  lines.push(` n: ${inst.covers.map((_, c) => `x${c}`).join(' + ')} = ${n}`);
  lines.push('Bounds', ...open.map((i) => ` 0 <= y${i} <= 1`), 'Binary', ...inst.covers.map((_, c) => ` x${c}`), 'End');
  return lines.join('\n');
}
