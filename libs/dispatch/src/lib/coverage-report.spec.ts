import { areaFigures } from './coverage-report';

describe('coverage report: figures per county, summed per city and for the province', () => {
  const counties = [
    { adcode: 360102, name: '东湖区', cityAdcode: 360100 },
    { adcode: 360103, name: '西湖区', cityAdcode: 360100 },
    { adcode: 360202, name: '昌江区', cityAdcode: 360200 },
  ];
  const cities = [
    { adcode: 360100, name: '南昌市', cityAdcode: null },
    { adcode: 360200, name: '景德镇市', cityAdcode: null },
  ];
  const province = { adcode: 360000, name: '江西省', cityAdcode: null };

  it('counts road, places and key units within each threshold, shares of the whole, and sums them up', () => {
    const r = areaFigures(
      counties,
      cities,
      province,
      [10_000, 20_000, 0],
      [
        [1_000, 2_000, 0],
        [5_000, 4_000, 0],
      ],
      [
        { area: 0, seconds: 100 },
        { area: 0, seconds: 400 },
        { area: 1, seconds: Infinity },
        { area: -1, seconds: 10 },
      ],
      [{ area: 2, seconds: 250 }],
      {
        roadM: [4_000, 0, 0],
        withinM: [
          [1_000, 0, 0],
          [3_000, 0, 0],
        ],
      },
      [180, 300],
    );
    expect(r.counties[0]).toMatchObject({ roadKm: 10, withinKm: [1, 5], roadShare: [0.1, 0.5], places: 2, placesWithin: [1, 1], keyUnits: 0 });
    // the built-up streets' share, and none where there are none
    expect(r.counties[0]).toMatchObject({ builtUpKm: 4, builtUpShare: [0.25, 0.75] });
    expect(r.counties[1]).toMatchObject({ builtUpKm: 0, builtUpShare: [null, null] });
    expect(r.province).toMatchObject({ builtUpKm: 4, builtUpShare: [0.25, 0.75] });
    // a county with no road at all has no share, never NaN
    expect(r.counties[2]).toMatchObject({ roadKm: 0, roadShare: [null, null], keyUnits: 1, keyUnitsWithin: [0, 1] });
    expect(r.cities[0]).toMatchObject({ adcode: 360100, roadKm: 30, withinKm: [3, 9], roadShare: [0.1, 0.3], places: 3, placesWithin: [1, 1] });
    // the place outside every county counts in none
    expect(r.province).toMatchObject({ roadKm: 30, places: 3, keyUnits: 1, keyUnitsWithin: [0, 1] });
  });
});
