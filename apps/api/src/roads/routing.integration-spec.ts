import { createTestDb, TestDb } from '@gan119/testing';
import { Snap } from '@gan119/geo';
import { DataSource } from 'typeorm';
import { DATA_DIR, testDataSource } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { waitFor } from '../../test/wait';
import { loadDemo } from '../demo/load-demo';
import { importRoads } from './import/import-roads';
import { RoadRepository } from './road.repository';
import { RoutingService } from './routing.service';
import { Db } from '../infra/db/unit-of-work';

function rand(seed: number) {
  let a = seed;
  return () => (a = (a * 16807) % 2147483647) / 2147483647;
}

/**
 * The resident graph must agree with pgRouting on the same edges. Random points in the area are
 * snapped; for each target, pgr_withPointsCost is asked for all its sources in one call.
 */
async function compareWithPgRouting(routing: RoutingService, repo: RoadRepository, bbox: [number, number, number, number], pairs: number, seed: number) {
  const r = rand(seed);
  const point = (): [number, number] => [bbox[0] + r() * (bbox[2] - bbox[0]), bbox[1] + r() * (bbox[3] - bbox[1])];
  const snapSome = (n: number) => {
    const out: Array<Snap & { edgeId: number }> = [];
    while (out.length < n) {
      const s = routing.trySnap(point(), 20000);
      if (s) out.push(s);
    }
    return out;
  };
  let compared = 0,
    unreachable = 0,
    maxRel = 0;
  const perTarget = 25;
  for (let t = 0; t < pairs / perTarget; t++) {
    const [target] = snapSome(1);
    const sources = snapSome(perTarget);
    const ours = routing.manyToOne(target, sources).times;
    const theirs = await repo.pgrWithPointsCost(
      sources.map((s) => ({ edgeId: s.edgeId, fraction: s.fraction })),
      { edgeId: target.edgeId, fraction: target.fraction },
    );
    sources.forEach((_s, i) => {
      const a = ours[i]?.seconds ?? null;
      const b = theirs[i];
      // pgRouting answers nothing for a source on the target's own spot (cost 0)
      if (b === null && a !== null && a < 1e-6) return;
      if (a === null || b === null) {
        expect([a, b]).toEqual([null, null]);
        unreachable++;
      } else {
        expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.max(1, 0.005 * b));
        if (b > 0) maxRel = Math.max(maxRel, Math.abs(a - b) / b);
      }
      compared++;
    });
  }
  return { compared, unreachable, maxRel };
}

