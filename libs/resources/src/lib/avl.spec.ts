import { fixProblem, isStale, judgeFix } from './avl';

describe('AVL fixes', () => {
  it('takes a newer fix live, keeps an older one as history and drops a duplicate', () => {
    expect(judgeFix(null, 1000)).toBe('live');
    expect(judgeFix(1000, 2000)).toBe('live');
    expect(judgeFix(2000, 1000)).toBe('history_only');
    expect(judgeFix(2000, 2000)).toBe('duplicate');
  });

  it('marks a unit stale when it has not reported within the limit', () => {
    expect(isStale(null, 10_000, 60)).toBe(true);
    expect(isStale(0, 60_000, 60)).toBe(false);
    expect(isStale(0, 60_001, 60)).toBe(true);
  });

  it('names what is wrong with a fix', () => {
    const now = Date.UTC(2026, 10, 29);
    const ok = { unitId: 3, ts: now - 1000, lon: 115.9, lat: 28.7 };
    expect(fixProblem(ok, now)).toBeNull();
    expect(fixProblem({ ...ok, unitId: 0 }, now)).toMatch(/unitId/);
    expect(fixProblem({ ...ok, ts: now + 120_000 }, now)).toMatch(/future/);
    expect(fixProblem({ ...ok, ts: now - 2 * 86400_000 }, now)).toMatch(/older/);
    expect(fixProblem({ ...ok, speedKmh: -1 }, now)).toMatch(/speedKmh/);
    expect(fixProblem({ ...ok, heading: 360 }, now)).toMatch(/heading/);
  });
});
