import type { PolygonRings, Seat } from '@gan119/geo';
import { DataSource, EntityManager } from 'typeorm';

/** The city and county seats, and the province outline, as the synthetic network needs them. */
export async function readSeatsAndProvince(db: DataSource | EntityManager): Promise<{ seats: Seat[]; province: PolygonRings[] }> {
  const seats = (await db.query(
    `SELECT adcode, name, level, parent_adcode AS parent, json_build_array(ST_X(seat), ST_Y(seat)) AS "lonLat"
       FROM admin_area WHERE level IN ('city', 'county') ORDER BY adcode`,
  )) as Array<{ adcode: number; name: string; level: 'city' | 'county'; parent: number; lonLat: [number, number] }>;
  const prov = (await db.query(`SELECT ST_AsGeoJSON(geom)::json AS g FROM admin_area WHERE level = 'province' LIMIT 1`)) as Array<{ g: { coordinates: PolygonRings[] } }>;
  if (!prov.length || !seats.length) throw new Error('the admin areas are not loaded (run the demo seed first)');
  return { seats: seats.map((s) => ({ ...s, isDistrict: s.name.endsWith('区') })), province: prov[0].g.coordinates };
}
