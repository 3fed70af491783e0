import { LonLat } from '../coords';
import { haversineM } from '../distance';
import { pointInMultiPolygon, PolygonRings } from '../polygon';
import { Coords, Way } from './network';
import { cutAtWater, Water } from './water-cut';
import { mulberry32 } from '../random';

/** A seat (治所) the synthetic network grows from. */
export type Seat = { adcode: number; name: string; level: 'city' | 'county'; lonLat: LonLat; parent: number; isDistrict: boolean };

/** small: tests; full: the demo and benchmarks; dense: four times the full network's nodes on the same ground (benchmarks' growth curves) */
export type SyntheticSize = 'small' | 'full' | 'dense';

type Params = { capitalGrid: number; cityGrid: number; countyGrid: number; spacingM: number; latticeDeg: number; latticeStepDeg: number; linkStepM: number };
const PARAMS: Record<SyntheticSize, Params> = {
  small: { capitalGrid: 16, cityGrid: 10, countyGrid: 6, spacingM: 150, latticeDeg: 0.3, latticeStepDeg: 0.05, linkStepM: 4000 },
  full: { capitalGrid: 150, cityGrid: 96, countyGrid: 48, spacingM: 120, latticeDeg: 0.1, latticeStepDeg: 0.01, linkStepM: 1000 },
  dense: { capitalGrid: 300, cityGrid: 192, countyGrid: 96, spacingM: 60, latticeDeg: 0.05, latticeStepDeg: 0.005, linkStepM: 500 },
};
const NANCHANG = 360100;
const SYN = { synthetic: 'yes' } as const;

const rng = mulberry32;

class Builder {
  private lonLat: number[] = [];
  readonly ways: Way[] = [];
  private wayId = 1;
  node(p: LonLat): number {
    this.lonLat.push(Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7);
    return this.lonLat.length / 2 - 1;
  }
  at(n: number): LonLat {
    return [this.lonLat[2 * n], this.lonLat[2 * n + 1]];
  }
  way(nodes: number[], tags: Record<string, string>): void {
    if (nodes.length >= 2) this.ways.push({ osmId: -this.wayId++, nodes, tags: { ...tags, ...SYN } });
  }
  coords(): Coords {
    return { lonLat: Float64Array.from(this.lonLat), count: this.lonLat.length / 2 };
  }
}

const M_PER_DEG = 111_195;
const offset = (p: LonLat, eastM: number, northM: number): LonLat => [p[0] + eastM / (M_PER_DEG * Math.cos((p[1] * Math.PI) / 180)), p[1] + northM / M_PER_DEG];

type Grid = { seat: Seat; size: number; nodes: number[][]; centre: number; corners: number[] };

/** An urban street grid around a seat: jittered, slightly rotated, arterials every fifth line. */
function streetGrid(b: Builder, seat: Seat, size: number, spacingM: number): Grid {
  const r = rng(seat.adcode);
  const angle = (r() - 0.5) * 0.6;
  const half = ((size - 1) * spacingM) / 2;
  const nodes: number[][] = [];
  for (let i = 0; i < size; i++) {
    const row: number[] = [];
    for (let j = 0; j < size; j++) {
      const x = j * spacingM - half + (r() - 0.5) * spacingM * 0.25;
      const y = i * spacingM - half + (r() - 0.5) * spacingM * 0.25;
      row.push(b.node(offset(seat.lonLat, x * Math.cos(angle) - y * Math.sin(angle), x * Math.sin(angle) + y * Math.cos(angle))));
    }
    nodes.push(row);
  }
  const short = seat.name.replace(/(市|县|区)$/, '');
  const cls = (k: number) => (k % 10 === 0 ? 'primary' : k % 5 === 0 ? 'secondary' : 'residential');
  for (let i = 0; i < size; i++) {
    // every seventh residential street one way, alternating direction
    const oneway: Record<string, string> = cls(i) === 'residential' && i % 7 === 3 ? { oneway: i % 14 === 3 ? 'yes' : '-1' } : {};
    // every second main arterial bridges the town's river (where the real water is given)
    const bridge: Record<string, string> = i % 20 === 0 ? { bridge: 'yes' } : {};
    b.way(nodes[i], { highway: cls(i), name: `${short}${i + 1}路`, ...oneway, ...bridge });
    b.way(
      nodes.map((row) => row[i]),
      { highway: cls(i), name: `${short}${i + 1}街`, ...bridge },
    );
  }
  const m = Math.floor(size / 2);
  return { seat, size, nodes, centre: nodes[m][m], corners: [nodes[0][0], nodes[0][size - 1], nodes[size - 1][0], nodes[size - 1][size - 1]] };
}

