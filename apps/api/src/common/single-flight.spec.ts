import { SingleFlight } from './single-flight';

describe('single flight: one computation per key at a time', () => {
  it('shares a computation under way, computes afresh once it settled, keeps keys apart, and lets a failure go', async () => {
    const f = new SingleFlight<number>();
    let runs = 0;
    const slow = (v: number) => () => {
      runs++;
      return new Promise<number>((resolve) => setTimeout(() => resolve(v), 20));
    };
    const [a, b, c] = await Promise.all([f.run('k', slow(1)), f.run('k', slow(2)), f.run('other', slow(3))]);
    expect([a, b, c]).toEqual([1, 1, 3]);
    expect(runs).toBe(2);
    expect(await f.run('k', slow(4))).toBe(4);
    await expect(f.run('bad', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await f.run('bad', slow(5))).toBe(5);
  });
});
