import { TokenBucket } from './rate-limit';

describe('TokenBucket', () => {
  it('lets a burst through, then the refill rate, never more than the capacity', () => {
    const b = new TokenBucket(3, 2, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(499)).toBe(false); // 0.998 of a token
    expect(b.take(500)).toBe(true);
    expect([b.take(60_000), b.take(60_000), b.take(60_000), b.take(60_000)]).toEqual([true, true, true, false]);
  });
});