describe('routing: resident graph vs pgRouting, closures, tiles (real PostGIS + pgRouting)', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  let routing: RoutingService;
  let repo: RoadRepository;
  const post = (path: string, body: unknown) =>
    fetch(`${app.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    db = await createTestDb();
    ds = await testDataSource(db.url);
    await loadDemo(new Db(ds), DATA_DIR, { roads: 'none' });
    await importRoads(new Db(ds), 'sf', { kind: 'file', path: `${DATA_DIR}/roads/sf_central_drivable_roads.osm.geojson` });
    await importRoads(new Db(ds), 'jiangxi', { kind: 'synthetic', size: 'small' });
    app = await startApp(db.url);
    routing = app.app.get(RoutingService);
    await routing.whenLoaded();
    // the comparisons below are answered by the contraction hierarchy once it is built
    await waitFor(() => (routing.graphStatus().fast?.state === 'ready' ? true : undefined), 60000, 'the contraction hierarchy');
    repo = new RoadRepository(ds);
  });
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('equals pgr_withPointsCost on 300 random pairs on the real SF network', async () => {
    const r = await compareWithPgRouting(routing, repo, [-122.45, 37.76, -122.38, 37.8], 300, 7);
    expect(r.compared).toBeGreaterThanOrEqual(290);
    expect(r.maxRel).toBeLessThan(0.005);
  });

  it('equals pgr_withPointsCost on 300 random pairs on the synthetic Jiangxi network', async () => {
    const r = await compareWithPgRouting(routing, repo, [114.0, 24.6, 118.4, 30.0], 300, 11);
    expect(r.compared).toBeGreaterThanOrEqual(290);
    expect(r.maxRel).toBeLessThan(0.005);
  });

  it('reaches the same vertices as pgr_drivingDistance within 3, 5 and 10 minutes, ±1 s, on both networks', async () => {
    let compared = 0;
    for (const region of ['sf', 'jiangxi']) {
      const starts = (await ds.query(`SELECT source AS v FROM road_edge WHERE region = $1 AND NOT closed AND cost >= 0 ORDER BY md5(id::text) LIMIT 3`, [
        region,
      ])) as Array<{
        v: string;
      }>;
      for (const { v } of starts)
        for (const limit of [180, 300, 600]) {
          const ours = routing.reachFromVertex(Number(v), limit);
          const theirs = await repo.pgrDrivingDistance(Number(v), limit);
          // a vertex within the limit on one side is within it on the other (or lies within a second of the limit), at the same time
          for (const [a, b] of [
            [ours, theirs],
            [theirs, ours],
          ])
            for (const [node, t] of a) {
              const other = b.get(node);
              if (other === undefined) expect({ region, node, t, nearLimit: t > limit - 1 }).toEqual({ region, node, t, nearLimit: true });
              else expect(Math.abs(other - t)).toBeLessThanOrEqual(1);
            }
          compared += ours.size;
        }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('routes over HTTP with geometry, and the route time equals the travel-times answer', async () => {
    const from = { lon: -122.4194, lat: 37.7793 }; // Civic Center
    const to = { lon: -122.3936, lat: 37.7955 }; // Ferry Building
    const res = await post('/routes', { from, to });
    expect(res.status).toBe(200);
    const route = (await res.json()) as { seconds: number; meters: number; geometry: { coordinates: number[][] }; synthetic: boolean };
    expect(route.meters).toBeGreaterThan(2500);
    expect(route.meters).toBeLessThan(6000);
    expect(route.geometry.coordinates.length).toBeGreaterThan(5);
    const tt = await post('/routes/travel-times', {
      to,
      from: [
        { id: 'e1', ...from },
        { id: 'far', lon: -122.2, lat: 37.9 },
      ],
    });
    const body = (await tt.json()) as { results: Array<{ id: string; seconds?: number; error?: string }> };
    expect(body.results[0].seconds).toBeCloseTo(route.seconds, 6);
    expect(body.results[1]).toEqual({ id: 'far', error: 'off_network' });
  });

  it('a closure changes the route at once, in the resident graph and in pgRouting, and reopening restores it', async () => {
    const from = { lon: -122.4194, lat: 37.7793 };
    const to = { lon: -122.3936, lat: 37.7955 };
    const before = (await (await post('/routes', { from, to })).json()) as { seconds: number; edgeIds: number[] };
    const closed = before.edgeIds[Math.floor(before.edgeIds.length / 2)];
    const c = await post('/roads/closures', { edgeId: closed, reason: '道路积水 flooded' });
    expect(c.status).toBe(201);
    const { closureId } = (await c.json()) as { closureId: number };
    const after = (await (await post('/routes', { from, to })).json()) as { seconds: number; edgeIds: number[] };
    expect(after.edgeIds).not.toContain(closed);
    expect(after.seconds).toBeGreaterThan(before.seconds);
    // pgRouting reads the same record
    const a = routing.snap([from.lon, from.lat]);
    const b = routing.snap([to.lon, to.lat]);
    const [pgr] = await repo.pgrWithPointsCost([{ edgeId: a.edgeId, fraction: a.fraction }], { edgeId: b.edgeId, fraction: b.fraction });
    expect(Math.abs(pgr! - after.seconds)).toBeLessThan(Math.max(1, 0.005 * after.seconds));
    // closing twice is a conflict; the closure shows in the list
    expect((await post('/roads/closures', { edgeId: closed, reason: 'again' })).status).toBe(409);
    const list = (await (await fetch(`${app.url}/api/roads/closures`)).json()) as { features: Array<{ properties: { edgeId: number } }> };
    expect(list.features.map((f) => f.properties.edgeId)).toContain(closed);
    expect((await post(`/roads/closures/${closureId}/reopen`, { note: '积水已退' })).status).toBe(200);
    const again = (await (await post('/routes', { from, to })).json()) as { seconds: number };
    expect(again.seconds).toBeCloseTo(before.seconds, 6);
    expect((await post(`/roads/closures/${closureId}/reopen`, {})).status).toBe(409);
    expect((await post('/roads/closures/999999/reopen', {})).status).toBe(404);
  });

  it('a closure reaches the travel times at once while the hierarchy rebuilds in the background, and the rebuilt hierarchy answers the detour', async () => {
    const from = { lon: -122.4194, lat: 37.7793 };
    const to = { lon: -122.3936, lat: 37.7955 };
    const times = async () =>
      ((await (await post('/routes/travel-times', { to, from: [{ id: 'a', ...from }] })).json()) as { results: Array<{ seconds: number }> }).results[0].seconds;
    const fastBefore = await times();
    const route = (await (await post('/routes', { from, to })).json()) as { seconds: number; edgeIds: number[] };
    expect(fastBefore).toBeCloseTo(route.seconds, 6);
    const closed = route.edgeIds[Math.floor(route.edgeIds.length / 2)];
    const c = await post('/roads/closures', { edgeId: closed, reason: '塌方 landslide' });
    expect(c.status).toBe(201);
    const { closureId } = (await c.json()) as { closureId: number };
    // at once: the hierarchy is stale, the plain search answers the detour
    expect(routing.graphStatus().fast?.state).toBe('building');
    const detour = (await (await post('/routes', { from, to })).json()) as { seconds: number };
    expect(await times()).toBeCloseTo(detour.seconds, 6);
    expect(detour.seconds).toBeGreaterThan(fastBefore);
    await waitFor(() => (routing.graphStatus().fast?.state === 'ready' ? true : undefined), 60000, 'the rebuilt hierarchy');
    expect(await times()).toBeCloseTo(detour.seconds, 6);
    expect(routing.graphStatus().fast?.lastCatchUpSeconds).toBeGreaterThan(0);
    expect((await post(`/roads/closures/${closureId}/reopen`, { note: '已清理' })).status).toBe(200);
    expect(await times()).toBeCloseTo(fastBefore, 6);
    await waitFor(() => (routing.graphStatus().fast?.state === 'ready' ? true : undefined), 60000, 'the hierarchy after reopening');
    expect(await times()).toBeCloseTo(fastBefore, 6);
  });

  it('closing one road from two desks at once: one closure and a 409 naming it, ten times (was 201 + 500 on the unique index); two reopens: one 200, one 409', async () => {
    const edges = (await (await post('/routes', { from: { lon: -122.4194, lat: 37.7793 }, to: { lon: -122.3936, lat: 37.7955 } })).json()) as {
      edgeIds: number[];
    };
    for (const edgeId of edges.edgeIds.slice(0, 10)) {
      const both = await Promise.all([post('/roads/closures', { edgeId, reason: '事故 a' }), post('/roads/closures', { edgeId, reason: '事故 b' })]);
      expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
      const loser = (await both.find((r) => r.status === 409)!.json()) as { error: string; details: { closureId: number } };
      const { closureId } = (await both.find((r) => r.status === 201)!.json()) as { closureId: number };
      expect(loser).toMatchObject({ error: 'already_closed', details: { closureId } });
      const reopened = await Promise.all([post(`/roads/closures/${closureId}/reopen`, {}), post(`/roads/closures/${closureId}/reopen`, {})]);
      expect(reopened.map((r) => r.status).sort()).toEqual([200, 409]);
    }
  });

  it('a network imported by another process reaches this one without a restart', async () => {
    const edgesBefore = routing.graphStatus().edges!;
    const other = await testDataSource(db.url);
    try {
      await importRoads(new Db(other), 'west-oakland', { kind: 'file', path: `${DATA_DIR}/roads/west_oakland.osm` });
    } finally {
      await other.destroy();
    }
    await waitFor(() => (routing.graphStatus().edges! > edgesBefore ? true : undefined), 20000, 'the graph reload');
    expect(routing.trySnap([-122.3004, 37.8076], 200)).not.toBeNull();
  });

  it('refuses bad input with a 4xx naming the problem', async () => {
    const cases: Array<[string, unknown, number, RegExp]> = [
      ['/routes', { from: { lon: 'x', lat: 37.7 }, to: { lon: -122.4, lat: 37.79 } }, 400, /from\.lon must be a number/],
      ['/routes', { from: { lon: -122.4, lat: 95 }, to: { lon: -122.4, lat: 37.79 } }, 400, /from\.lat must not be greater than 90/],
      ['/routes', { from: { lon: 10, lat: 10 }, to: { lon: -122.4, lat: 37.79 } }, 422, /no open road within/],
      ['/routes', { from: { lon: -122.4, lat: 37.79 }, to: { lon: -122.41, lat: 37.78 }, extra: 1 }, 400, /property extra should not exist/],
      ['/routes/travel-times', { to: { lon: -122.4, lat: 37.79 }, from: [] }, 400, /from must contain at least 1 elements/],
      ['/roads/closures', { edgeId: -3, reason: 'x' }, 400, /edgeId must not be less than 1/],
      ['/roads/closures', { edgeId: 99999999, reason: 'x' }, 404, /road edge 99999999 not found/],
      ['/roads/closures', { edgeId: 5, reason: '' }, 400, /reason must be longer than or equal to 1/],
    ];
    for (const [path, body, status, msg] of cases) {
      const res = await post(path, body);
      const text = await res.text();
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(text).toMatch(msg);
    }
    const bad = await fetch(`${app.url}/api/routes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"from":' });
    expect(bad.status).toBe(400);
  });

  it('serves vector tiles of roads and boundaries, and refuses tiles that do not exist', async () => {
    // Nanchang at zoom 12 and the whole province at zoom 6
    for (const [layer, z, x, y] of [
      ['roads', 12, 3366, 1708],
      ['roads', 6, 52, 26],
      ['boundaries', 6, 52, 26],
    ] as const) {
      const res = await fetch(`${app.url}/api/tiles/${layer}/${z}/${x}/${y}.mvt`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBeGreaterThan(100);
      expect(bytes.includes(Buffer.from(layer))).toBe(true); // the layer name is in the tile
    }
    expect((await fetch(`${app.url}/api/tiles/roads/3/0/0.mvt`)).status).toBe(204); // open ocean
    expect((await fetch(`${app.url}/api/tiles/roads/23/0/0.mvt`)).status).toBe(400);
    expect((await fetch(`${app.url}/api/tiles/roads/2/4/0.mvt`)).status).toBe(400);
    expect((await fetch(`${app.url}/api/tiles/hydrants/2/0/0.mvt`)).status).toBe(400);
  });
});
