import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

export class PlacesQuery {
  @ApiProperty({
    example: '青山湖 阳光花园',
    description: '1-60 characters of what the caller said: a place, with or without its city and district; pinyin initials work too',
  })
  @IsString()
  @Length(1, 60)
  q!: string;
  @ApiPropertyOptional({ example: '115.89,28.68', description: "the dispatcher's area (WGS84 lon,lat): nearer places rank higher" })
  @IsOptional()
  @Matches(/^-?\d{1,3}(\.\d+)?,-?\d{1,2}(\.\d+)?$/, { message: 'near must be lon,lat in degrees' })
  near?: string;
}

export class ImportPlacesBody {
  @ApiProperty({ example: 'nanchang-addresses', description: 'the name of this source: an import replaces what the same source had' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{1,49}$/, { message: 'source must be 2-50 lower-case letters, digits, - or _' })
  source!: string;
  @ApiProperty({ enum: ['csv', 'geojson'] }) @IsIn(['csv', 'geojson']) format!: 'csv' | 'geojson';
  @ApiProperty({ description: 'the file: CSV with a header (name, lon, lat; kind, aliases, address, crs) or a GeoJSON FeatureCollection of points' })
  @IsString()
  @Length(1, 900_000)
  content!: string;
}
