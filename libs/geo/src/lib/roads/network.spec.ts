import { buildNetwork, Coords, Way } from './network';

// A plus-shaped crossing: way 1 runs west→east through node 2, way 2 south→north through node 2.
//        4
//        |
//  0 --- 2 --- 1       (nodes 0..4; node 5 is a mid-way shape point on way 1 between 2 and 1)
//        |
//        3
const coords: Coords = {
  lonLat: Float64Array.from([115.0, 28.0, 115.02, 28.0, 115.01, 28.0, 115.01, 27.99, 115.01, 28.01, 115.015, 28.0]),
  count: 6,
};

describe('buildNetwork', () => {
  it('splits ways at shared nodes only, keeping shape points in the geometry', () => {
    const ways: Way[] = [
      { osmId: 1, nodes: [0, 2, 5, 1], tags: { highway: 'primary' } },
      { osmId: 2, nodes: [3, 2, 4], tags: { highway: 'residential', oneway: 'yes' } },
    ];
    const net = buildNetwork(ways, coords);
    expect(net.vertexCount).toBe(5); // 0,1,2,3,4 — node 5 is only a shape point
    expect(net.edges).toHaveLength(4);
    const east = net.edges.find((e) => e.osmId === 1 && e.coords.length === 6)!;
    expect(east.coords).toEqual([115.01, 28.0, 115.015, 28.0, 115.02, 28.0]);
    expect(east.lengthM).toBeCloseTo(981.8, 0); // 0.01° of longitude at 28° N
    // 50 km/h on the primary road, both ways
    expect(east.cost).toBeCloseTo(east.lengthM / (50 / 3.6), 6);
    expect(east.reverseCost).toBe(east.cost);
    // the one-way residential road: forward only
    for (const e of net.edges.filter((x) => x.osmId === 2)) expect(e.reverseCost).toBe(-1);
  });

  it('drops non-drivable and closed ways and counts them', () => {
    const ways: Way[] = [
      { osmId: 1, nodes: [0, 2], tags: { highway: 'footway' } },
      { osmId: 2, nodes: [2, 1], tags: { highway: 'service', access: 'private' } },
      { osmId: 3, nodes: [3, 2], tags: { highway: 'tertiary', oneway: '-1' } },
    ];
    const net = buildNetwork(ways, coords);
    expect(net.skippedWays).toBe(2);
    expect(net.edges).toHaveLength(1);
    expect(net.edges[0].cost).toBe(-1);
    expect(net.edges[0].reverseCost).toBeGreaterThan(0);
  });
});
