import { Candidate, recommend } from './recommend';

const unit = (unitId: number, caps: Candidate['capabilities'], etaS: number | null, straightM: number, cityAdcode = 360100): Candidate => ({
  unitId, name: `U${unitId}`, kind: 'x', capabilities: caps, cityAdcode, etaS, turnoutS: 60, travelS: etaS === null ? null : etaS - 60, roadM: etaS === null ? null : etaS * 10, straightM,
});

describe('recommend', () => {
  it('covers the plan with the earliest arrivals, by road time not straight distance', () => {
    const r = recommend([{ capability: 'water', count: 2 }], [unit(1, ['water'], 600, 1000), unit(2, ['water'], 300, 3000), unit(3, ['water'], 400, 2500)], 360100);
    expect(r.picks.map((p) => p.unitId)).toEqual([2, 3]);
    expect(r.firstWaterEtaS).toBe(300);
    // unit 1 was nearest in a straight line: the explanation says why it was passed over
    expect(r.picks[0].passedOver[0]).toMatchObject({ unitId: 1 });
    expect(r.picks[0].passedOver[0].reason).toMatch(/slower by road/);
    expect(r.shortfall).toEqual([]);
  });

  it('does not spend the only aerial unit on water', () => {
    const r = recommend(
      [{ capability: 'water', count: 2 }, { capability: 'aerial', count: 1 }],
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
    const r = recommend([{ capability: 'earthquake_rescue', count: 2 }, { capability: 'water', count: 1 }], [unit(1, ['earthquake_rescue'], null, 100), unit(2, ['earthquake_rescue'], 5000, 90000)], 360100);
    expect(r.picks.map((p) => p.unitId)).toEqual([2]);
    expect(r.shortfall).toEqual(expect.arrayContaining([{ capability: 'water', wanted: 1, found: 0 }, { capability: 'earthquake_rescue', wanted: 2, found: 1 }]));
    expect(r.firstWaterEtaS).toBeNull();
  });

  it('gives each unit one role only', () => {
    const r = recommend([{ capability: 'water', count: 1 }, { capability: 'foam', count: 1 }], [unit(1, ['foam', 'water'], 100, 100)], 360100);
    expect(r.picks).toHaveLength(1);
    expect(r.shortfall).toHaveLength(1);
  });
});
