import { createTestDb, TestDb } from '@gan119/testing';
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { DATA_DIR, testDataSource } from '../../../test/test-data-source';
import { importRoads } from './import-roads';
import { loadDemo } from '../../demo/load-demo';
import { Db } from '../../infra/db/unit-of-work';

describe('road import into the pgRouting tables (real PostGIS + pgRouting)', () => {
  let db: TestDb;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDb();
    ds = await testDataSource(db.url);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const q = async <T>(sql: string, p: unknown[] = []) => (await ds.query(sql, p)) as T[];

  it('loads the West Oakland OSM XML: split at junctions, footways dropped, topology pgRouting can use', async () => {
    const r = await importRoads(new Db(ds), 'west-oakland', { kind: 'file', path: `${DATA_DIR}/roads/west_oakland.osm` });
    // 23 drivable ways of 31 highways (7 footways, 1 cycleway … are not drivable)
    expect(r.skippedWays).toBeGreaterThanOrEqual(8);
    expect(r.edges).toBeGreaterThan(23); // more pieces than ways: split at junctions
    const [{ orphans }] = await q<{ orphans: number }>(
      `SELECT count(*)::int AS orphans FROM road_edge e WHERE NOT EXISTS (SELECT 1 FROM road_vertex v WHERE v.id = e.source)
         OR NOT EXISTS (SELECT 1 FROM road_vertex v WHERE v.id = e.target)`,
    );
    expect(orphans).toBe(0);
    // every edge starts and ends on its vertices
    const [{ off }] = await q<{ off: number }>(
      `SELECT count(*)::int AS off FROM road_edge e JOIN road_vertex s ON s.id = e.source JOIN road_vertex t ON t.id = e.target
        WHERE NOT ST_Equals(ST_StartPoint(e.geom), s.geom) OR NOT ST_Equals(ST_EndPoint(e.geom), t.geom)`,
    );
    expect(off).toBe(0);
    // junctions: vertices where three or more edges meet
    const [{ junctions }] = await q<{ junctions: number }>(
      `SELECT count(*)::int AS junctions FROM (SELECT v, count(*) FROM (SELECT source v FROM road_edge UNION ALL SELECT target FROM road_edge) x GROUP BY v HAVING count(*) >= 3) j`,
    );
    expect(junctions).toBeGreaterThan(5);
    // pgRouting answers on the imported edges: one vertex reaches most of the others
    const [{ n, total }] = await q<{ n: number; total: number }>(
      `SELECT count(*)::int AS n, (SELECT count(*)::int FROM road_vertex) AS total FROM pgr_dijkstraCost(
         'SELECT id, source, target, cost, reverse_cost FROM road_edge', (SELECT source FROM road_edge ORDER BY id LIMIT 1),
         ARRAY(SELECT id FROM road_vertex))`,
    );
    expect(n).toBeGreaterThan(total / 2);
  });

  it('replaces a region idempotently and reports the same counts', async () => {
    const a = await importRoads(new Db(ds), 'west-oakland', { kind: 'file', path: `${DATA_DIR}/roads/west_oakland.osm` });
    const b = await importRoads(new Db(ds), 'west-oakland', { kind: 'file', path: `${DATA_DIR}/roads/west_oakland.osm` });
    expect(b.edges).toBe(a.edges);
    const [{ edges, regions }] = await q<{ edges: number; regions: number }>(
      `SELECT (SELECT count(*)::int FROM road_edge WHERE region = 'west-oakland') AS edges, (SELECT count(*)::int FROM road_region) AS regions`,
    );
    expect(edges).toBe(a.edges);
    expect(regions).toBe(1);
  });

  it('reads an OSM PBF extract (through osmium) exactly as the same data in XML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pbf-'));
    const pbf = join(dir, 'west_oakland.osm.pbf');
    execFileSync('osmium', ['cat', `${DATA_DIR}/roads/west_oakland.osm`, '-o', pbf, '--overwrite']);
    const xml = await importRoads(new Db(ds), 'west-oakland', { kind: 'file', path: `${DATA_DIR}/roads/west_oakland.osm` });
    const fromPbf = await importRoads(new Db(ds), 'west-oakland', { kind: 'file', path: pbf });
    expect({ v: fromPbf.vertices, e: fromPbf.edges, d: fromPbf.directedEdges }).toEqual({ v: xml.vertices, e: xml.edges, d: xml.directedEdges });
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the 8,049 SF ways from GeoJSON with oneway and mph speeds honoured', async () => {
    const r = await importRoads(new Db(ds), 'sf', { kind: 'file', path: `${DATA_DIR}/roads/sf_central_drivable_roads.osm.geojson` });
    expect(r.waysRead).toBe(8049);
    expect(r.edges).toBeGreaterThan(8049);
    const [{ oneway, mph25 }] = await q<{ oneway: number; mph25: number }>(
      `SELECT count(*) FILTER (WHERE cost < 0 OR reverse_cost < 0)::int AS oneway,
              count(*) FILTER (WHERE abs(kmh - 40.2336) < 0.01)::int AS mph25 FROM road_edge WHERE region = 'sf'`,
    );
    expect(oneway).toBeGreaterThan(1000);
    expect(mph25).toBeGreaterThan(100); // "25 mph" → 40.2 km/h
    // cost is length over speed
    const [{ bad }] = await q<{ bad: number }>(
      `SELECT count(*)::int AS bad FROM road_edge WHERE region = 'sf' AND cost >= 0 AND abs(cost - length_m / (kmh / 3.6)) > 0.01`,
    );
    expect(bad).toBe(0);
  });

  it('refuses what it cannot read and changes nothing', async () => {
    const before = await q<{ n: number }>('SELECT count(*)::int AS n FROM road_edge');
    await expect(importRoads(new Db(ds), 'x', { kind: 'file', path: '/nonexistent.osm' })).rejects.toThrow(/no such file/);
    await expect(importRoads(new Db(ds), 'Bad Name', { kind: 'file', path: `${DATA_DIR}/roads/west_oakland.osm` })).rejects.toThrow(/region must be/);
    await expect(importRoads(new Db(ds), 'x', { kind: 'file', path: `${DATA_DIR}/admin_boundaries/SOURCES.md` })).rejects.toThrow(/unknown road file type/);
    await expect(importRoads(new Db(ds), 'x', { kind: 'file', path: `${DATA_DIR}/admin_boundaries/wgs84/jiangxi_province.wgs84.geojson` })).rejects.toThrow(
      /no drivable roads/,
    );
    expect(await q<{ n: number }>('SELECT count(*)::int AS n FROM road_edge')).toEqual(before);
  });

  it('generates the synthetic Jiangxi network from the seats, marked synthetic', async () => {
    await loadDemo(new Db(ds), DATA_DIR, { roads: 'none' });
    const r = await importRoads(new Db(ds), 'jiangxi', { kind: 'synthetic', size: 'small' });
    expect(r.synthetic).toBe(true);
    expect(r.edges).toBeGreaterThan(5000);
    const [{ synthetic, attribution }] = await q<{ synthetic: boolean; attribution: string }>(
      `SELECT synthetic, attribution FROM road_region WHERE name = 'jiangxi'`,
    );
    expect(synthetic).toBe(true);
    expect(attribution).toMatch(/Synthetic/);
  });
});
