import { buildHierarchy, contractGraph } from './contraction';
import { HierarchySearch } from './hierarchy-search';
import { RoadSearch } from './search';
import { Snap } from './snap';
import { bruteForce, compareWithPlain, rand, randomGraph } from './test-graphs';

const at = (edge: number, fraction: number): Snap => ({ edge, fraction, point: [0, 0], distanceM: 0 });

describe('HierarchySearch (contraction hierarchy)', () => {
  it('answers the same times as the plain search and brute force on random graphs with one-way streets and closures', () => {
    let pairs = 0,
      unreachable = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const g = randomGraph(seed, 9);
      const r = rand(seed * 11);
      for (let e = 0; e < g.edgeCount; e++) if (r() < 0.05) g.setClosed(g.edgeId[e], true);
      const res = compareWithPlain(g, seed, 20, 8);
      expect(res.mismatches).toEqual([]);
      pairs += res.pairs;
      unreachable += res.unreachable;
      // and against brute force, a few
      const fast = new HierarchySearch(g, buildHierarchy(g));
      for (let q = 0; q < 5; q++) {
        const from = at(Math.floor(r() * g.edgeCount), r());
        const to = at(Math.floor(r() * g.edgeCount), r());
        if (g.closed[from.edge] || g.closed[to.edge]) continue;
        const want = bruteForce(g, from, to);
        const got = fast.manyToOne(to, [from]).times[0];
        if (want === Infinity) expect(got).toBeNull();
        else expect(got!.seconds).toBeCloseTo(want, 6);
      }
    }
    expect(pairs).toBe(30 * 20 * 10);
    expect(unreachable).toBeGreaterThan(0);
  });

  it('knows it is stale once a road closes or reopens, and a rebuild honours the closure', () => {
    const g = randomGraph(7, 9);
    const plain = new RoadSearch(g);
    const fast = new HierarchySearch(g, buildHierarchy(g));
    const to = at(0, 0.5);
    const from = at(g.edgeCount - 1, 0.5);
    const before = plain.route(from, to)!;
    const middle = before.edgeIds[Math.floor(before.edgeIds.length / 2)];
    expect(fast.stale).toBe(false);
    g.setClosed(middle, true);
    expect(fast.stale).toBe(true);
    const rebuilt = new HierarchySearch(g, buildHierarchy(g));
    expect(rebuilt.stale).toBe(false);
    const want = plain.manyToOne(to, [from]).times[0];
    const got = rebuilt.manyToOne(to, [from]).times[0];
    if (!want) expect(got).toBeNull();
    else expect(got!.seconds).toBeCloseTo(want.seconds, 6);
    g.setClosed(middle, false);
    expect(rebuilt.stale).toBe(true);
  });

  it('answers each result from itself: a later search does not change an earlier one’s ways', () => {
    const g = randomGraph(3, 9);
    const fast = new HierarchySearch(g, buildHierarchy(g));
    const a = fast.manyToOne(at(0, 0.5), [at(g.edgeCount - 1, 0.5)]);
    const first = JSON.stringify(a.path(0));
    fast.manyToOne(at(g.edgeCount - 1, 0.5), [at(0, 0.5), at(5, 0.1)]);
    expect(JSON.stringify(a.path(0))).toBe(first);
  });

  it('builds in slices from the first step: the first priorities of every node are not computed in one go', () => {
    // a background build (the API after a road closes) runs one step per slice of its event loop
    const g = randomGraph(5, 30);
    const it = contractGraph(g, 10);
    let before = 0,
      steps = 0;
    let r = it.next();
    while (!r.done) {
      steps++;
      if (r.value.contracted === 0) before++;
      r = it.next();
    }
    // the arcs copied, then every 10 nodes' first priorities: one step each
    expect(before).toBeGreaterThanOrEqual(Math.floor(g.nodeCount / 10));
    expect(steps).toBeGreaterThan(before);
    expect(r.value).toEqual(buildHierarchy(g));
  });

  it('stops at maxSeconds', () => {
    const g = randomGraph(9, 9);
    const fast = new HierarchySearch(g, buildHierarchy(g));
    const full = fast.manyToOne(at(0, 0.5), [at(g.edgeCount - 1, 0.5)]).times[0]!;
    expect(fast.manyToOne(at(0, 0.5), [at(g.edgeCount - 1, 0.5)], { maxSeconds: full.seconds / 2 }).times[0]).toBeNull();
    expect(fast.manyToOne(at(0, 0.5), [at(g.edgeCount - 1, 0.5)], { maxSeconds: full.seconds + 1 }).times[0]!.seconds).toBeCloseTo(full.seconds, 9);
  });
});
