import { parseMaxspeed, speedKmh, wayDirection, VEHICLE_MAX_KMH, ROAD_CLASSES } from './road-classes';

describe('road classes and OSM tags', () => {
  it('parses maxspeed in km/h and mph, taking the lowest of a list', () => {
    expect(parseMaxspeed('50')).toBe(50);
    expect(parseMaxspeed('60 km/h')).toBe(60);
    expect(parseMaxspeed('25 mph')).toBeCloseTo(40.2336, 3);
    expect(parseMaxspeed('30;50')).toBe(30);
    for (const bad of [undefined, '', 'none', 'signals', 'CN:urban', '-5', '0']) expect(parseMaxspeed(bad)).toBeNull();
  });

  it('uses the posted speed, capped to the vehicle, else the class default', () => {
    expect(speedKmh('residential', undefined)).toBe(ROAD_CLASSES.residential.kmh);
    expect(speedKmh('residential', '25 mph')).toBeCloseTo(40.2336, 3);
    expect(speedKmh('motorway', '120')).toBe(VEHICLE_MAX_KMH);
  });

  it('reads oneway, roundabouts, motorways and access', () => {
    expect(wayDirection({ highway: 'residential' })).toBe('both');
    expect(wayDirection({ highway: 'residential', oneway: 'yes' })).toBe('forward');
    expect(wayDirection({ highway: 'residential', oneway: '-1' })).toBe('backward');
    expect(wayDirection({ highway: 'primary', junction: 'roundabout' })).toBe('forward');
    expect(wayDirection({ highway: 'primary', junction: 'roundabout', oneway: 'no' })).toBe('both');
    expect(wayDirection({ highway: 'motorway' })).toBe('forward');
    expect(wayDirection({ highway: 'service', access: 'private' })).toBe('none');
    expect(wayDirection({ highway: 'service', access: 'no', emergency: 'yes' })).toBe('both');
  });
});
