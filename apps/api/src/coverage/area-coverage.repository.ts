import type { Queryable } from '../infra/db/unit-of-work';

const AREA = `ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)`;

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
      this.db.query(`SELECT ST_Area(${AREA}::geography) / 1e6 AS km2`, [g]) as Promise<Array<{ km2: number }>>,
      this.db.query(`SELECT e.id FROM road_edge e WHERE e.geom && ${AREA} AND ST_Intersects(${AREA}, ST_LineInterpolatePoint(e.geom, 0.5))`, [g]) as Promise<
        Array<{ id: string }>
      >,
      this.db.query(
        `SELECT id, name, kind, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM place WHERE kind IN ('residential', 'village', 'school', 'hospital') AND ST_Intersects(${AREA}, geom) ORDER BY id`,
        [g],
      ) as Promise<Array<{ id: number; name: string; kind: string; lon: number; lat: number }>>,
      this.db.query(`SELECT id, name, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM key_unit WHERE ST_Intersects(${AREA}, geom) ORDER BY id`, [
        g,
      ]) as Promise<Array<{ id: number; name: string; lon: number; lat: number }>>,
    ]);
    return { km2: size.km2, edgeIds: edges.map((e) => Number(e.id)), places, keyUnits };
  }
}
