import { compliance, HistoryRow, historyFromRows, incidentIntervals, parseTime, SFFD_MAPPING, unitIntervals } from '@gan119/dispatch';
import { join } from 'path';
import { DATA_DIR } from '../../test/test-data-source';
import { readHistoryFile } from './history-file';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('a past response record: the SFFD file, 8 days of San Francisco', () => {
  const file = join(DATA_DIR, 'dispatch_history', 'sf_fire_calls_2016-12-31_to_2017-01-07.csv');
  const h = readHistoryFile(file);

  it('reads every row into its incident, with its units’ times', () => {
    expect(h.rows).toBe(7704);
    const units = h.incidents.reduce((n, i) => n + i.units.length, 0);
    expect(units + h.rejected.length).toBeGreaterThanOrEqual(7600);
    expect(h.incidents.length).toBeGreaterThan(3400);
    expect(h.incidents.length).toBeLessThanOrEqual(3560);
    const fire = h.incidents.find((i) => i.units.some((u) => u.unit === 'E39') && i.type === 'Citizen Assist / Service Call')!;
    expect(fire.lat).toBeCloseTo(37.7458586, 6);
    expect(fire.lon).toBeCloseTo(-122.4566642, 6);
    // 11:57:56 PM Pacific on 31 December = 07:57:56 UTC on 1 January
    expect(new Date(fire.callAt).toISOString()).toBe('2017-01-01T07:57:56.000Z');
  });

  it('gives the intervals a centre is judged by, in plausible ranges (SFFD: about a minute and a half to dispatch, a minute to roll, four to arrive)', () => {
    const processing = h.incidents.map((i) => incidentIntervals(i).processing).filter((x): x is number => x !== null);
    const units = h.incidents.flatMap((i) => i.units.map(unitIntervals));
    const turnout = units.map((u) => u.turnout).filter((x): x is number => x !== null);
    const travel = units.map((u) => u.travel).filter((x): x is number => x !== null);
    expect(median(processing)).toBeGreaterThan(30);
    expect(median(processing)).toBeLessThan(240);
    expect(median(turnout)).toBeGreaterThan(20);
    expect(median(turnout)).toBeLessThan(180);
    expect(median(travel)).toBeGreaterThan(120);
    expect(median(travel)).toBeLessThan(600);
    const c = compliance(
      h.incidents.map((i) => incidentIntervals(i).processing),
      60,
    );
    expect(c.measured).toBe(processing.length);
    expect(c.share).toBeGreaterThan(0);
    expect(c.share).toBeLessThan(1);
  });

  it('names a broken row by its line and leaves its whole incident out', () => {
    const good = { ...Object.fromEntries(Object.values(SFFD_MAPPING).map((c) => [c, ''])) };
    const row = (line: number, over: Record<string, string>): HistoryRow => ({
      line,
      values: {
        ...good,
        'incident number': '1',
        'unit id': 'E01',
        'received dttm': '01/01/2017 10:00:00 AM',
        'dispatch dttm': '01/01/2017 10:01:00 AM',
        location: '(37.78, -122.41)',
        ...over,
      },
    });
    const r = historyFromRows(
      [
        row(2, {}),
        row(3, { 'unit id': 'T01', 'response dttm': 'soon' }),
        row(4, { 'incident number': '2' }),
        row(5, { 'incident number': '3', location: 'here' }),
      ],
      SFFD_MAPPING,
      -480,
    );
    expect(r.rejected).toEqual([
      { line: 3, error: 'response dttm "soon" is not a time' },
      { line: 5, error: 'location "here" is not "(lat, lon)"' },
    ]);
    expect(r.incidents.map((i) => i.incident)).toEqual(['2']);
  });

  it('reads local and ISO times, and refuses what is not a time', () => {
    expect(parseTime('12/31/2016 12:00:00 AM', 0)).toBe(Date.UTC(2016, 11, 31, 0, 0, 0));
    expect(parseTime('12/31/2016 12:00:00 PM', -480)).toBe(Date.UTC(2016, 11, 31, 20, 0, 0));
    expect(parseTime('2017-01-01T08:00:00+08:00', 0)).toBe(Date.UTC(2017, 0, 1, 0, 0, 0));
    for (const bad of ['02/30/2017 10:00:00 AM', '13/01/2017 10:00:00 AM', '01/01/2017 13:00:00 PM', 'yesterday', '2017-01-01 08:00'])
      expect(parseTime(bad, 0)).toBeNull();
  });

  it('refuses a file without the mapping’s columns, naming them', () => {
    expect(() => readHistoryFile(join(DATA_DIR, 'fire_stations_water', 'sf_fire_stations.csv'))).toThrow(/no column "incident number"/);
  });
});
