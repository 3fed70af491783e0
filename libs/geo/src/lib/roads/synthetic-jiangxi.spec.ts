import { readFileSync } from 'fs';
import { join } from 'path';
import { buildNetwork, graphInputOf } from './network';
import { RoadGraph } from './graph';
import { RoadSearch } from './search';
import { compareWithPlain, rand } from './test-graphs';
import { SnapIndex } from './snap';
import { Seat, syntheticJiangxi } from './synthetic-jiangxi';
import type { PolygonRings } from '../polygon';

const DATA = join(process.env.DATA_DIR ?? 'DATA_DIR unset', 'admin_boundaries'); // the data pack (jest.preset.js)
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
