import { fitTravel, fitTurnout, predictTravel, quantile, scorePredictions, spearman, TravelSample, turnoutFor, UNCALIBRATED } from './eta-calibration';

function rand(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('ETA calibration', () => {
  const truth = { fixedS: 60, factors: { fast: 0.9, arterial: 1.2, local: 0.7 }, nonEmergency: 0.6, night: -0.1 };
  const samples = (seed: number, n: number, outliers = 0): TravelSample[] => {
    const r = rand(seed);
    return Array.from({ length: n }, (_, i) => {
      const f = {
        groupSeconds: { fast: r() < 0.3 ? r() * 200 : 0, arterial: r() * 150, local: r() * 120 },
        straightM: 0,
        emergency: r() < 0.8,
        hour: Math.floor(r() * 24),
      };
      const noise = (r() - 0.5) * 20 + (i < outliers ? 400 + r() * 400 : 0);
      return { ...f, actualS: predictTravel(truth, f) + noise };
    });
  };

  it('recovers the fixed cost and the factors it was generated with, despite responses that started far from quarters', () => {
    const m = fitTravel(samples(1, 2000, 150), { priorWeight: 1 });
    expect(m.fixedS).toBeCloseTo(60, -1);
    expect(m.factors.arterial).toBeCloseTo(1.2, 1);
    expect(m.factors.local).toBeCloseTo(0.7, 1);
    expect(m.factors.fast).toBeCloseTo(0.9, 1);
    expect(m.nonEmergency).toBeCloseTo(0.6, 1);
    const test = samples(2, 500);
    const s = scorePredictions(
      test.map((t) => predictTravel(m, t)),
      test.map((t) => t.actualS),
    );
    expect(s.medianAbsErrS).toBeLessThan(8);
  });

  it('keeps a group of roads the record barely drove near its posted speed', () => {
    const few = samples(3, 300).map((s) => ({ ...s, groupSeconds: { ...s.groupSeconds, fast: 0 } }));
    few[0] = { ...few[0], groupSeconds: { ...few[0].groupSeconds, fast: 100 }, actualS: 5000 };
    expect(fitTravel(few).factors.fast).toBeCloseTo(1, 1);
  });

  it('answers the posted speeds with no record, and never a negative time', () => {
    expect(fitTravel([])).toEqual(UNCALIBRATED);
    expect(
      predictTravel(
        { ...UNCALIBRATED, fixedS: 0, nonEmergency: -5 },
        { groupSeconds: { fast: 0, arterial: 10, local: 0 }, straightM: 0, emergency: false, hour: 12 },
      ),
    ).toBe(0);
  });

  it('ranks with Spearman: ties share their rank; too few or flat answers null', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(spearman([1, 1, 2, 3], [5, 6, 7, 8])).toBeCloseTo(0.9487, 3);
    expect(spearman([1, 2], [1, 2])).toBeNull();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(2.5);
  });

  it('learns turnout per station, kind and time of day, and falls back to wider groups, then the default', () => {
    const s = [
      ...Array.from({ length: 12 }, (_, i) => ({ station: '1', kind: 'ENGINE', hour: 14, turnoutS: 40 + i })),
      ...Array.from({ length: 12 }, (_, i) => ({ station: '1', kind: 'ENGINE', hour: 3, turnoutS: 90 + i })),
      ...Array.from({ length: 5 }, () => ({ station: '2', kind: 'ENGINE', hour: 3, turnoutS: 200 })),
    ];
    const t = fitTurnout(s, 10);
    expect(turnoutFor(t, '1', 'ENGINE', 15, 60)).toMatchObject({ basis: 'station_band', medianS: 45.5, n: 12 });
    expect(turnoutFor(t, '1', 'ENGINE', 23, 60)).toMatchObject({ basis: 'station_band', medianS: 95.5 });
    // station 2 has too few of its own: the kind's night figure (stations 1 and 2 together)
    expect(turnoutFor(t, '2', 'ENGINE', 2, 60)).toMatchObject({ basis: 'kind_band', n: 17 });
    expect(turnoutFor(t, '9', 'TRUCK', 12, 80)).toEqual({ medianS: 80, p90S: 80, n: 0, basis: 'default' });
  });
});
