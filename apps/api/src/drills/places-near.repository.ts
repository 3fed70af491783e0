import type { Queryable } from '../infra/db/unit-of-work';

/** How near a named place must be to name a drill point, in metres. */
const NAMED_WITHIN_M = 300;

/** SQL naming a point for a crew: the nearest named place within a short walk, else the nearest named road. */
export class PlacesNearRepository {
  constructor(private readonly db: Queryable) {}

  async describe(lon: number, lat: number): Promise<string | null> {
    const [r] = (await this.db.query(
      `WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g)
       SELECT coalesce(
         (SELECT p.name FROM place p, pt WHERE ST_DWithin(p.geom::geography, pt.g::geography, $3) ORDER BY p.geom <-> pt.g LIMIT 1),
         (SELECT e.name || '附近' FROM road_edge e, pt WHERE e.name IS NOT NULL AND e.name <> '' ORDER BY e.geom <-> pt.g LIMIT 1)) AS name`,
      [lon, lat, NAMED_WITHIN_M],
    )) as Array<{ name: string | null }>;
    return r?.name ?? null;
  }
}
