import type { RoadGraphInput, RoadNetwork } from '@gan119/geo';
import { ROAD_GROUPS, roadGroupOf, TravelModel, TurnoutTable } from '@gan119/dispatch';
import type { Feature, FeatureCollection, LineString } from 'geojson';
import { DataSource, EntityManager } from 'typeorm';

export type RegionMeta = { name: string; source: string; synthetic: boolean; attribution: string };
export type RegionRow = RegionMeta & { vertexCount: number; edgeCount: number; importedAt: string };
export type ImportCounts = { vertices: number; edges: number; directedEdges: number; closuresLifted: number };
export type Progress = (phase: string, done: number, total: number) => void;

/** The channel on which graph changes are announced to every process holding a resident graph. */
export const ROAD_GRAPH_CHANNEL = 'road_graph';
export type RoadGraphEvent = { kind: 'reload'; region: string } | { kind: 'closure'; edgeId: number; closed: boolean };

const BATCH = 5000;
const IMPORT_LOCK = 119_003;

/** pgRouting's edges query over the whole network, closures as impassable. */
export const PGR_EDGES_SQL =
  'SELECT id, source, target, CASE WHEN closed THEN -1 ELSE cost END AS cost, CASE WHEN closed THEN -1 ELSE reverse_cost END AS reverse_cost FROM road_edge';

const EDGE = 'SELECT region FROM road_edge WHERE id = $1';
const EDGE_LOCKED = EDGE + ' FOR UPDATE';
const CLOSURE = 'SELECT id, edge_id::float8 AS "edgeId", reopened_at AS "reopenedAt" FROM road_closure WHERE id = $1';
const CLOSURE_LOCKED = CLOSURE + ' FOR UPDATE';

/** A line's coordinates as WKT text, handed to PostGIS as a parameter (ST_GeomFromText($n)). */
const wkt = (c: number[]) => {
  const parts: string[] = [];
  for (let i = 0; i < c.length; i += 2) parts.push(`${c[i]} ${c[i + 1]}`);
  return `LINESTRING(${parts.join(',')})`;
};

/** SQL for the road network tables (pgRouting's vertices and edges) and closures. */
/** The ETA calibration in use on a region (the latest fitted): the model and turnout table, and what it was fitted on. */
export type ActiveCalibration = {
  id: number;
  region: string;
  source: string;
  trainFrom: Date;
  trainTo: Date;
  responses: number;
  model: TravelModel;
  turnout: TurnoutTable;
};

/** What the resident graph needs beyond pgRouting's columns: each edge's road group (ROAD_GROUPS index) and region, and the calibrations. */
export type ResidentExtras = {
  cost: Float64Array;
  reverseCost: Float64Array;
  edgeGroup: Uint8Array;
  edgeRegion: Uint16Array;
  regionNames: string[];
  calibrations: ActiveCalibration[];
};

