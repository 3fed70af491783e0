import { RoadSearch } from './search';
import { Snap } from './snap';
import { haversineM } from '../distance';
import { bruteForce, rand, randomGraph } from './test-graphs';
import { edgePart, secondsByEdgeKey } from './walk';

describe('RoadSearch', () => {
  it('many-to-one and one-to-many equal brute force on random graphs with one-way streets, closures and points mid-edge', () => {
    let compared = 0,
      unreachable = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const g = randomGraph(seed);
      const r = rand(seed * 7);
      for (let e = 0; e < g.edgeCount; e++) if (r() < 0.05) g.closed[e] = 1;
      const open = () => {
        let e;
        do e = Math.floor(r() * g.edgeCount);
        while (g.closed[e]);
        return e;
      };
      const search = new RoadSearch(g);
      for (let q = 0; q < 8; q++) {
        const target: Snap = { edge: open(), fraction: r(), point: [0, 0], distanceM: 0 };
        const sources: Snap[] = Array.from({ length: 6 }, () => ({ edge: open(), fraction: r(), point: [0, 0] as const, distanceM: 0 }));
        sources.push({ ...target, fraction: Math.min(1, target.fraction + 0.1) }, { ...target, fraction: Math.max(0, target.fraction - 0.1) });
        const got = search.manyToOne(target, sources).times;
        const out = search.oneToMany(target, sources);
        sources.forEach((s, i) => {
          const want = bruteForce(g, s, target);
          if (want === Infinity) {
            expect(got[i]).toBeNull();
            unreachable++;
          } else expect(got[i]!.seconds).toBeCloseTo(want, 6);
          const back = bruteForce(g, target, s);
          if (back === Infinity) expect(out[i]).toBeNull();
          else expect(out[i]!.seconds).toBeCloseTo(back, 6);
          compared++;
        });
      }
    }
    expect(compared).toBe(25 * 8 * 8);
    expect(unreachable).toBeGreaterThan(0); // the cases include one-way dead ends
  });

  it('many-to-one stops where `enough` says: points it finished have their exact time, the rest lie beyond its last radius', () => {
    let stoppedEarly = 0,
      unfinished = 0;
    for (let seed = 50; seed < 70; seed++) {
      const g = randomGraph(seed, 9);
      const r = rand(seed * 3);
      const search = new RoadSearch(g);
      const target: Snap = { edge: Math.floor(r() * g.edgeCount), fraction: r(), point: [0, 0], distanceM: 0 };
      const sources: Snap[] = Array.from({ length: 12 }, () => ({ edge: Math.floor(r() * g.edgeCount), fraction: r(), point: [0, 0] as const, distanceM: 0 }));
      const full = search.manyToOne(target, sources).times;
      // stop once three points are known: past the third known time
      const stopped = search.manyToOne(target, sources, {
        enough: (known) => {
          const times = [...known].filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
          return times.length >= 3 ? times[2] : Infinity;
        },
      });
      const got = stopped.times;
      const radius = stopped.radius;
      if (radius < Infinity) stoppedEarly++;
      sources.forEach((_, i) => {
        if (got[i]) expect(got[i]!.seconds).toBeCloseTo(full[i]!.seconds, 9);
        else if (full[i]) {
          unfinished++;
          expect(radius).toBeLessThan(Infinity);
          expect(full[i]!.seconds).toBeGreaterThanOrEqual(radius - 1e-9);
        }
      });
      expect(got.filter((x) => x !== null).length).toBeGreaterThanOrEqual(Math.min(3, full.filter((x) => x !== null).length));
    }
    expect(stoppedEarly).toBeGreaterThan(10);
    expect(unfinished).toBeGreaterThan(20);
  });

  it('route time equals many-to-one and brute force, and its geometry runs from the start to the end point', () => {
    for (let seed = 30; seed < 45; seed++) {
      const g = randomGraph(seed);
      const r = rand(seed);
      const search = new RoadSearch(g);
      const from: Snap = { edge: Math.floor(r() * g.edgeCount), fraction: r(), point: [0, 0], distanceM: 0 };
      const to: Snap = { edge: Math.floor(r() * g.edgeCount), fraction: r(), point: [0, 0], distanceM: 0 };
      const want = bruteForce(g, from, to);
      const route = search.route(from, to);
      if (want === Infinity) {
        expect(route).toBeNull();
        continue;
      }
      expect(route!.seconds).toBeCloseTo(want, 6);
      const m2o = search.manyToOne(to, [from]);
      expect(m2o.times[0]!.seconds).toBeCloseTo(want, 6);
      // the same way read off the reverse search's tree, kept in its result while other searches run
      search.manyToOne(from, [to]);
      search.route(to, from);
      const path = m2o.path(0)!;
      const length = path.slice(1).reduce((sum, p, k) => sum + haversineM(path[k], p), 0);
      const routeLength = route!.coordinates.slice(1).reduce((sum, p, k) => sum + haversineM(route!.coordinates[k], p), 0);
      expect(length).toBeCloseTo(routeLength, 0);
      expect(path[0][0]).toBeCloseTo(route!.coordinates[0][0], 9);
      expect(path[path.length - 1][1]).toBeCloseTo(route!.coordinates[route!.coordinates.length - 1][1], 9);
      const [start] = edgePart(g, from.edge, from.fraction, from.fraction);
      const [end] = edgePart(g, to.edge, to.fraction, to.fraction);
      expect(route!.coordinates[0][0]).toBeCloseTo(start[0], 9);
      expect(route!.coordinates[route!.coordinates.length - 1][1]).toBeCloseTo(end[1], 9);
      expect(route!.edgeIds[0]).toBe(g.edgeId[from.edge]);
      expect(route!.edgeIds[route!.edgeIds.length - 1]).toBe(g.edgeId[to.edge]);
    }
  });

  it('honours a closure at once and stops at maxSeconds', () => {
    let checked = 0;
    for (let seed = 50; seed < 80 && checked < 10; seed++) {
      const g = randomGraph(seed);
      const search = new RoadSearch(g);
      const to: Snap = { edge: 0, fraction: 0.5, point: [0, 0], distanceM: 0 };
      const from: Snap = { edge: g.edgeCount - 1, fraction: 0.5, point: [0, 0], distanceM: 0 };
      const before = search.route(from, to);
      if (!before || before.edgeIds.length < 3) continue;
      const middle = before.edgeIds[Math.floor(before.edgeIds.length / 2)];
      g.setClosed(middle, true);
      const after = search.route(from, to);
      const want = bruteForce(g, from, to);
      if (want === Infinity) expect(after).toBeNull();
      else {
        expect(after!.edgeIds).not.toContain(middle);
        expect(after!.seconds).toBeCloseTo(want, 6);
        expect(after!.seconds).toBeGreaterThanOrEqual(before.seconds);
      }
      g.setClosed(middle, false);
      expect(search.route(from, to)!.seconds).toBeCloseTo(before.seconds, 9);
      expect(search.manyToOne(to, [from], { maxSeconds: before.seconds / 2 }).times[0]).toBeNull();
      checked++;
    }
    expect(checked).toBe(10);
  });

  it('splits a route’s time by a key of its edges: the parts add up to the route, interior edges count whole', () => {
    let checked = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const g = randomGraph(seed);
      const r = rand(seed * 13);
      const search = new RoadSearch(g);
      for (let q = 0; q < 10; q++) {
        const at = (): Snap => ({ edge: Math.floor(r() * g.edgeCount), fraction: r(), point: [0, 0], distanceM: 0 });
        const route = search.route(at(), at());
        if (!route) continue;
        const parts = secondsByEdgeKey(g, route, (e) => (e % 2 ? 'odd' : 'even'));
        const sum = [...parts.values()].reduce((s, v) => s + v, 0);
        expect(sum).toBeCloseTo(route.seconds, 6);
        if (route.edgeIds.length > 2) {
          const e = g.edgeIndex(route.edgeIds[1])!;
          expect(parts.get(e % 2 ? 'odd' : 'even')!).toBeGreaterThanOrEqual(
            Math.min(g.edgeCost[e] < 0 ? Infinity : g.edgeCost[e], g.edgeReverseCost[e] < 0 ? Infinity : g.edgeReverseCost[e]) - 1e-9,
          );
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