/** The grid node on the side facing a point (where a road out of town leaves). */
function gate(b: Builder, g: Grid, toward: LonLat): number {
  let best = g.centre;
  let bestD = Infinity;
  const n = g.size - 1;
  const rim = [...g.nodes[0], ...g.nodes[n], ...g.nodes.map((r) => r[0]), ...g.nodes.map((r) => r[n])];
  for (const k of rim) {
    const d = haversineM(b.at(k), toward);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

/** Gabriel graph of the seats: a and b are linked when no other seat lies in the circle on ab. */
function gabriel(points: LonLat[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const xy = points.map(([lon, lat]) => [lon * Math.cos((lat * Math.PI) / 180), lat]);
  for (let i = 0; i < xy.length; i++) {
    for (let j = i + 1; j < xy.length; j++) {
      const cx = (xy[i][0] + xy[j][0]) / 2,
        cy = (xy[i][1] + xy[j][1]) / 2;
      const r2 = ((xy[i][0] - xy[j][0]) ** 2 + (xy[i][1] - xy[j][1]) ** 2) / 4;
      if (!xy.some((p, k) => k !== i && k !== j && (p[0] - cx) ** 2 + (p[1] - cy) ** 2 < r2)) out.push([i, j]);
    }
  }
  return out;
}

/** A gently curving road between two nodes, with a shape point every stepM. */
function link(b: Builder, from: number, to: number, stepM: number, seed: number): number[] {
  const a = b.at(from),
    z = b.at(to);
  const len = haversineM(a, z);
  const steps = Math.max(1, Math.round(len / stepM));
  const r = rng(seed);
  const amp = (r() - 0.5) * 0.08;
  const nodes = [from];
  for (let s = 1; s < steps; s++) {
    const t = s / steps;
    const bend = Math.sin(t * Math.PI) * amp;
    nodes.push(b.node([a[0] + t * (z[0] - a[0]) - bend * (z[1] - a[1]), a[1] + t * (z[1] - a[1]) + bend * (z[0] - a[0])]));
  }
  nodes.push(to);
  return nodes;
}

/**
 * The default Jiangxi network, generated from the real seats and outline until a real OSM extract is
 * imported: a street grid around every seat (the capital largest, county seats smallest), motorways
 * and national roads between seats along their Gabriel graph, and a lattice of provincial and county
 * roads over the province joined to every town. With `water` (the real lakes and rivers), no road
 * runs through a lake and rivers are crossed only at the bridges of expressways, national and
 * provincial roads and every second main arterial of a town (2.4 km apart in the full network). Deterministic; every way is tagged synthetic=yes.
 */
export function syntheticJiangxi(
  seats: Seat[],
  province: ReadonlyArray<PolygonRings>,
  size: SyntheticSize,
  water?: Water,
): { ways: Way[]; coords: Coords; water?: { lakeCuts: number; riverCuts: number; bridges: number } } {
  const p = PARAMS[size];
  const b = new Builder();
  const cities = seats.filter((s) => s.level === 'city');
  // districts close to their city seat are part of the city's grid
  const towns = seats.filter(
    (s) => s.level === 'city' || !(s.isDistrict && cities.some((c) => c.adcode === s.parent && haversineM(c.lonLat, s.lonLat) < 15000)),
  );
  const grids = towns.map((s) => streetGrid(b, s, s.adcode === NANCHANG ? p.capitalGrid : s.level === 'city' ? p.cityGrid : p.countyGrid, p.spacingM));

  const short = (g: Grid) => g.seat.name.replace(/(市|县|区)$/, '');
  const road = (gi: Grid, gj: Grid, highway: 'motorway' | 'trunk', seed: number) => {
    const from = gate(b, gi, gj.seat.lonLat),
      to = gate(b, gj, gi.seat.lonLat);
    const name = `${short(gi)}—${short(gj)}${highway === 'motorway' ? '高速' : '国道'}`;
    b.way(link(b, from, to, p.linkStepM, seed), { highway, name, oneway: 'no' });
  };
  // expressways between the city seats, national roads between all towns
  const cityGrids = grids.filter((g) => g.seat.level === 'city');
  for (const [i, j] of gabriel(cityGrids.map((g) => g.seat.lonLat))) road(cityGrids[i], cityGrids[j], 'motorway', cityGrids[i].seat.adcode * 7 + j);
  for (const [i, j] of gabriel(grids.map((g) => g.seat.lonLat))) road(grids[i], grids[j], 'trunk', grids[i].seat.adcode * 1000 + j);

  // lattice of provincial (every third line) and county roads, clipped to the province
  const lons = province.flatMap((poly) => poly[0].map((c) => c[0])),
    lats = province.flatMap((poly) => poly[0].map((c) => c[1]));
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const jr = rng(360000);
  const cross = new Map<string, number>();
  const crossNode = (i: number, j: number): number => {
    const key = `${i},${j}`;
    let n = cross.get(key);
    if (n === undefined) {
      n = b.node([minLon + j * p.latticeDeg + (jr() - 0.5) * p.latticeDeg * 0.2, minLat + i * p.latticeDeg + (jr() - 0.5) * p.latticeDeg * 0.2]);
      cross.set(key, n);
    }
    return n;
  };
  const nI = Math.ceil((maxLat - minLat) / p.latticeDeg),
    nJ = Math.ceil((maxLon - minLon) / p.latticeDeg);
  const inside = (n: number) => pointInMultiPolygon(b.at(n), province);
  const latticeLine = (ends: number[], tags: Record<string, string>) => {
    let run: number[] = [];
    for (let k = 0; k < ends.length; k++) {
      if (!inside(ends[k])) {
        b.way(run, tags);
        run = [];
        continue;
      }
      if (run.length) run.push(...link(b, run[run.length - 1], ends[k], p.latticeStepDeg * M_PER_DEG, ends[k]).slice(1));
      else run.push(ends[k]);
    }
    b.way(run, tags);
  };
  for (let i = 0; i <= nI; i++)
    latticeLine(
      Array.from({ length: nJ + 1 }, (_, j) => crossNode(i, j)),
      { highway: i % 3 === 0 ? 'primary' : 'secondary', name: `S${200 + i}`, ...(i % 3 === 0 ? { bridge: 'yes' } : {}) },
    );
  for (let j = 0; j <= nJ; j++)
    latticeLine(
      Array.from({ length: nI + 1 }, (_, i) => crossNode(i, j)),
      { highway: j % 3 === 0 ? 'primary' : 'secondary', name: `X${300 + j}`, ...(j % 3 === 0 ? { bridge: 'yes' } : {}) },
    );
  const insideCross = [...cross.values()].filter(inside);
  for (const g of grids) {
    for (const c of g.corners) {
      let best = -1,
        bestD = Infinity;
      for (const n of insideCross) {
        const d = haversineM(b.at(c), b.at(n));
        if (d < bestD) {
          bestD = d;
          best = n;
        }
      }
      if (best >= 0) b.way(link(b, c, best, p.latticeStepDeg * M_PER_DEG, c), { highway: 'tertiary', name: `${g.seat.name}连接线` });
    }
  }
  const coords = b.coords();
  if (!water) return { ways: b.ways, coords };
  // no road through a lake; rivers crossed only by bridged roads (see cutAtWater)
  const { ways, ...counts } = cutAtWater(b.ways, coords, water);
  return { ways, coords, water: counts };
}
