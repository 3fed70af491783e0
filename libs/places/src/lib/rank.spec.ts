import { ParsedQuery } from './query';
import { dice, nameScore, rankPlaces, textScore } from './rank';

const q = (rest: string, county: number | null = null, city: number | null = null): ParsedQuery => ({
  rest,
  latin: /^[a-z0-9]+$/.test(rest),
  countyAdcode: county,
  cityAdcode: city,
});
const place = (name: string, county: number, lon = 115.9, lat = 28.68, aliases: string[] = [], address: string | null = null) => ({
  kind: 'residential',
  name,
  aliases,
  address,
  cityAdcode: Math.floor(county / 100) * 100,
  countyAdcode: county,
  lon,
  lat,
});

describe('forgiving place search', () => {
  it('scores exact above prefix above contained above alike', () => {
    expect(nameScore('阳光花园', '阳光花园')).toBe(1);
    const prefix = nameScore('阳光', '阳光花园'),
      contained = nameScore('花园', '阳光花园'),
      typo = nameScore('阳光化园', '阳光花园');
    expect(prefix).toBeGreaterThan(contained);
    expect(contained).toBeGreaterThan(typo);
    expect(typo).toBeGreaterThan(0.35); // one wrong character still finds it
    expect(nameScore('翠苑', '阳光花园')).toBe(0);
  });
  it('finds a place by more than its name: a longer phrase, an alias, the address, pinyin initials', () => {
    expect(nameScore('阳光花园3栋', '阳光花园')).toBeGreaterThan(0.6);
    expect(textScore(q('老阳光'), { name: '阳光花园', aliases: ['老阳光小区'] })).toBeGreaterThan(0.7);
    expect(textScore(q('北京东路88号'), { name: '阳光花园', address: '北京东路88号' })).toBeGreaterThan(0.8);
    expect(textScore(q('yghy'), { name: '阳光花园' })).toBeCloseTo(0.95);
    expect(textScore(q('ygh'), { name: '阳光花园' })).toBeGreaterThan(0.7);
  });
  it('puts the district the caller named first, then nearness to the dispatcher', () => {
    const list = [place('阳光花园', 360702, 114.93, 25.83), place('阳光花园', 360111, 115.95, 28.69), place('阳光花园', 360121, 115.94, 28.54)];
    expect(rankPlaces(q('阳光花园', 360111, 360100), list).map((p) => p.countyAdcode)).toEqual([360111, 360121, 360702]);
    const near = rankPlaces(q('阳光花园'), list, [114.93, 25.84]);
    expect(near[0].countyAdcode).toBe(360702);
    expect(near[0].distanceM).toBeLessThan(2000);
  });
  it('leaves out what does not match', () => {
    expect(rankPlaces(q('翠苑小区'), [place('阳光花园', 360111)])).toEqual([]);
    expect(dice('', '阳光')).toBe(0);
  });
});
