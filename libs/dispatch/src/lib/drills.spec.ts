import { DRILL_ARRIVAL_S, drawDistinct, drawTime, drillLeague, drillRandom, randomScenario, scoreDrill, turnoutTargetS } from './drills';

// 10:00 and 23:00 centre time (UTC+8)
const DAY = Date.parse('2026-12-03T02:00:00Z');
const NIGHT = Date.parse('2026-12-03T15:00:00Z');
const at = (t0: number, s: number | null) => (s === null ? null : t0 + s * 1000);
const times = (
  t0: number,
  x: { ack?: number; enRoute?: number; left?: number; onScene?: number; reached?: number },
  outcome: 'arrived' | 'not_arrived' | 'preempted' = 'arrived',
) => ({
  orderedAt: t0,
  ackedAt: at(t0, x.ack ?? null),
  enRouteAt: at(t0, x.enRoute ?? null),
  leftAt: at(t0, x.left ?? null),
  onSceneAt: at(t0, x.onScene ?? null),
  reachedAt: at(t0, x.reached ?? null),
  outcome,
});

describe('drill scoring', () => {
  it('sets the turnout target by day and by night', () => {
    expect(turnoutTargetS(DAY)).toBe(60);
    expect(turnoutTargetS(NIGHT)).toBe(80);
  });

  it('gives full marks within both standards, and times rolling and arrival from the earliest evidence', () => {
    const s = scoreDrill(times(DAY, { ack: 5, enRoute: 50, left: 55, onScene: 290, reached: 280 }));
    expect(s).toMatchObject({
      ackS: 5,
      turnoutS: 50,
      arrivalS: 280,
      travelS: 230,
      turnoutOk: true,
      arrivalOk: true,
      passed: true,
      score: 100,
      rolledBy: 'status',
      arrivedBy: 'avl',
    });
    // the crew forgot 出动: the vehicle leaving the station times it
    expect(scoreDrill(times(DAY, { left: 40, onScene: 200 }))).toMatchObject({ turnoutS: 40, rolledBy: 'avl', arrivedBy: 'status', passed: true });
  });

  it('takes marks off linearly past each standard, none at twice it', () => {
    // turnout 90 s by day: half of 40; arrival 450 s: half of 60
    expect(scoreDrill(times(DAY, { enRoute: 90, reached: 450 })).score).toBe(50);
    // the same turnout at night is within 80 + a little: 40 × (1 − 10/80) = 35
    expect(scoreDrill(times(NIGHT, { enRoute: 90, reached: 300 })).score).toBe(95);
    expect(scoreDrill(times(DAY, { enRoute: 200, reached: 2 * DRILL_ARRIVAL_S + 1 }))).toMatchObject({ score: 0, passed: false });
  });

  it('scores a unit that never arrived on its turnout alone, and a preempted one not at all', () => {
    expect(scoreDrill(times(DAY, { enRoute: 30 }, 'not_arrived'))).toMatchObject({ score: 40, passed: false, arrivalS: null });
    expect(scoreDrill(times(DAY, { enRoute: 30, reached: 100 }, 'preempted'))).toMatchObject({ score: null, passed: false });
  });

  it('ranks a league lowest mean score first, with pass rate and medians, leaving unscored parts out', () => {
    const good = scoreDrill(times(DAY, { enRoute: 30, reached: 200 }));
    const bad = scoreDrill(times(DAY, { enRoute: 120, reached: 600 }));
    const none = scoreDrill(times(DAY, {}, 'preempted'));
    const league = drillLeague([
      { key: 1, label: 'A', score: good },
      { key: 1, label: 'A', score: bad },
      { key: 2, label: 'B', score: good },
      { key: 3, label: 'C', score: none },
    ]);
    expect(league.map((r) => r.key)).toEqual([1, 2]);
    expect(league[0]).toMatchObject({ drills: 2, passed: 1, passRate: 0.5, meanScore: 50, medianTurnoutS: 75, medianArrivalS: 400 });
  });
});

describe('drill draws', () => {
  it('replays from its seed, draws distinct items, times inside the window, and a sensible scenario', () => {
    const a = drillRandom(42),
      b = drillRandom(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    const r = drillRandom(7);
    for (let i = 0; i < 200; i++) {
      const k = drawDistinct([1, 2, 3, 4, 5], 3, r);
      expect(new Set(k).size).toBe(3);
      const t = drawTime(1000, 61_000, r);
      expect(t >= 1000 && t <= 61_000 && t % 1000 === 0).toBe(true);
      const s = randomScenario(r);
      expect([1, 2]).toContain(s.level);
    }
    expect(drawDistinct([1, 2], 5, r).sort()).toEqual([1, 2]);
    // every station is as likely to be drawn first (no station is spared)
    const first = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      const x = drawDistinct([1, 2, 3, 4], 1, r)[0];
      first.set(x, (first.get(x) ?? 0) + 1);
    }
    for (const n of first.values()) expect(Math.abs(n - 1250)).toBeLessThan(150);
  });
});
