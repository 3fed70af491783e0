import type { Queryable } from '../infra/db/unit-of-work';

/** Street classes of built-up areas (town grids and urban roads), not numbered highways: where GB 50974 asks for hydrants along the street. */
export const BUILT_UP_CLASSES = ['residential', 'living_street', 'unclassified', 'tertiary', 'secondary', 'primary'];
const NUMBERED_HIGHWAY = '^[GSXYZ][0-9]';

export type HydrantRow = { id: number; code: string; status: 'in_service' | 'out_of_service' | 'low_pressure'; countyAdcode: number | null; lon: number; lat: number };

/** SQL of the hydrant checks: the built-up streets and the hydrants. */
export class HydrantRepository {
  constructor(private readonly db: Queryable) {}

  async builtUpStreetIds(): Promise<number[]> {
    const rows = (await this.db.query(`SELECT id FROM road_edge WHERE class = ANY($1::text[]) AND (name IS NULL OR name !~ $2)`, [
      BUILT_UP_CLASSES,
      NUMBERED_HIGHWAY,
    ])) as Array<{ id: string }>;
    return rows.map((r) => Number(r.id));
  }

  async hydrants(): Promise<HydrantRow[]> {
    return (await this.db.query(
      `SELECT id, code, status, county_adcode AS "countyAdcode", ST_X(geom) AS lon, ST_Y(geom) AS lat FROM water_source WHERE kind = 'hydrant' ORDER BY id`,
    )) as HydrantRow[];
  }
}
