import { createTestDb, TestDb } from '@gan119/testing';
import { fromWgs84, haversineM } from '@gan119/geo';
import { DataSource } from 'typeorm';
import { DATA_DIR, testDataSource } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { loadDemo } from '../demo/load-demo';
import { importRoads } from '../roads/import/import-roads';
import { INCIDENT_TYPES } from '@gan119/dispatch';
import { waitFor } from '../../test/wait';
import { RoutingService } from '../roads/routing.service';
import { AvlService } from '../forces/avl.service';
import { recommendUnits } from './recommend-units';
import { Db } from '../infra/db/unit-of-work';

type Incident = {
  id: number;
  lon: number;
  lat: number;
  state: string;
  level: number;
  cityAdcode: number;
  countyName: string;
  original: { crs: string; lon: number; lat: number };
};
type Pick = {
  unitId: number;
  name: string;
  capability: string;
  etaS: number;
  roadM: number;
  crossJurisdiction: boolean;
  cityAdcode: number;
  why: string;
  route: { coordinates: number[][] } | null;
};
type Rec = {
  picks: Pick[];
  needed: Array<{ capability: string; count: number }>;
  shortfall: unknown[];
  notifyCities: Array<{ adcode: number; name: string }>;
  firstWaterEtaS: number | null;
  assembly: { name: string; arrivals: unknown[]; toSceneS: number } | null;
};

