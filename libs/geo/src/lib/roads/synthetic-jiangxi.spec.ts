import { dataPackDir } from '@gan119/testing';
import { readFileSync } from 'fs';
import { join } from 'path';
import { buildNetwork, graphInputOf } from './network';
import { RoadGraph } from './graph';
import { RoadSearch } from './search';
import { compareWithPlain, rand } from './test-graphs';
import { Water } from './water-cut';
import { haversineM } from '../distance';
import { pointInMultiPolygon } from '../polygon';
import { SnapIndex } from './snap';
import { Seat, syntheticJiangxi } from './synthetic-jiangxi';
import type { PolygonRings } from '../polygon';

const DATA = join(dataPackDir(), 'admin_boundaries');
const rows = readFileSync(join(DATA, 'jiangxi_admin_centers.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','));
const seats: Seat[] = rows.map((c) => ({
  adcode: +c[0],
  name: c[1],
  level: c[2] === 'city' ? 'city' : 'county',
  parent: +c[3],
  lonLat: [+c[6], +c[7]],
  isDistrict: c[1].endsWith('区'),
}));
const province = (
  JSON.parse(readFileSync(join(DATA, 'wgs84/jiangxi_province.wgs84.geojson'), 'utf8')) as { features: Array<{ geometry: { coordinates: PolygonRings[] } }> }
).features[0].geometry.coordinates;

describe('synthetic Jiangxi network (small)', () => {
  const a = syntheticJiangxi(seats, province, 'small');
  const net = buildNetwork(a.ways, a.coords);
  const g = new RoadGraph(graphInputOf(net));

  it('is deterministic', () => {
    const b = buildNetwork(syntheticJiangxi(seats, province, 'small').ways, syntheticJiangxi(seats, province, 'small').coords);
    expect(b.edges.length).toBe(net.edges.length);
    expect(b.edges[123].coords).toEqual(net.edges[123].coords);
  });

  it('has motorways, national, provincial roads and streets, all tagged synthetic', () => {
    const classes = new Set(net.edges.map((e) => e.cls));
    for (const c of ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'residential']) expect(classes).toContain(c);
    expect(a.ways.every((w) => w.tags.synthetic === 'yes')).toBe(true);
    expect(net.edges.length).toBeGreaterThan(5000);
  });

  it('reaches every seat from Nanchang by road, in plausible times', () => {
    const index = new SnapIndex(g);
    const search = new RoadSearch(g);
    const nanchang = index.nearest([115.8873, 28.679857], 2000)!;
    const snaps = seats.map((s) => index.nearest(s.lonLat, 16000)); // districts merged into a city grid lie up to 15 km out
    expect(snaps.every(Boolean)).toBe(true);
    const times = search.manyToOne(
      nanchang,
      snaps.map((s) => s!),
    ).times;
    expect(times.every((t) => t !== null)).toBe(true);
    const ganzhou = times[rows.findIndex((r) => r[1] === '赣州市')]!;
    // ~ 350 km by road: between 3 and 8 hours for a fire engine
    expect(ganzhou.meters / 1000).toBeGreaterThan(330);
    expect(ganzhou.seconds / 3600).toBeGreaterThan(3);
    expect(ganzhou.seconds / 3600).toBeLessThan(8);
  });

  it('contraction hierarchy: the same times as the plain search on 3,400 random pairs, with 40 roads closed', () => {
    const r = rand(42);
    for (let k = 0; k < 40; k++) g.setClosed(g.edgeId[Math.floor(r() * g.edgeCount)], true);
    const res = compareWithPlain(g, 7, 200, 15);
    expect(res.mismatches.slice(0, 5)).toEqual([]);
    expect(res.pairs).toBe(200 * 17);
    for (let e = 0; e < g.edgeCount; e++) if (g.closed[e]) g.setClosed(g.edgeId[e], false);
  });
});

/** The real lakes and rivers of the data pack (Natural Earth), read as the API's readWater does. */
function water(): Water {
  const read = (f: string) =>
    (
      JSON.parse(readFileSync(join(dataPackDir(), 'water', f), 'utf8')) as {
        features: Array<{ geometry: { type: string; coordinates: unknown } }>;
      }
    ).features.map((x) => x.geometry);
  return {
    lakes: read('jiangxi_lakes.ne10m.geojson').flatMap((g) => (g.type === 'Polygon' ? [g.coordinates as PolygonRings] : (g.coordinates as PolygonRings[]))),
    rivers: read('jiangxi_rivers.ne10m.geojson').flatMap((g) => (g.type === 'LineString' ? [g.coordinates as number[][]] : (g.coordinates as number[][][]))),
  };
}

describe('synthetic Jiangxi network (full) with the real lakes and rivers', () => {
  const w = water();
  const poyang = w.lakes[0];
  const gen = syntheticJiangxi(seats, province, 'full', w);
  const net = buildNetwork(gen.ways, gen.coords);
  const g = new RoadGraph(graphInputOf(net));

  it('runs no road through Poyang Lake', () => {
    expect(gen.water!.lakeCuts).toBeGreaterThan(100);
    let inLake = 0;
    for (const e of net.edges)
      for (let k = 0; k + 3 < e.coords.length; k += 2) {
        const mid: [number, number] = [(e.coords[k] + e.coords[k + 2]) / 2, (e.coords[k + 1] + e.coords[k + 3]) / 2];
        if (pointInMultiPolygon(mid, [poyang])) inLake++;
      }
    expect(inLake).toBe(0);
  });

  it('crosses the Gan in Nanchang only at bridges: a unit just across the river drives round by one', () => {
    expect(gen.water!.riverCuts).toBeGreaterThan(100);
    expect(gen.water!.bridges).toBeGreaterThan(10);
    // pairs facing each other across the Gan in Nanchang (it runs 115.834,28.640 → 115.886,28.715), 800 m apart
    const [a0, a1] = [
      [115.83448, 28.63972],
      [115.88592, 28.71544],
    ];
    const pairs = Array.from({ length: 17 }, (_, k) => {
      const t = 0.1 + k * 0.05;
      const c: [number, number] = [a0[0] + t * (a1[0] - a0[0]), a0[1] + t * (a1[1] - a0[1])];
      // perpendicular to the river, 400 m each way
      const dx = a1[0] - a0[0],
        dy = a1[1] - a0[1],
        len = Math.hypot(dx, dy);
      const off = 400 / 111_195;
      return [
        [c[0] - (dy / len) * off, c[1] + (dx / len) * off],
        [c[0] + (dy / len) * off, c[1] - (dx / len) * off],
      ] as Array<[number, number]>;
    });
    const ratios = (graph: RoadGraph) => {
      const index = new SnapIndex(graph);
      const search = new RoadSearch(graph);
      return pairs.map(([p, q]) => {
        const a = index.nearest(p, 300)!,
          b = index.nearest(q, 300)!;
        return search.route(a, b)!.meters / haversineM(a.point, b.point);
      });
    };
    const wet = ratios(g);
    const dry = syntheticJiangxi(seats, province, 'full');
    const dryRatios = ratios(new RoadGraph(graphInputOf(buildNetwork(dry.ways, dry.coords))));
    // somewhere between two bridges the way round is more than twice the crossing; without the water, nowhere
    const worst = wet.indexOf(Math.max(...wet));
    expect(wet[worst]).toBeGreaterThan(2);
    expect(dryRatios[worst]).toBeLessThan(1.6);
    expect(Math.max(...dryRatios)).toBeLessThan(1.8);
  });
});
