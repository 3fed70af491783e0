import { demoRoster, Town } from './demo-roster';
import { SPECIAL_TEAMS } from './unit-kinds';

const towns: Town[] = [
  { adcode: 360100, name: '南昌市', level: 'city', cityAdcode: 360100, lonLat: [115.887, 28.68], capital: true },
  { adcode: 360400, name: '九江市', level: 'city', cityAdcode: 360400, lonLat: [116.0, 29.7], capital: false },
  { adcode: 360423, name: '武宁县', level: 'county', cityAdcode: 360400, lonLat: [115.1, 29.25], capital: false },
  { adcode: 360424, name: '修水县', level: 'county', cityAdcode: 360400, lonLat: [114.55, 29.03], capital: false },
];

describe('demo roster', () => {
  const r = demoRoster(towns);

  it('is deterministic and has unique codes', () => {
    expect(demoRoster(towns)).toEqual(r);
    expect(new Set(r.stations.map((s) => s.code)).size).toBe(r.stations.length);
    expect(new Set(r.units.map((u) => u.code)).size).toBe(r.units.length);
  });

  it('puts at least one station in every county and more in the capital', () => {
    for (const t of towns.filter((x) => x.level === 'county')) expect(r.stations.some((s) => s.countyAdcode === t.adcode)).toBe(true);
    const capital = r.stations.filter((s) => s.cityAdcode === 360100 && s.kind !== 'special_team').length;
    const jiujiang = r.stations.filter((s) => s.cityAdcode === 360400 && s.countyAdcode === null && s.kind !== 'special_team').length;
    expect(capital).toBeGreaterThan(jiujiang);
  });

  it('fields the 17 mobile brigades, 19 earthquake and 12 flood teams', () => {
    for (const [kind, n] of Object.entries(SPECIAL_TEAMS)) expect(r.units.filter((u) => u.kind === kind).length).toBe(n);
  });

  it('gives every unit a station of the roster', () => {
    const codes = new Set(r.stations.map((s) => s.code));
    expect(r.units.every((u) => codes.has(u.stationCode))).toBe(true);
  });
});
