import { haversineM } from '../distance';
import { RoadGraph } from './graph';
import { SnapIndex } from './snap';

function grid(n: number) {
  const ids: number[] = [],
    src: number[] = [],
    tgt: number[] = [],
    c: number[] = [],
    len: number[] = [],
    geom: number[] = [];
  const off = [0];
  const p = (i: number, j: number) => [115 + j * 0.003, 28 + i * 0.003];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      for (const [di, dj] of [
        [0, 1],
        [1, 0],
      ]) {
        if (i + di >= n || j + dj >= n) continue;
        const a = p(i, j),
          b = p(i + di, j + dj);
        ids.push(ids.length + 1);
        src.push(i * n + j);
        tgt.push((i + di) * n + j + dj);
        c.push(10);
        // a bent street: three segments
        const m1 = [a[0] + (b[0] - a[0]) / 3 + 0.0004, a[1] + (b[1] - a[1]) / 3 + 0.0004];
        const m2 = [a[0] + (2 * (b[0] - a[0])) / 3, a[1] + (2 * (b[1] - a[1])) / 3];
        geom.push(...a, ...m1, ...m2, ...b);
        off.push(geom.length / 2);
        len.push(
          haversineM(a as [number, number], m1 as [number, number]) +
            haversineM(m1 as [number, number], m2 as [number, number]) +
            haversineM(m2 as [number, number], b as [number, number]),
        );
      }
    }
  return new RoadGraph({
    edgeIds: ids,
    sourceIds: src,
    targetIds: tgt,
    cost: c,
    reverseCost: c,
    lengthM: len,
    geomOffset: Int32Array.from(off),
    geom: Float64Array.from(geom),
  });
}

describe('SnapIndex', () => {
  const g = grid(30);
  const index = new SnapIndex(g, 0.002);

  it('finds the same nearest edge as checking every segment', () => {
    let a = 42;
    const r = () => (a = (a * 16807) % 2147483647) / 2147483647;
    for (let k = 0; k < 300; k++) {
      const p: [number, number] = [114.995 + r() * 0.1, 27.995 + r() * 0.1];
      const snap = index.nearest(p, 5000)!;
      // brute force: the nearest point of every segment of every edge (locally flat projection)
      let best = Infinity;
      const kx = Math.cos((p[1] * Math.PI) / 180);
      for (let e = 0; e < g.edgeCount; e++) {
        for (let q = g.geomOffset[e]; q < g.geomOffset[e + 1] - 1; q++) {
          const x1 = g.geom[2 * q] * kx,
            y1 = g.geom[2 * q + 1],
            x2 = g.geom[2 * q + 2] * kx,
            y2 = g.geom[2 * q + 3];
          const dx = x2 - x1,
            dy = y2 - y1;
          const t = Math.max(0, Math.min(1, ((p[0] * kx - x1) * dx + (p[1] - y1) * dy) / (dx * dx + dy * dy)));
          best = Math.min(best, haversineM(p, [(x1 + t * dx) / kx, y1 + t * dy]));
        }
      }
      expect(snap.distanceM).toBeLessThanOrEqual(best + 1);
      expect(snap.fraction).toBeGreaterThanOrEqual(0);
      expect(snap.fraction).toBeLessThanOrEqual(1);
    }
  });

  it('gives the fraction along the edge by length and ignores closed edges', () => {
    const e = 5;
    const o = g.geomOffset[e];
    const end: [number, number] = [g.geom[2 * (o + 3)], g.geom[2 * (o + 3) + 1]];
    const start: [number, number] = [g.geom[2 * o], g.geom[2 * o + 1]];
    const nearEnd = index.nearest([end[0] * 0.75 + start[0] * 0.25, end[1] * 0.75 + start[1] * 0.25], 1000)!;
    expect(nearEnd.fraction).toBeGreaterThan(0.5);
    g.setClosed(g.edgeId[nearEnd.edge], true);
    expect(index.nearest(nearEnd.point, 1000)!.edge).not.toBe(nearEnd.edge);
    g.setClosed(g.edgeId[nearEnd.edge], false);
  });

  it('returns null beyond the allowed distance', () => {
    expect(index.nearest([116, 29], 2000)).toBeNull();
    expect(index.nearest([115.05, 27.99], 500)).toBeNull();
    expect(index.nearest([115.05, 27.99], 2000)).not.toBeNull();
  });
});
