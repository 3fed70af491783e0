import type { Queryable } from '../infra/db/unit-of-work';

/** the drawn area, $1 as GeoJSON, once per statement */
const WITH_AREA = 'WITH a AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) ';

/** SQL of a drawn area's coverage: its size, the road edges in it (by their middle, as counties count them), its places and key units. */
export class AreaCoverageRepository {
  constructor(private readonly db: Queryable) {}

  async inArea(polygon: object): Promise<{
    km2: number;
    edgeIds: number[];
    places: Array<{ id: number; name: string; kind: string; lon: number; lat: number }>;
    keyUnits: Array<{ id: number; name: string; lon: number; lat: number }>;
  }> {
    const g = JSON.stringify(polygon);
    const [[size], edges, places, keyUnits] = await Promise.all([
      this.db.query(WITH_AREA + 'SELECT ST_Area(a.g::geography) / 1e6 AS km2 FROM a', [g]) as Promise<Array<{ km2: number }>>,
      this.db.query(WITH_AREA + 'SELECT e.id FROM road_edge e, a WHERE e.geom && a.g AND ST_Intersects(a.g, ST_LineInterpolatePoint(e.geom, 0.5))', [g]) as Promise<
        Array<{ id: string }>
      >,
      this.db.query(
        WITH_AREA +
          `SELECT p.id, p.name, p.kind, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat FROM place p, a WHERE p.kind IN ('residential', 'village', 'school', 'hospital') AND ST_Intersects(a.g, p.geom) ORDER BY p.id`,
        [g],
      ) as Promise<Array<{ id: number; name: string; kind: string; lon: number; lat: number }>>,
      this.db.query(WITH_AREA + 'SELECT k.id, k.name, ST_X(ST_PointOnSurface(k.geom)) AS lon, ST_Y(ST_PointOnSurface(k.geom)) AS lat FROM key_unit k, a WHERE ST_Intersects(a.g, k.geom) ORDER BY k.id', [
        g,
      ]) as Promise<Array<{ id: number; name: string; lon: number; lat: number }>>,
    ]);
    return { km2: size.km2, edgeIds: edges.map((e) => Number(e.id)), places, keyUnits };
  }
}
