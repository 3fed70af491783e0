import { Candidate, recommend, stopReach } from './recommend';
import type { Capability } from '@gan119/resources';

const unit = (unitId: number, caps: Candidate['capabilities'], etaS: number | null, straightM: number, cityAdcode = 360100): Candidate => ({
  unitId,
  name: `U${unitId}`,
  kind: 'x',
  capabilities: caps,
  cityAdcode,
  etaS,
  turnoutS: 60,
  travelS: etaS === null ? null : etaS - 60,
  roadM: etaS === null ? null : etaS * 10,
  straightM,
});

describe('recommend', () => {
  it('covers the plan with the earliest arrivals, by road time not straight distance', () => {
    const r = recommend(
      [{ capability: 'water', count: 2 }],
      [unit(1, ['water'], 600, 1000), unit(2, ['water'], 300, 3000), unit(3, ['water'], 400, 2500)],
      360100,
    );
    expect(r.picks.map((p) => p.unitId)).toEqual([2, 3]);
    expect(r.firstWaterEtaS).toBe(300);
    // unit 1 was nearest in a straight line: the explanation says why it was passed over
    expect(r.picks[0].passedOver[0]).toMatchObject({ unitId: 1 });
    expect(r.picks[0].passedOver[0].reason).toMatch(/slower by road/);
    expect(r.shortfall).toEqual([]);
  });

  it('explains each pick as data too, and never words a time as 60 seconds', () => {
    const r = recommend([{ capability: 'water', count: 1 }], [unit(1, ['water'], 1139.6, 1000), unit(2, ['water'], 1500, 500)], 360100);
    expect(r.picks[0].why).toMatch(/预计 19 分 0 秒 到场/);
    expect(r.picks[0].why).not.toMatch(/分 60 秒/);
    expect(r.picks[0].explain).toEqual({ capability: 'water', k: 1, n: 1, etaS: 1139.6, turnoutS: 60, travelS: 1079.6, roadM: 11396, crossCity: null });
    expect(r.picks[0].passedOver).toEqual([expect.objectContaining({ unitId: 2, code: 'slower', nearerM: 500, takenFor: null })]);
    expect(r.picks[0].passedOver[0].laterS).toBeCloseTo(360.4, 5);
  });

  it('does not spend the only aerial unit on water', () => {
    const r = recommend(
      [
        { capability: 'water', count: 2 },
        { capability: 'aerial', count: 1 },
      ],
      [unit(1, ['aerial', 'water'], 100, 500), unit(2, ['water'], 200, 600), unit(3, ['water'], 300, 700)],
      360100,
    );
    const byUnit = Object.fromEntries(r.picks.map((p) => [p.unitId, p.capability]));
    expect(byUnit).toEqual({ 1: 'aerial', 2: 'water', 3: 'water' });
    expect(r.firstWaterEtaS).toBe(200);
  });

  it('crosses a city border when that is faster, and says which 支队 to notify', () => {
    const r = recommend([{ capability: 'rescue', count: 1 }], [unit(1, ['rescue'], 900, 4000, 360100), unit(2, ['rescue'], 500, 6000, 360900)], 360100);
    expect(r.picks[0]).toMatchObject({ unitId: 2, crossJurisdiction: true });
    expect(r.notifyCities).toEqual([360900]);
    expect(r.picks[0].why).toMatch(/跨区增援/);
  });

  it('lists a shortfall and never picks a unit that cannot reach by road', () => {
    const r = recommend(
      [
        { capability: 'earthquake_rescue', count: 2 },
        { capability: 'water', count: 1 },
      ],
      [unit(1, ['earthquake_rescue'], null, 100), unit(2, ['earthquake_rescue'], 5000, 90000)],
      360100,
    );
    expect(r.picks.map((p) => p.unitId)).toEqual([2]);
    expect(r.shortfall).toEqual(
      expect.arrayContaining([
        { capability: 'water', wanted: 1, found: 0 },
        { capability: 'earthquake_rescue', wanted: 2, found: 1 },
      ]),
    );
    expect(r.firstWaterEtaS).toBeNull();
  });

  it('gives each unit one role only', () => {
    const r = recommend(
      [
        { capability: 'water', count: 1 },
        { capability: 'foam', count: 1 },
      ],
      [unit(1, ['foam', 'water'], 100, 100)],
      360100,
    );
    expect(r.picks).toHaveLength(1);
    expect(r.shortfall).toHaveLength(1);
  });

  it('a search stopped where stopReach says gives the same picks as one that reached every unit', () => {
    let seed = 7;
    const r = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const caps: Capability[] = ['water', 'foam', 'aerial', 'rescue', 'hazmat', 'command'];
    let stopped = 0;
    for (let round = 0; round < 300; round++) {
      const units = Array.from({ length: 10 + Math.floor(r() * 40) }, (_, i) => {
        const own = caps.filter(() => r() < 0.3);
        return {
          unitId: i + 1,
          capabilities: own.length ? own : [caps[Math.floor(r() * caps.length)]],
          turnoutS: r() < 0.2 ? 0 : 60 + Math.floor(r() * 120),
          travelS: r() < 0.05 ? null : 60 + r() * 3000,
        };
      });
      const plan = caps.filter(() => r() < 0.5).map((capability) => ({ capability, count: 1 + Math.floor(r() * 4) }));
      if (!plan.length) continue;
      const asCandidate = (u: (typeof units)[number], known: boolean, atLeast: number | null): Candidate => ({
        unitId: u.unitId,
        name: `U${u.unitId}`,
        kind: 'x',
        capabilities: u.capabilities,
        cityAdcode: 360100,
        turnoutS: u.turnoutS,
        straightM: u.unitId * 100,
        etaS: known && u.travelS !== null ? u.turnoutS + u.travelS : null,
        etaAtLeastS: atLeast,
        travelS: known ? u.travelS : null,
        roadM: known && u.travelS !== null ? u.travelS * 10 : null,
      });
      const full = recommend(
        plan,
        units.map((u) => asCandidate(u, true, null)),
        360100,
      );
      // the search reveals units in travel-time order and asks after each
      const reach = stopReach(plan, units);
      const known = new Float64Array(units.length).fill(NaN);
      const order = units
        .map((u, i) => ({ t: u.travelS, i }))
        .filter((x): x is { t: number; i: number } => x.t !== null)
        .sort((a, b) => a.t - b.t);
      let radius = Infinity;
      for (const [k, { t, i }] of order.entries()) {
        known[i] = t;
        const next = order[k + 1]?.t;
        if (next !== undefined && next > reach(known)) {
          radius = next;
          break;
        }
      }
      if (radius < Infinity) stopped++;
      const bounded = recommend(
        plan,
        units.map((u, i) => asCandidate(u, !Number.isNaN(known[i]), Number.isNaN(known[i]) && radius < Infinity ? u.turnoutS + radius : null)),
        360100,
      );
      expect(bounded.picks.map((p) => [p.unitId, p.capability])).toEqual(full.picks.map((p) => [p.unitId, p.capability]));
      expect(bounded.shortfall).toEqual(full.shortfall);
    }
    expect(stopped).toBeGreaterThan(100);
  });
});