export class RoadRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Replaces a region's network in one transaction (readers see the old one until commit). */
  async replaceRegion(meta: RegionMeta, net: RoadNetwork, progress: Progress = () => undefined): Promise<ImportCounts> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
      const [{ lifted }] = (await tx.query(
        `WITH u AS (UPDATE road_closure SET reopened_at = now(), reopen_note = 'network re-imported'
                     WHERE region = $1 AND reopened_at IS NULL RETURNING 1)
         SELECT count(*)::int AS lifted FROM u`,
        [meta.name],
      )) as [{ lifted: number }];
      await tx.query('DELETE FROM road_region WHERE name = $1', [meta.name]);
      await tx.query('INSERT INTO road_region (name, source, synthetic, attribution, vertex_count, edge_count) VALUES ($1, $2, $3, $4, $5, $6)', [
        meta.name,
        meta.source,
        meta.synthetic,
        meta.attribution,
        net.vertexCount,
        net.edges.length,
      ]);
      const vBase = await RoadRepository.reserve(tx, 'road_vertex_id_seq', net.vertexCount);
      for (let i = 0; i < net.vertexCount; i += BATCH) {
        const n = Math.min(BATCH, net.vertexCount - i);
        const ids: number[] = [],
          lon: number[] = [],
          lat: number[] = [];
        for (let k = i; k < i + n; k++) {
          ids.push(vBase + k);
          lon.push(net.vertexCoords[2 * k]);
          lat.push(net.vertexCoords[2 * k + 1]);
        }
        await tx.query(
          `INSERT INTO road_vertex (id, region, geom)
           SELECT id, $1, ST_SetSRID(ST_MakePoint(lon, lat), 4326) FROM unnest($2::bigint[], $3::float8[], $4::float8[]) AS t(id, lon, lat)`,
          [meta.name, ids, lon, lat],
        );
        progress('vertices', i + n, net.vertexCount);
      }
      const eBase = await RoadRepository.reserve(tx, 'road_edge_id_seq', net.edges.length);
      let directed = 0;
      for (let i = 0; i < net.edges.length; i += BATCH) {
        const chunk = net.edges.slice(i, i + BATCH);
        directed += chunk.reduce((s, e) => s + (e.cost >= 0 ? 1 : 0) + (e.reverseCost >= 0 ? 1 : 0), 0);
        await tx.query(
          `INSERT INTO road_edge (id, region, source, target, cost, reverse_cost, length_m, class, name, kmh, osm_id, geom)
           SELECT id, $1, s, t, c, rc, l, cls, nm, k, osm, ST_GeomFromText(g, 4326)
             FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::float8[], $6::float8[], $7::float8[], $8::text[], $9::text[], $10::real[], $11::bigint[], $12::text[])
               AS t(id, s, t, c, rc, l, cls, nm, k, osm, g)`,
          [
            meta.name,
            chunk.map((_, k) => eBase + i + k),
            chunk.map((e) => vBase + e.source),
            chunk.map((e) => vBase + e.target),
            chunk.map((e) => e.cost),
            chunk.map((e) => e.reverseCost),
            chunk.map((e) => e.lengthM),
            chunk.map((e) => e.cls),
            chunk.map((e) => e.name),
            chunk.map((e) => e.kmh),
            chunk.map((e) => e.osmId),
            chunk.map((e) => wkt(e.coords)),
          ],
        );
        progress('edges', i + chunk.length, net.edges.length);
      }
      // the region's road names once each, for the place search (the old ones went with the region)
      await tx.query(
        `INSERT INTO road_name (region, name, geom)
         SELECT DISTINCT ON (e.name) e.region, e.name, ST_LineInterpolatePoint(e.geom, 0.5)
           FROM road_edge e WHERE e.region = $1 AND e.name IS NOT NULL AND e.name <> '' ORDER BY e.name, e.id`,
        [meta.name],
      );
      await new RoadRepository(tx).announce({ kind: 'reload', region: meta.name });
      return { vertices: net.vertexCount, edges: net.edges.length, directedEdges: directed, closuresLifted: lifted };
    });
  }

  private static async reserve(tx: EntityManager, seq: string, n: number): Promise<number> {
    const [{ last }] = (await tx.query(`SELECT setval($1::regclass, nextval($1::regclass) + $2::bigint - 1) AS last`, [seq, Math.max(1, n)])) as [
      { last: string },
    ];
    return Number(last) - Math.max(1, n) + 1;
  }

  /** Tells every process's routing graph (on commit of the transaction this repository runs in). */
  async announce(event: RoadGraphEvent): Promise<void> {
    await this.db.query('SELECT pg_notify($1, $2)', [ROAD_GRAPH_CHANNEL, JSON.stringify(event)]);
  }

  async regions(): Promise<RegionRow[]> {
    return (await this.db.query(
      `SELECT name, source, synthetic, attribution, vertex_count AS "vertexCount", edge_count AS "edgeCount", imported_at AS "importedAt"
         FROM road_region ORDER BY name`,
    )) as RegionRow[];
  }

  /** Every edge, in the arrays the resident graph is built from (geometry parsed from WKB). */
  async loadGraphInput(): Promise<RoadGraphInput & ResidentExtras & { regions: number }> {
    const rows = (await this.db.query(
      'SELECT id::float8 AS id, source::float8 AS s, target::float8 AS t, cost, reverse_cost AS rc, length_m AS l, closed, class AS c, region AS r, ST_AsBinary(geom) AS g FROM road_edge ORDER BY id',
    )) as Array<{ id: number; s: number; t: number; cost: number; rc: number; l: number; closed: boolean; c: string; r: string; g: Buffer }>;
    const m = rows.length;
    let points = 0;
    for (const r of rows) points += r.g.readUInt32LE(5);
    const geom = new Float64Array(points * 2);
    const geomOffset = new Int32Array(m + 1);
    const edgeIds = new Float64Array(m),
      sourceIds = new Float64Array(m),
      targetIds = new Float64Array(m);
    const cost = new Float64Array(m),
      reverseCost = new Float64Array(m),
      lengthM = new Float64Array(m),
      closed = new Uint8Array(m),
      edgeGroup = new Uint8Array(m),
      edgeRegion = new Uint16Array(m);
    const regionNames: string[] = [];
    const regionIndex = new Map<string, number>();
    const groupIndex = new Map<string, number>();
    let p = 0;
    rows.forEach((r, e) => {
      edgeIds[e] = r.id;
      sourceIds[e] = r.s;
      targetIds[e] = r.t;
      cost[e] = r.cost;
      reverseCost[e] = r.rc;
      lengthM[e] = r.l;
      closed[e] = r.closed ? 1 : 0;
      let gi = groupIndex.get(r.c);
      if (gi === undefined) groupIndex.set(r.c, (gi = ROAD_GROUPS.indexOf(roadGroupOf(r.c))));
      edgeGroup[e] = gi;
      let ri = regionIndex.get(r.r);
      if (ri === undefined) regionIndex.set(r.r, (ri = regionNames.push(r.r) - 1));
      edgeRegion[e] = ri;
      // WKB: byte order (1, little endian from ST_AsBinary's default NDR), type (4), point count (4), doubles
      const n = r.g.readUInt32LE(5);
      for (let k = 0; k < n; k++) {
        geom[2 * (p + k)] = r.g.readDoubleLE(9 + 16 * k);
        geom[2 * (p + k) + 1] = r.g.readDoubleLE(17 + 16 * k);
      }
      p += n;
      geomOffset[e + 1] = p;
    });
    const [{ n: regions }] = (await this.db.query('SELECT count(*)::int AS n FROM road_region')) as [{ n: number }];
    const calibrations = (await this.db.query(
      `SELECT DISTINCT ON (region) id, region, source, train_from AS "trainFrom", train_to AS "trainTo", responses, model, turnout
         FROM eta_calibration WHERE in_use ORDER BY region, fitted_at DESC, id DESC`,
    )) as ActiveCalibration[];
    return { edgeIds, sourceIds, targetIds, cost, reverseCost, lengthM, geomOffset, geom, closed, regions, edgeGroup, edgeRegion, regionNames, calibrations };
  }

  async anySynthetic(): Promise<boolean> {
    const [{ s }] = (await this.db.query('SELECT coalesce(bool_or(synthetic), false) AS s FROM road_region')) as [{ s: boolean }];
    return s;
  }

  /** pgRouting's travel time between points on edges (pgr_withPointsCost), seconds per source; null = unreachable. */
  async pgrWithPointsCost(sources: Array<{ edgeId: number; fraction: number }>, target: { edgeId: number; fraction: number }): Promise<Array<number | null>> {
    // pgRouting reports a point at fraction 0 or 1 under its vertex id; keep points strictly inside
    const inside = (f: number) => Math.min(1 - 1e-9, Math.max(1e-9, f));
    const pts = [...sources, target].map((p) => ({ edgeId: p.edgeId, fraction: inside(p.fraction) }));
    const rows = (await this.db.query(
      `SELECT start_pid, agg_cost FROM pgr_withPointsCost(
         $1,
         (SELECT 'SELECT pid, edge_id, fraction, ''b''::char AS side FROM (VALUES ' ||
                 string_agg(format('(%s, %s::bigint, %s::float8)', i, e, f), ',') || ') AS p(pid, edge_id, fraction)'
            FROM unnest($2::bigint[], $3::float8[]) WITH ORDINALITY AS u(e, f, i)),
         $4::bigint[], $5::bigint, directed => true, driving_side => 'b')`,
      [PGR_EDGES_SQL, pts.map((p) => p.edgeId), pts.map((p) => p.fraction), sources.map((_, i) => -(i + 1)), -pts.length],
    )) as Array<{ start_pid: string; agg_cost: number }>;
    const out: Array<number | null> = sources.map(() => null);
    for (const r of rows) out[-Number(r.start_pid) - 1] = r.agg_cost;
    return out;
  }

  /** pgRouting's reach of a vertex (pgr_drivingDistance, directed): vertex id → seconds within `limit`. */
  async pgrDrivingDistance(vertexId: number, limit: number): Promise<Map<number, number>> {
    const rows = (await this.db.query('SELECT node, agg_cost FROM pgr_drivingDistance($1, $2::bigint, $3::float8, directed => true)', [
      PGR_EDGES_SQL,
      vertexId,
      limit,
    ])) as Array<{ node: string; agg_cost: number }>;
    return new Map(rows.map((r) => [Number(r.node), r.agg_cost]));
  }

  /** How many vertices pgRouting reaches within `limit` of each of several vertices, in one call (the benchmark's comparison). */
  async pgrDrivingDistanceCount(vertexIds: number[], limit: number): Promise<number> {
    const [{ n }] = (await this.db.query('SELECT count(*)::int AS n FROM pgr_drivingDistance($1, $2::bigint[], $3::float8, directed => true)', [
      PGR_EDGES_SQL,
      vertexIds,
      limit,
    ])) as [{ n: number }];
    return n;
  }

  // ---- closures ----

  async edgeExists(edgeId: number, lock = false): Promise<{ region: string } | null> {
    const rows = (await this.db.query(lock ? EDGE_LOCKED : EDGE, [edgeId])) as Array<{ region: string }>;
    return rows[0] ?? null;
  }

  async activeClosureOn(edgeId: number): Promise<number | null> {
    const rows = (await this.db.query('SELECT id FROM road_closure WHERE edge_id = $1 AND reopened_at IS NULL', [edgeId])) as Array<{ id: string }>;
    return rows.length ? Number(rows[0].id) : null;
  }

  async insertClosure(edgeId: number, reason: string, by: string): Promise<number> {
    const [{ id }] = (await this.db.query(
      `INSERT INTO road_closure (edge_id, region, reason, closed_by, geom)
       SELECT id, region, $2, $3, geom FROM road_edge WHERE id = $1 RETURNING id`,
      [edgeId, reason, by],
    )) as [{ id: string }];
    await this.db.query('UPDATE road_edge SET closed = true WHERE id = $1', [edgeId]);
    return Number(id);
  }

  async closureById(id: number, lock = false): Promise<{ id: number; edgeId: number; reopenedAt: string | null } | null> {
    const rows = (await this.db.query(lock ? CLOSURE_LOCKED : CLOSURE, [id])) as Array<{ id: string; edgeId: number; reopenedAt: string | null }>;
    return rows[0] ? { ...rows[0], id: Number(rows[0].id) } : null;
  }

  async reopenClosure(id: number, edgeId: number, note: string | null): Promise<void> {
    await this.db.query('UPDATE road_closure SET reopened_at = now(), reopen_note = $2 WHERE id = $1', [id, note]);
    await this.db.query('UPDATE road_edge SET closed = EXISTS (SELECT 1 FROM road_closure WHERE edge_id = $1 AND reopened_at IS NULL) WHERE id = $1', [edgeId]);
  }

  async closures(activeOnly: boolean): Promise<FeatureCollection<LineString>> {
    const rows = (await this.db.query(
      `SELECT id::int, edge_id::float8 AS "edgeId", region, reason, closed_by AS "closedBy", closed_at AS "closedAt",
              reopened_at AS "reopenedAt", reopen_note AS "reopenNote", ST_AsGeoJSON(geom, 7)::json AS geometry
         FROM road_closure WHERE ($1::boolean IS FALSE OR reopened_at IS NULL) ORDER BY id DESC LIMIT 1000`,
      [activeOnly],
    )) as Array<Record<string, unknown> & { geometry: LineString }>;
    const features: Feature<LineString>[] = rows.map(({ geometry, ...props }) => ({ type: 'Feature', geometry, properties: props }));
    return { type: 'FeatureCollection', features };
  }
}
