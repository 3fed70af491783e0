import { startOfLocalDate } from './centre-time';
import { periodPieces } from './stats-period';

const at = (d: string) => startOfLocalDate(d);

describe('periodPieces', () => {
  it('a calendar month is one month, no ends', () => {
    const p = periodPieces(at('2025-03-01'), at('2025-04-01'));
    expect(p).toEqual({ from: at('2025-03-01'), to: at('2025-04-01'), months: ['2025-03-01'], days: [], allDays: expect.any(Array), edges: [] });
    expect(p?.allDays).toHaveLength(31);
    expect(p?.allDays[0]).toBe('2025-03-01');
    expect(p?.allDays[30]).toBe('2025-03-31');
  });

  it('thirty days across two months: no whole month, the days and one end', () => {
    const p = periodPieces(at('2025-11-03'), at('2025-12-03'));
    expect(p?.months).toEqual([]);
    expect(p?.days).toHaveLength(30);
    expect(p?.edges).toEqual([[at('2025-11-03'), at('2025-12-03')]]);
  });

  it('a year from mid-month: the eleven whole months and the days at both ends', () => {
    const p = periodPieces(at('2025-01-15'), at('2026-01-15'));
    expect(p?.months).toHaveLength(11);
    expect(p?.months[0]).toBe('2025-02-01');
    expect(p?.months[10]).toBe('2025-12-01');
    expect(p?.days).toHaveLength(17 + 14);
    expect(p?.days[0]).toBe('2025-01-15');
    expect(p?.days[30]).toBe('2026-01-14');
    expect(p?.edges).toEqual([
      [at('2025-01-15'), at('2025-02-01')],
      [at('2026-01-01'), at('2026-01-15')],
    ]);
    expect(p?.allDays).toHaveLength(365);
  });

  it('December into January, and a leap February', () => {
    expect(periodPieces(at('2024-12-01'), at('2025-01-01'))?.months).toEqual(['2024-12-01']);
    expect(periodPieces(at('2024-02-01'), at('2024-03-01'))?.allDays).toHaveLength(29);
  });

  it('a period that does not run from one local midnight to another cannot be cut', () => {
    expect(periodPieces(at('2025-03-01') + 3_600_000, at('2025-04-01'))).toBeNull();
    expect(periodPieces(Date.parse('2025-03-01T00:00:00Z'), at('2025-04-01'))).toBeNull();
    expect(periodPieces(at('2025-04-01'), at('2025-03-01'))).toBeNull();
    expect(periodPieces(at('2025-04-01'), at('2025-04-01'))).toBeNull();
  });
});
