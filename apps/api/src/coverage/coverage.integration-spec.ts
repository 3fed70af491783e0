import { createTestDb, TestDb } from '@gan119/testing';
import { LonLat } from '@gan119/geo';
import { DataSource } from 'typeorm';
import { DATA_DIR, testDataSource } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { loadDemo } from '../demo/load-demo';
import { Db } from '../infra/db/unit-of-work';
import { RoutingService } from '../roads/routing.service';
import { CoverageAnswer } from './coverage.service';
import { FirstEngineLayer } from './first-engine';

/**
 * The coverage report on the demo roster and the small synthetic Jiangxi network, checked against the
 * travel times of the routing service's own searches (the contraction hierarchy: another code path)
 * from every station to the places and key units.
 */
describe('coverage: the stations’ reach by county, city and province (real PostGIS, resident graph)', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  let routing: RoutingService;
  const get = async (query = '') => {
    const r = await fetch(`${app.url}/api/coverage/report${query}`);
    return { status: r.status, body: (await r.json()) as CoverageAnswer & { error?: string; message?: string | string[] } };
  };

  beforeAll(async () => {
    db = await createTestDb();
    ds = await testDataSource(db.url);
    await loadDemo(new Db(ds), DATA_DIR, { roads: 'small' });
    app = await startApp(db.url);
    routing = app.app.get(RoutingService);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('sums counties into cities and the province, and grows with the threshold', async () => {
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body.turnout).toBe('excluded');
    expect(body.stations.onNetwork).toBeGreaterThan(300);
    expect(body.counties).toHaveLength(100);
    const sum = (xs: Array<{ roadKm: number }>) => xs.reduce((s, x) => s + x.roadKm, 0);
    expect(Math.abs(sum(body.counties) - body.province.roadKm)).toBeLessThan(1);
    expect(Math.abs(sum(body.cities) - body.province.roadKm)).toBeLessThan(1);
    expect(body.province.places).toBe(body.counties.reduce((s, c) => s + c.places, 0));
    for (const a of [body.province, ...body.cities, ...body.counties]) {
      for (let k = 1; k < a.withinKm.length; k++) {
        expect(a.withinKm[k]).toBeGreaterThanOrEqual(a.withinKm[k - 1]);
        expect(a.placesWithin[k]).toBeGreaterThanOrEqual(a.placesWithin[k - 1]);
      }
      expect(a.withinKm[3]).toBeLessThanOrEqual(a.roadKm + 0.1);
      for (const s of a.roadShare) if (s !== null) expect(s >= 0 && s <= 1).toBe(true);
    }
    // the built-up streets: part of the road, a share within each threshold growing with it
    expect(body.province.builtUpKm).toBeGreaterThan(10);
    expect(body.province.builtUpKm).toBeLessThan(body.province.roadKm);
    expect(Math.abs(body.counties.reduce((s, c) => s + c.builtUpKm, 0) - body.province.builtUpKm)).toBeLessThan(1);
    for (let k = 1; k < 4; k++) expect(body.province.builtUpShare[k] ?? 0).toBeGreaterThanOrEqual(body.province.builtUpShare[k - 1] ?? 0);
    expect(body.province.roadShare[1]).toBeGreaterThan(0.05);
    expect(body.province.roadShare[1]).toBeLessThan(1);
  });

  it('times places and key units from the nearest station as the routing searches do (±1 s)', async () => {
    const { body } = await get();
    const stations = (await ds.query('SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM station')) as Array<{ lon: number; lat: number }>;
    const snaps = stations.map((s) => routing.trySnap([s.lon, s.lat] as LonLat)).filter((s): s is NonNullable<typeof s> => s !== null);
    const nearest = (p: { lon: number; lat: number }) => {
      const at = routing.trySnap([p.lon, p.lat] as LonLat);
      if (!at) return null;
      const times = routing.manyToOne(at, snaps, { paths: false }).times.map((t) => t?.seconds ?? Infinity);
      return Math.min(...times);
    };
    // the places beyond 5 minutes, each at its time
    expect(body.outside.length).toBeGreaterThan(0);
    for (const p of body.outside.slice(0, 40)) {
      const want = nearest(p);
      // beyond the largest threshold (10 minutes) the report says null
      if (want === null || want > 600) expect(p.seconds).toBeNull();
      else expect(Math.abs((p.seconds ?? NaN) - want)).toBeLessThanOrEqual(1);
    }
    // and every place counted within 5 minutes is: the province's count equals the places whose time is within 5 minutes
    const places = (await ds.query(`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, county_adcode AS c FROM place WHERE kind IN ('residential', 'village', 'school', 'hospital')`)) as Array<{
      lon: number;
      lat: number;
      c: number | null;
    }>;
    const within = places.filter((p) => p.c !== null && (nearest(p) ?? Infinity) <= 300).length;
    expect(Math.abs(body.province.placesWithin[1] - within)).toBeLessThanOrEqual(2); // a place within a second of the threshold may fall either side
    for (const u of body.keyUnits) {
      const [k] = (await ds.query('SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM key_unit WHERE id = $1', [u.id])) as [
        { lon: number; lat: number },
      ];
      const want = nearest(k);
      if (want === null || want > 600) expect(u.firstSeconds).toBeNull();
      else expect(Math.abs((u.firstSeconds ?? NaN) - want)).toBeLessThanOrEqual(1);
    }
    // high-risk key units say how many stations reach them within 8 minutes; capabilities cover no more than all stations do
    expect(body.keyUnits.some((u) => u.hazards.length > 0 && u.stationsWithin8 !== null)).toBe(true);
    const firstDue = body.province.keyUnitsWithin[1];
    for (const c of body.capabilities) expect(c.keyUnitsWithin).toBeLessThanOrEqual(firstDue);
    expect(firstDue).toBeGreaterThan(0);
    // water tenders stand in most stations: they reach most of what the nearest station reaches
    expect(body.capabilities.find((c) => c.capability === 'water')?.keyUnitsWithin).toBeGreaterThan(firstDue / 2);
  });

  it('with turnout included covers less, and refuses a turnout it does not know', async () => {
    const a = (await get()).body;
    const b = await get('?turnout=included');
    expect(b.status).toBe(200);
    expect(b.body.turnout).toBe('included');
    for (let k = 0; k < 4; k++) expect(b.body.province.withinKm[k]).toBeLessThanOrEqual(a.province.withinKm[k]);
    expect(b.body.province.withinKm[1]).toBeLessThan(a.province.withinKm[1]);
    const bad = await get('?turnout=maybe');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('turnout');
  });

  it('draws one station’s reach: nested areas around it, growing with the threshold; refuses a station it does not know', async () => {
    const [{ id }] = (await ds.query(`SELECT id FROM station WHERE kind = 'class1' ORDER BY id LIMIT 1`)) as [{ id: number }];
    const r = await fetch(`${app.url}/api/coverage/stations/${id}/reach`);
    expect(r.status).toBe(200);
    type Reach = { turnoutSeconds: number; thresholds: Array<{ seconds: number; vertices: number; roadKm: number; areaKm2: number; polygon: object | null }> };
    const a = (await r.json()) as Reach;
    expect(a.thresholds.map((x) => x.seconds)).toEqual([180, 300, 480, 600]);
    expect(a.thresholds[3].vertices).toBeGreaterThan(10);
    for (let k = 1; k < 4; k++) {
      expect(a.thresholds[k].vertices).toBeGreaterThanOrEqual(a.thresholds[k - 1].vertices);
      expect(a.thresholds[k].roadKm).toBeGreaterThanOrEqual(a.thresholds[k - 1].roadKm);
      expect(a.thresholds[k].areaKm2).toBeGreaterThanOrEqual(a.thresholds[k - 1].areaKm2);
    }
    // the 10-minute area holds the station (within a few hundred metres of its road) and the 5-minute one (to a metre: the GeoJSON's 6 decimals)
    const [{ lon, lat }] = (await ds.query('SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM station WHERE id = $1', [id])) as [{ lon: number; lat: number }];
    const offRoadM = routing.trySnap([lon, lat] as LonLat)?.distanceM ?? 0;
    const [{ holds, nested }] = (await ds.query(
      `SELECT ST_DWithin(ST_GeomFromGeoJSON($1)::geography, s.geom::geography, $4::float8 + 500) AS holds,
              ST_Covers(ST_Buffer(ST_GeomFromGeoJSON($1), 0.00001), ST_GeomFromGeoJSON($2)) AS nested
         FROM station s WHERE s.id = $3`,
      [JSON.stringify(a.thresholds[3].polygon), JSON.stringify(a.thresholds[1].polygon), id, offRoadM],
    )) as [{ holds: boolean; nested: boolean }];
    expect({ holds, nested }).toEqual({ holds: true, nested: true });
    const withTurnout = (await (await fetch(`${app.url}/api/coverage/stations/${id}/reach?turnout=included`)).json()) as Reach;
    expect(withTurnout.turnoutSeconds).toBeGreaterThan(0);
    expect(withTurnout.thresholds[1].roadKm).toBeLessThan(a.thresholds[1].roadKm);
    expect((await fetch(`${app.url}/api/coverage/stations/999999/reach`)).status).toBe(404);
    expect((await fetch(`${app.url}/api/coverage/stations/abc/reach`)).status).toBe(400);
    expect((await fetch(`${app.url}/api/coverage/stations/${id}/reach?turnout=sometimes`)).status).toBe(400);
  });

  it('proposes new stations where they cover most of what no station reaches, and scores sites the planner moves', async () => {
    const post = async (path: string, body: unknown) => {
      const r = await fetch(`${app.url}/api/coverage/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> & { message?: unknown; error?: string } };
    };
    type Proposal = { lon: number; lat: number; gain: number; places: number; keyUnits: number; near: string | null };
    type Figures = { weight: number; places: number; keyUnits: number };
    const r = await post('siting', { n: 3 });
    expect(r.status).toBe(200);
    const a = r.body as unknown as { before: Figures; after: Figures; gained: number; candidates: number; proposals: Proposal[] };
    expect(a.proposals).toHaveLength(3);
    for (let k = 1; k < 3; k++) expect(a.proposals[k].gain).toBeLessThanOrEqual(a.proposals[k - 1].gain);
    expect(a.after.weight).toBe(a.before.weight + a.gained);
    expect(a.gained).toBe(a.proposals.reduce((w, p) => w + p.gain, 0));
    expect(a.proposals[0].near).toEqual(expect.any(String));
    // the first site's new places, counted again with the routing service's own searches: within 5 minutes of the site, beyond 5 of every station
    const stations = (await ds.query('SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM station')) as Array<{ lon: number; lat: number }>;
    const stationSnaps = stations.map((x) => routing.trySnap([x.lon, x.lat] as LonLat)).filter((x): x is NonNullable<typeof x> => x !== null);
    const places = (await ds.query(`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM place WHERE kind IN ('residential', 'village', 'school', 'hospital')`)) as Array<{
      lon: number;
      lat: number;
    }>;
    const placeSnaps = places.map((p) => routing.trySnap([p.lon, p.lat] as LonLat)).filter((x): x is NonNullable<typeof x> => x !== null);
    const site = routing.trySnap([a.proposals[0].lon, a.proposals[0].lat] as LonLat)!;
    const fromSite = routing.oneToMany(site, placeSnaps, 300);
    const fresh = placeSnaps.filter((p, i) => {
      if (!fromSite[i]) return false;
      const times = routing.manyToOne(p, stationSnaps, { maxSeconds: 300, paths: false }).times;
      return times.every((t) => t === null || t.seconds > 300);
    });
    expect(Math.abs(fresh.length - a.proposals[0].places)).toBeLessThanOrEqual(1);
    // the planner's what-if: the same sites score the same; one moved far off scores less
    const same = await post('siting/evaluate', { sites: a.proposals.map((p) => ({ lon: p.lon, lat: p.lat })) });
    expect(same.status).toBe(200);
    expect((same.body.proposals as Proposal[]).map((p) => p.gain)).toEqual(a.proposals.map((p) => p.gain));
    const moved = await post('siting/evaluate', { sites: [{ lon: a.proposals[0].lon + 0.05, lat: a.proposals[0].lat + 0.05 }] });
    expect(moved.status).toBe(200);
    expect((moved.body.proposals as Proposal[])[0].gain).toBeLessThanOrEqual(a.proposals[0].gain);
    // bad input: a count out of range or not a number, a site far from any road, nothing to site
    for (const n of [0, 116, 'x', 2.5]) {
      const bad = await post('siting', { n });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.message)).toContain('n must');
    }
    expect((await post('siting/evaluate', { sites: [] })).status).toBe(400);
    const far = await post('siting/evaluate', { sites: [{ lon: 100, lat: 10 }] });
    expect([far.status, far.body.error]).toEqual([422, 'site_off_network']);
  });

  it('stores the first-engine layer as the routing searches time it, serves it as vector tiles, and computes it again when a road closes', async () => {
    const layer = app.app.get(FirstEngineLayer);
    // (the in-process worker computes it too: one of the two writes it, and then it is current)
    for (let i = 0; i < 5 && (await layer.refreshIfStale()); i++) await new Promise((r) => setTimeout(r, 200));
    expect(await layer.refreshIfStale()).toBe(false); // nothing changed
    const status = (await (await fetch(`${app.url}/api/coverage/first-engine`)).json()) as { current: boolean; edges: number };
    expect(status.current).toBe(true);
    expect(status.edges).toBeGreaterThan(1000);
    // edges' middles timed from every station by the contraction hierarchy (another code path): the same, ±1 s
    const stations = (await ds.query('SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM station')) as Array<{ lon: number; lat: number }>;
    const snaps = stations.map((s) => routing.trySnap([s.lon, s.lat] as LonLat)).filter((s): s is NonNullable<typeof s> => s !== null);
    const sample = (await ds.query(
      `SELECT r.edge_id AS id, r.seconds, greatest(e.cost, e.reverse_cost) AS cost, ST_X(ST_LineInterpolatePoint(e.geom, 0.5)) AS lon, ST_Y(ST_LineInterpolatePoint(e.geom, 0.5)) AS lat
         FROM reach_edge r JOIN road_edge e ON e.id = r.edge_id ORDER BY md5(r.edge_id::text) LIMIT 40`,
    )) as Array<{ id: string; seconds: number; cost: number; lon: number; lat: number }>;
    let compared = 0;
    for (const x of sample) {
      const at = routing.trySnap([x.lon, x.lat] as LonLat);
      if (!at || routing.edgeId(at.edge) !== Number(x.id) || Math.abs(at.fraction - 0.5) > 0.01) continue; // the middle snapped elsewhere (a crossing road)
      const want = Math.min(...routing.manyToOne(at, snaps, { paths: false }).times.map((t) => t?.seconds ?? Infinity));
      // ±1 s, and what the snapped point lies off the middle (the snap measures along the line in degrees, the layer in metres)
      expect(Math.abs(x.seconds - want)).toBeLessThanOrEqual(1 + Math.abs(at.fraction - 0.5) * x.cost);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
    // a tile over a station holds the layer
    const [st] = (await ds.query('SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM station ORDER BY id LIMIT 1')) as Array<{ lon: number; lat: number }>;
    const z = 12,
      tx = Math.floor(((st.lon + 180) / 360) * 2 ** z),
      ty = Math.floor(((1 - Math.log(Math.tan((st.lat * Math.PI) / 180) + 1 / Math.cos((st.lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
    const tile = await fetch(`${app.url}/api/tiles/first_engine/${z}/${tx}/${ty}.mvt`);
    expect(tile.status).toBe(200);
    expect((await tile.arrayBuffer()).byteLength).toBeGreaterThan(100);
    // a road closed: the layer is computed again (its stamp names the closures)
    const first = (await ds.query('SELECT stamp FROM reach_state')) as Array<{ stamp: string }>;
    const [edge] = (await ds.query('SELECT edge_id AS id FROM reach_edge ORDER BY seconds LIMIT 1')) as Array<{ id: string }>;
    const closed = await fetch(`${app.url}/api/roads/closures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ edgeId: Number(edge.id), reason: '测试封路' }) });
    expect(closed.status).toBe(201);
    const before = (await ds.query('SELECT seconds FROM reach_edge WHERE edge_id = $1', [edge.id])) as unknown[];
    expect(before).toHaveLength(1);
    for (let i = 0; i < 5 && (await layer.refreshIfStale()); i++) await new Promise((r) => setTimeout(r, 200));
    // a closed road is not driven: its time is gone or longer (reached from its ends only, if at all)
    expect(((await (await fetch(`${app.url}/api/coverage/first-engine`)).json()) as { current: boolean }).current).toBe(true);
    const stamp = (await ds.query('SELECT stamp FROM reach_state')) as Array<{ stamp: string }>;
    expect(stamp[0].stamp).not.toBe(first[0].stamp);
  });

  it('covers a drawn area as the report covers the same county; refuses a polygon that is not one', async () => {
    const post = async (body: unknown) => {
      const r = await fetch(`${app.url}/api/coverage/area`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> & { message?: string } };
    };
    const { body: report } = await get();
    // the county with the most road among those drawn with few vertices
    const [county] = (await ds.query(
      `SELECT adcode, ST_AsGeoJSON(geom)::json AS g FROM admin_area WHERE level = 'county' AND ST_NPoints(geom) < 3000 AND adcode = ANY($1::int[]) ORDER BY ST_NPoints(geom) DESC LIMIT 1`,
      [report.counties.filter((c) => c.roadKm > 50).map((c) => c.adcode)],
    )) as Array<{ adcode: number; g: object }>;
    const want = report.counties.find((c) => c.adcode === county.adcode)!;
    const a = await post({ polygon: county.g });
    expect(a.status).toBe(200);
    const got = a.body as unknown as { roadKm: number; withinKm: number[]; places: number; placesWithin: number[]; km2: number; stations: Array<{ roadKm: number }> };
    expect(Math.abs(got.roadKm - want.roadKm)).toBeLessThanOrEqual(0.1);
    got.withinKm.forEach((km, k) => expect(Math.abs(km - want.withinKm[k])).toBeLessThanOrEqual(0.1));
    expect(Math.abs(got.places - want.places)).toBeLessThanOrEqual(1);
    expect(got.km2).toBeGreaterThan(10);
    expect(got.stations.length).toBeGreaterThan(0);
    // not a polygon, not closed, empty, crossing itself: 400 naming it
    const ring = [[115.8, 28.6], [115.9, 28.6], [115.9, 28.7], [115.8, 28.7], [115.8, 28.6]];
    const cases: Array<[unknown, RegExp]> = [
      [{}, /polygon must be/],
      [{ polygon: 'square' }, /polygon must be/],
      [{ polygon: { type: 'Point', coordinates: [115.8, 28.6] } }, /Polygon or MultiPolygon/],
      [{ polygon: { type: 'Polygon', coordinates: [] } }, /array of rings/],
      [{ polygon: { type: 'Polygon', coordinates: [ring.slice(0, 4)] } }, /not closed/],
      [{ polygon: { type: 'Polygon', coordinates: [[[115.8, 28.6], [115.9, 28.7], [115.9, 28.6], [115.8, 28.7], [115.8, 28.6]]] } }, /Self-intersection/i],
      [{ polygon: { type: 'Polygon', coordinates: [ring] }, turnout: 'sometimes' }, /turnout/],
    ];
    for (const [body, message] of cases) {
      const r = await post(body);
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expect(JSON.stringify(r.body.message)).toMatch(message);
    }
  });

  it('refuses to site more stations than there are places beyond 5 minutes', async () => {
    // (last: it empties the demand) two places left beyond 5 minutes, and no key unit
    const { body } = await get();
    const keep = body.outside.slice(0, 2).map((p) => p.id);
    await ds.query('DELETE FROM key_unit');
    await ds.query('DELETE FROM place WHERE NOT (id = ANY($1::int[]))', [keep]);
    const r = await fetch(`${app.url}/api/coverage/siting`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: 3 }) });
    expect(r.status).toBe(422);
    const b = (await r.json()) as { error: string; message: string; details: { candidates: number } };
    expect(b.error).toBe('siting_too_many');
    expect(b.details.candidates).toBe(2);
  });
});
