import { localDate, localHour, startOfLocalDate, startOfLocalToday } from './centre-time';

describe("the centre's local time (UTC+8)", () => {
  it('reads hours and dates in China Standard Time, and a typed date as its local midnight', () => {
    const t = Date.parse('2026-12-01T17:30:00Z'); // 01:30 on 2 December in Nanchang
    expect(localHour(t)).toBe(1);
    expect(localDate(t)).toBe('2026-12-02');
    expect(new Date(startOfLocalDate('2026-12-02')).toISOString()).toBe('2026-12-01T16:00:00.000Z');
    expect(startOfLocalToday(t)).toBe(startOfLocalDate('2026-12-02'));
    expect(startOfLocalDate('tomorrow')).toBeNaN();
  });
});
