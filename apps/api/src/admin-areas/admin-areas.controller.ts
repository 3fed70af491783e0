import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { ADMIN_LEVELS, AdminAreaRepository, AdminLevel } from './admin-area.repository';
import { Public } from '../accounts/access';

class AdminAreasQuery {
  @ApiProperty({ enum: ADMIN_LEVELS, description: 'province, city (支队) or county (大队)' })
  @IsIn(ADMIN_LEVELS)
  level!: AdminLevel;

  @ApiPropertyOptional({ description: 'simplification tolerance in degrees (0 = full detail)', default: 0, minimum: 0, maximum: 0.1 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(0.1)
  simplify?: number;
}

@ApiTags('admin areas')
@Public()
@Controller('admin-areas')
export class AdminAreasController {
  constructor(private readonly repo: AdminAreaRepository) {}

  @Get()
  @ApiOkResponse({ description: 'GeoJSON FeatureCollection of the areas of one level (WGS84)' })
  list(@Query() q: AdminAreasQuery) {
    return this.repo.featureCollection(q.level, q.simplify ?? 0);
  }
}
