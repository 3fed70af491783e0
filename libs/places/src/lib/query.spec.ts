import { Area, parseQuery } from './query';

const AREAS: Area[] = [
  { adcode: 360100, name: '南昌市', level: 'city', parentAdcode: 360000 },
  { adcode: 360111, name: '青山湖区', level: 'county', parentAdcode: 360100 },
  { adcode: 360121, name: '南昌县', level: 'county', parentAdcode: 360100 },
  { adcode: 360700, name: '赣州市', level: 'city', parentAdcode: 360000 },
  { adcode: 360702, name: '章贡区', level: 'county', parentAdcode: 360700 },
];

describe('what the caller said: areas and the place', () => {
  it('takes the city and the district out of the text', () => {
    expect(parseQuery('南昌市青山湖区某某小区', AREAS)).toEqual({
      cityAdcode: 360100,
      countyAdcode: 360111,
      rest: '某某小区',
      latin: false,
      raw: '南昌市青山湖区某某小区',
    });
  });
  it('forgives the missing 区 and 市, and spaces', () => {
    expect(parseQuery('青山湖 阳光花园', AREAS)).toEqual({ cityAdcode: 360100, countyAdcode: 360111, rest: '阳光花园', latin: false, raw: '青山湖阳光花园' });
    expect(parseQuery('南昌 阳光花园', AREAS)).toMatchObject({ cityAdcode: 360100, countyAdcode: null, rest: '阳光花园' });
  });
  it('reads 南昌县 as the county, not the city plus 县', () => {
    expect(parseQuery('南昌县人民医院', AREAS)).toMatchObject({ cityAdcode: 360100, countyAdcode: 360121, rest: '人民医院' });
  });
  it('does not pair a district with a city it is not in', () => {
    expect(parseQuery('赣州青山湖小区', AREAS)).toMatchObject({ cityAdcode: 360700, countyAdcode: null, rest: '青山湖小区' });
  });
  it('finds a full district name said after the place', () => {
    expect(parseQuery('阳光花园（青山湖区）', AREAS)).toMatchObject({ cityAdcode: 360100, countyAdcode: 360111, rest: '阳光花园' });
  });
  it('leaves a plain name alone, and sees initials typed in Latin letters', () => {
    expect(parseQuery('阳光花园', AREAS)).toEqual({ cityAdcode: null, countyAdcode: null, rest: '阳光花园', latin: false, raw: '阳光花园' });
    expect(parseQuery('YGHY', AREAS)).toMatchObject({ rest: 'yghy', latin: true });
  });
});