describe('incident intake and graded dispatch (real PostGIS, pgRouting, Redis)', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const r = await fetch(`${app.url}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as T };
  };
  const intake = (over: Record<string, unknown> = {}) =>
    call<{ incident: Incident; duplicates: Array<{ id: number }> }>('POST', '/incidents', {
      type: 'building_fire',
      level: 1,
      location: { lon: 115.8873, lat: 28.6799, crs: 'WGS84' },
      source: 'phone',
      callerNumber: '13800000000',
      ...over,
    });

  beforeAll(async () => {
    db = await createTestDb();
    ds = await testDataSource(db.url);
    await loadDemo(new Db(ds), DATA_DIR, { roads: 'none' });
    await importRoads(new Db(ds), 'jiangxi', { kind: 'synthetic', size: 'small' });
    app = await startApp(db.url);
  });
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('takes a GCJ-02 location, stores WGS84 within a metre of the truth, keeps the original, finds the jurisdiction', async () => {
    const truth: [number, number] = [115.9012, 28.6621];
    const gcj = fromWgs84(truth, 'GCJ02');
    const r = await intake({ location: { lon: gcj[0], lat: gcj[1], crs: 'GCJ02' } });
    expect(r.status).toBe(201);
    expect(haversineM([r.body.incident.lon, r.body.incident.lat], truth)).toBeLessThan(1);
    expect(haversineM(gcj, truth)).toBeGreaterThan(300); // the offset that was removed
    expect(r.body.incident.original).toEqual({ crs: 'GCJ02', lon: gcj[0], lat: gcj[1] });
    expect(r.body.incident.cityAdcode).toBe(360100);
    const bd = fromWgs84(truth, 'BD09');
    const r2 = await intake({ location: { lon: bd[0], lat: bd[1], crs: 'BD09' } });
    expect(haversineM([r2.body.incident.lon, r2.body.incident.lat], truth)).toBeLessThan(1);
  });

  it('refuses locations outside the service area, untagged or malformed, and bad fields, changing nothing', async () => {
    const [{ n: before }] = (await ds.query('SELECT count(*)::int AS n FROM incident')) as [{ n: number }];
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ location: { lon: 121.47, lat: 31.23, crs: 'WGS84' } }, 400, /outside the service area/],
      [{ location: { lon: 115.9, lat: 28.7 } }, 400, /location\.crs must be one of/],
      [{ location: { lon: '115.9', lat: 28.7, crs: 'WGS84' } }, 400, /location\.lon must be a number/],
      [{ location: { lon: 28.7, lat: 115.9, crs: 'WGS84' } }, 400, /location\.lat must not be greater than 90/],
      [{ location: { lon: 0, lat: 0, crs: 'WGS84' } }, 400, /outside the service area/],
      [{ level: 6 }, 400, /level must be one of/],
      [{ type: 'alien_invasion' }, 400, /type must be one of/],
      [{ callerNumber: 'DROP TABLE' }, 400, /callerNumber must be a phone number/],
      [{ state: 'closed' }, 400, /property state should not exist/],
    ];
    for (const [over, status, msg] of cases) {
      const r = await intake(over);
      expect({ over, status: r.status }).toEqual({ over, status });
      expect(JSON.stringify(r.body)).toMatch(msg);
    }
    const [{ n: after }] = (await ds.query('SELECT count(*)::int AS n FROM incident')) as [{ n: number }];
    expect(after).toBe(before);
  });

  it('flags a duplicate alarm, and merging keeps both callers and timelines', async () => {
    const first = await intake({ location: { lon: 116.05, lat: 28.75, crs: 'WGS84' }, callerNumber: '13911111111' });
    const second = await intake({ location: { lon: 116.0505, lat: 28.7502, crs: 'WGS84' }, callerNumber: '13922222222', type: 'traffic' });
    expect(second.body.duplicates.map((d) => d.id)).toEqual([first.body.incident.id]);
    const merged = await call<Incident>('POST', `/incidents/${second.body.incident.id}/merge`, { into: first.body.incident.id });
    expect(merged.status).toBe(200);
    const detail = await call<{ callers: Array<{ number: string }>; timeline: Array<{ action: string }> }>('GET', `/incidents/${first.body.incident.id}`);
    expect(detail.body.callers.map((c) => c.number)).toEqual(['13911111111', '13922222222']);
    expect(detail.body.timeline.map((t) => t.action)).toEqual(['created', 'merged:created', 'merged:merged', 'merge']);
    const dup = await call<Incident & { mergedInto: number }>('GET', `/incidents/${second.body.incident.id}`);
    expect(dup.body).toMatchObject({ state: 'closed', mergedInto: first.body.incident.id });
  });

  it('validates and stores response plans', async () => {
    const bad = await call<{ message: string }>('PUT', '/response-plans/building_fire/2', {
      requirements: [{ capability: 'water', count: 1 }],
      assembly: false,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toMatch(/less than the level below/);
    const tooBig = await call<{ message: string }>('PUT', '/response-plans/building_fire/2', {
      requirements: [
        { capability: 'water', count: 50 },
        { capability: 'aerial', count: 1 },
        { capability: 'command', count: 1 },
      ],
      assembly: false,
    });
    expect(tooBig.body.message).toMatch(/more than level 3/);
    expect((await call('PUT', '/response-plans/building_fire/9', { requirements: [], assembly: false })).status).toBe(400);
    const ok = await call<{ requirements: unknown[]; source: string }>('PUT', '/response-plans/building_fire/2', {
      requirements: [
        { capability: 'water', count: 5 },
        { capability: 'aerial', count: 1 },
        { capability: 'command', count: 1 },
      ],
      assembly: false,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.source).toBe('stored');
  });

  it('recommends the fastest capable units by road, with explanations and routes, and assigns them', async () => {
    const inc = (await intake({ level: 2 })).body.incident;
    const rec = await call<Rec>('POST', `/incidents/${inc.id}/recommendation`, {});
    expect(rec.status).toBe(200);
    expect(rec.body.shortfall).toEqual([]);
    expect(rec.body.picks.filter((p) => p.capability === 'water')).toHaveLength(5); // the stored plan above
    expect(rec.body.picks.every((p) => p.route && p.route.coordinates.length >= 2 && p.why.length > 10)).toBe(true);
    const etas = rec.body.picks.map((p) => p.etaS);
    expect([...etas].sort((a, b) => a - b)).toEqual(etas);
    const assigned = await call<{ assignments: Array<{ orderId: string }> }>('POST', `/incidents/${inc.id}/assignments`, {
      units: rec.body.picks.map((p) => ({ unitId: p.unitId, capability: p.capability, etaS: p.etaS })),
    });
    expect(assigned.status).toBe(201);
    expect(assigned.body.assignments).toHaveLength(rec.body.picks.length);
    const [{ orders }] = (await ds.query('SELECT count(*)::int AS orders FROM dispatch_order WHERE incident_id = $1', [inc.id])) as [{ orders: number }];
    expect(orders).toBe(rec.body.picks.length);
    // everything is covered now: nothing more is needed
    expect((await call<Rec>('POST', `/incidents/${inc.id}/recommendation`, {})).body.needed).toEqual([]);
    // raising the level plans for the difference only
    await call('POST', `/incidents/${inc.id}/level`, { level: 3 });
    const more = await call<Rec>('POST', `/incidents/${inc.id}/recommendation`, {});
    expect(more.body.needed).toEqual(
      expect.arrayContaining([
        { capability: 'water', count: 3 },
        { capability: 'aerial', count: 1 },
      ]),
    );
    expect(more.body.picks.some((p) => rec.body.picks.some((q) => q.unitId === p.unitId))).toBe(false);
    // a unit on an incident is freed by the incident, not by a status change
    const busy = await call<{ error: string }>('POST', `/units/${rec.body.picks[0].unitId}/status`, { to: 'available' });
    expect(busy.status).toBe(409);
    expect(busy.body.error).toBe('still_assigned');
    // release one, then close: the units go back, the timeline has it all
    const released = rec.body.picks[0].unitId;
    expect((await call('POST', `/incidents/${inc.id}/release`, { unitId: released })).status).toBe(200);
    expect((await call('POST', `/incidents/${inc.id}/release`, { unitId: released })).status).toBe(404);
    expect((await call<Incident>('POST', `/incidents/${inc.id}/state`, { to: 'under_control' })).status).toBe(409); // not before on scene
    expect((await call<Incident>('POST', `/incidents/${inc.id}/state`, { to: 'on_scene' })).status).toBe(200);
    expect((await call<Incident>('POST', `/incidents/${inc.id}/state`, { to: 'closed' })).status).toBe(200);
    const detail = await call<{ state: string; assignments: unknown[]; timeline: Array<{ action: string; before: unknown; after: unknown }> }>(
      'GET',
      `/incidents/${inc.id}`,
    );
    expect(detail.body.state).toBe('closed');
    expect(detail.body.assignments).toEqual([]);
    expect(detail.body.timeline.map((t) => t.action)).toEqual(['created', 'assigned', 'level', 'released', 'state', 'state']);
    expect(detail.body.timeline[2]).toMatchObject({ before: { level: 2 }, after: { level: 3 } });
    const [{ free }] = (await ds.query(`SELECT count(*)::int AS free FROM unit WHERE id = ANY($1) AND status = 'available'`, [
      rec.body.picks.map((p) => p.unitId),
    ])) as [{ free: number }];
    expect(free).toBe(rec.body.picks.length); // never left the station: available again
    expect((await call('POST', `/incidents/${inc.id}/assignments`, { units: [{ unitId: released, capability: 'water' }] })).status).toBe(409); // closed
  });

  it('crosses the city border when the local 支队 cannot cover the plan, and says whom to notify', async () => {
    // Pingxiang's own rescue units are out of service: the nearest come from a neighbouring city
    await ds.query(
      `UPDATE unit u SET status = 'out_of_service', status_reason = 'test' FROM station s WHERE s.id = u.station_id AND s.city_adcode = 360300 AND 'rescue' = ANY(u.capabilities)`,
    );
    const inc = (await intake({ type: 'traffic', level: 1, location: { lon: 113.854, lat: 27.623, crs: 'WGS84' } })).body.incident;
    expect(inc.cityAdcode).toBe(360300);
    const rec = await call<Rec>('POST', `/incidents/${inc.id}/recommendation`, {});
    const rescue = rec.body.picks.find((p) => p.capability === 'rescue')!;
    expect(rescue.crossJurisdiction).toBe(true);
    expect(rec.body.notifyCities.map((c) => c.adcode)).toContain(rescue.cityAdcode);
    expect(rescue.why).toMatch(/跨区增援/);
  });

  it('brings the provincial teams to a level-4 earthquake through an assembly point', async () => {
    const inc = (await intake({ type: 'earthquake', level: 4, location: { lon: 115.0, lat: 27.1, crs: 'WGS84' } })).body.incident;
    const rec = await call<Rec>('POST', `/incidents/${inc.id}/recommendation`, {});
    expect(rec.status).toBe(200);
    const caps = rec.body.picks.map((p) => p.capability);
    expect(caps).toEqual(expect.arrayContaining(['earthquake_rescue', 'mobile_brigade']));
    expect(rec.body.assembly).not.toBeNull();
    expect(rec.body.assembly!.arrivals.length).toBeGreaterThan(2);
    expect(rec.body.assembly!.toSceneS).toBeGreaterThanOrEqual(0);
  });

  it('proposes exactly what a search to every unit would, by the contraction hierarchy (every candidate timed) and by the plain search stopped once the plan is settled', async () => {
    const deps = { db: new Db(ds), routing: app.app.get(RoutingService), avl: app.app.get(AvlService) };
    await waitFor(() => (deps.routing.graphStatus().fast?.state === 'ready' ? true : undefined), 60000, 'the contraction hierarchy');
    const seats = (
      (await ds.query(`SELECT ST_X(seat) AS lon, ST_Y(seat) AS lat FROM admin_area WHERE level = 'county' ORDER BY adcode`)) as Array<{
        lon: number;
        lat: number;
      }>
    ).filter((p) => deps.routing.trySnap([p.lon + 0.01, p.lat]));
    expect(seats.length).toBeGreaterThan(10); // the small test network covers part of the province
    let stoppedEarly = 0;
    for (let i = 0; i < 24; i++) {
      const seat = seats[(i * 7) % seats.length];
      const created = await intake({
        type: INCIDENT_TYPES[i % INCIDENT_TYPES.length],
        level: 1 + (i % 5),
        location: { lon: seat.lon + 0.01, lat: seat.lat, crs: 'WGS84' },
      });
      const id = created.body.incident.id;
      const hierarchy = await recommendUnits(deps, id);
      const fast = await recommendUnits(deps, id, { plainSearch: true });
      const full = await recommendUnits(deps, id, { exhaustive: true });
      const picksOf = (r: typeof full) => r.picks.map((p) => [p.unitId, p.capability, +p.etaS.toFixed(6)]);
      expect(picksOf(fast)).toEqual(picksOf(full));
      expect(picksOf(hierarchy)).toEqual(picksOf(full));
      expect(fast.shortfall).toEqual(full.shortfall);
      expect(hierarchy.shortfall).toEqual(full.shortfall);
      expect(hierarchy.candidates.filter((c) => c.etaAtLeastS != null)).toEqual([]);
      // a unit the search did not finish is marked with the least it would take, never as unreachable
      for (const c of fast.candidates.filter((x) => x.etaAtLeastS != null)) {
        const exact = full.candidates.find((x) => x.unitId === c.unitId)!;
        if (exact.etaS !== null) expect(exact.etaS).toBeGreaterThanOrEqual(c.etaAtLeastS! - 1e-6);
      }
      if (fast.candidates.some((x) => x.etaAtLeastS != null)) stoppedEarly++;
      await call('POST', `/incidents/${id}/state`, { to: 'closed' });
    }
    expect(stoppedEarly).toBeGreaterThan(5);
  });

  it('lets exactly one of many dispatchers assign a unit, in 100 real races (800 requests)', async () => {
    const incidents: number[] = [];
    for (let i = 0; i < 8; i++) incidents.push((await intake({ location: { lon: 114.93 + i * 0.01, lat: 25.83, crs: 'WGS84' } })).body.incident.id);
    const units = (await ds.query(
      `SELECT id, code FROM unit WHERE status = 'available' AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = unit.id AND a.status = 'active') ORDER BY id LIMIT 100`,
    )) as Array<{ id: number; code: string }>;
    expect(units).toHaveLength(100);
    let wins = 0,
      conflicts = 0;
    for (const u of units) {
      const results = await Promise.all(
        incidents.map((id) =>
          call<{ error?: string; message?: string }>('POST', `/incidents/${id}/assignments`, { units: [{ unitId: u.id, capability: 'water' }] }),
        ),
      );
      const ok = results.filter((r) => r.status === 201);
      const lost = results.filter((r) => r.status === 409);
      expect(ok).toHaveLength(1);
      expect(lost).toHaveLength(incidents.length - 1);
      for (const l of lost) expect(l.body.message).toContain(u.code);
      wins += ok.length;
      conflicts += lost.length;
    }
    expect([wins, conflicts]).toEqual([100, 700]);
    const [row] = (await ds.query(
      `SELECT (SELECT count(*)::int FROM assignment WHERE status = 'active' AND unit_id = ANY($1)) AS active,
              (SELECT count(*)::int FROM dispatch_order WHERE unit_id = ANY($1) AND state = 'issued') AS orders,
              (SELECT count(*)::int FROM unit WHERE id = ANY($1) AND status = 'dispatched') AS dispatched`,
      [units.map((u) => u.id)],
    )) as [{ active: number; orders: number; dispatched: number }];
    expect(row).toEqual({ active: 100, orders: 100, dispatched: 100 });
  });
});
