import { IdParam } from '../common/dto/id';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CAPABILITIES, UNIT_KIND_NAMES, UNIT_STATUSES, HYDRANT_STATUSES } from '@gan119/resources';
import { LonLatQuery } from '../common/dto/lonlat.dto';

const list = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value);

export class UnitsQuery {
  @ApiPropertyOptional({ description: 'comma-separated statuses', example: 'available,returning' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @IsIn(UNIT_STATUSES, { each: true })
  status?: string[];

  @ApiPropertyOptional({ description: 'comma-separated unit kinds', example: 'water_tender' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @IsIn(UNIT_KIND_NAMES, { each: true })
  kind?: string[];

  @ApiPropertyOptional({ description: 'comma-separated capabilities, all required', example: 'aerial' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @IsIn(CAPABILITIES, { each: true })
  capability?: string[];

  @ApiPropertyOptional({ description: 'city (支队) adcode', example: 360100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(360000)
  @Max(369999)
  city?: number;

  @ApiPropertyOptional({ description: 'county (大队) adcode' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(360000)
  @Max(369999)
  county?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat?: number;

  @ApiPropertyOptional({ description: 'with lon/lat: within this many metres', maximum: 500000 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(500000)
  radiusM?: number;

  @ApiPropertyOptional({ default: 200, maximum: 2000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2000)
  limit?: number;
}

export class UnitIdParam extends IdParam {}

export class ChangeStatusBody {
  @ApiProperty({ enum: UNIT_STATUSES })
  @IsIn(UNIT_STATUSES)
  to!: (typeof UNIT_STATUSES)[number];

  @ApiPropertyOptional({ description: 'required for out_of_service', maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;

  @ApiPropertyOptional({ description: 'refuse with 409 if the unit changed since this version' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class NearestWaterQuery extends LonLatQuery {
  @ApiPropertyOptional({ default: 5, maximum: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  n?: number;
}

export class WaterQuery {
  @ApiPropertyOptional({ description: 'minLon,minLat,maxLon,maxLat' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map(Number) : value))
  @IsArray()
  @ArrayMaxSize(4)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  bbox?: number[];

  @ApiPropertyOptional({ enum: HYDRANT_STATUSES })
  @IsOptional()
  @IsIn(HYDRANT_STATUSES)
  status?: string;

  @ApiPropertyOptional({ default: 5000, maximum: 20000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20000)
  limit?: number;
}

export class UnitsSearchBody {
  @ApiProperty({ description: 'GeoJSON Polygon or MultiPolygon (WGS84): units whose station lies within' })
  @IsObject()
  within!: Record<string, unknown>;

  @ApiPropertyOptional({ enum: UNIT_STATUSES, isArray: true, maxItems: 7 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(7)
  @IsIn(UNIT_STATUSES, { each: true })
  status?: string[];

  @ApiPropertyOptional({ enum: CAPABILITIES, isArray: true, maxItems: 12 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @IsIn(CAPABILITIES, { each: true })
  capability?: string[];

  @ApiPropertyOptional({ default: 500, maximum: 2000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2000)
  limit?: number;
}
