import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsString, Length } from 'class-validator';
import { DataSource } from 'typeorm';
import { Allow, ALL_ROLES } from '../accounts/access';

class PlacesQuery {
  @ApiProperty({ example: '八一大道', description: '1-60 characters of a place name' }) @IsString() @Length(1, 60) q!: string;
}

export type Place = { kind: 'county' | 'city' | 'key_unit' | 'station' | 'road'; name: string; context: string | null; lon: number; lat: number };

/** Names the system knows, best first: key units, stations, county and city seats, road names (one point each). */
const SEARCH = `
  WITH q AS (SELECT '%' || replace(replace(replace($1, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' AS pat)
  (SELECT 'key_unit' AS kind, k.name, a.name AS context, ST_X(ST_PointOnSurface(k.geom)) AS lon, ST_Y(ST_PointOnSurface(k.geom)) AS lat, 1 AS rank
     FROM key_unit k LEFT JOIN admin_area a ON a.adcode = k.county_adcode, q WHERE k.name ILIKE q.pat LIMIT 5)
  UNION ALL
  (SELECT 'station', s.name, a.name, ST_X(s.geom), ST_Y(s.geom), 2 FROM station s LEFT JOIN admin_area a ON a.adcode = s.city_adcode, q WHERE s.name ILIKE q.pat LIMIT 5)
  UNION ALL
  (SELECT a.level, a.name, p.name, ST_X(ST_PointOnSurface(a.geom)), ST_Y(ST_PointOnSurface(a.geom)), 3
     FROM admin_area a LEFT JOIN admin_area p ON p.adcode = a.parent_adcode, q WHERE a.level IN ('city', 'county') AND a.name ILIKE q.pat LIMIT 5)
  UNION ALL
  (SELECT 'road', r.name, NULL, ST_X(r.geom), ST_Y(r.geom), 4 FROM road_name r, q WHERE r.name ILIKE q.pat ORDER BY r.name LIMIT 5)
  ORDER BY rank, name LIMIT 15`;

@ApiTags('places')
@Allow(...ALL_ROLES)
@Controller('places')
export class PlacesController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Find a place by name (key units, stations, counties and cities, roads): a local gazetteer, not an address database' })
  async search(@Query() p: PlacesQuery) {
    const rows = (await this.ds.query(SEARCH, [p.q.trim()])) as Array<Place & { rank: number }>;
    return { places: rows.map(({ rank: _rank, ...place }) => place) };
  }
}
