import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, Max, Min } from 'class-validator';

/** A WGS84 point. Numbers only: strings, NaN and infinities are refused with the field named. */
export class LonLatDto {
  @ApiProperty({ example: 115.8873, minimum: -180, maximum: 180, description: 'longitude, WGS84 degrees' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon!: number;

  @ApiProperty({ example: 28.679857, minimum: -90, maximum: 90, description: 'latitude, WGS84 degrees' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;
}

export const lonLat = (p: LonLatDto): [number, number] => [p.lon, p.lat];

/** A WGS84 point in a query string (numbers arrive as text and are converted before the checks). */
export class LonLatQuery {
  @ApiProperty({ example: 115.8873, minimum: -180, maximum: 180, description: 'longitude, WGS84 degrees' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon!: number;

  @ApiProperty({ example: 28.679857, minimum: -90, maximum: 90, description: 'latitude, WGS84 degrees' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;
}
