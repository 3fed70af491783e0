import { pointAlong } from './along';
import { haversineM } from './distance';

describe('pointAlong', () => {
  const line: Array<[number, number]> = [
    [115.88, 28.68],
    [115.89, 28.68],
    [115.89, 28.69],
  ];
  const first = haversineM(line[0], line[1]);

  it('walks the stretches in order, heading east then north', () => {
    const a = pointAlong(line, first / 2);
    expect(a.at[0]).toBeCloseTo(115.885, 6);
    expect(a.headingDeg).toBeCloseTo(90, 0);
    const b = pointAlong(line, first + 100);
    expect(haversineM(line[1], b.at)).toBeCloseTo(100, 0);
    expect(b.headingDeg).toBeCloseTo(0, 0);
    expect(b.done).toBe(false);
  });

  it('clamps to the ends and says when the end is reached', () => {
    expect(pointAlong(line, -5).at).toEqual(line[0]);
    expect(pointAlong(line, 1e9)).toMatchObject({ at: line[2], done: true });
    expect(pointAlong([line[0]], 10)).toMatchObject({ at: line[0], done: true });
    expect(() => pointAlong([], 1)).toThrow(/empty/);
  });
});
