import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsObject, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import type { Geometry } from 'geojson';
import { LonLatQuery } from '../common/dto/lonlat.dto';
import { KeyUnitRepository } from './key-units.repository';
import { Allow, ALL_ROLES, RequestWithPrincipal } from '../accounts/access';
import { Jurisdiction } from '../accounts/jurisdiction';

class ContactDto {
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiProperty() @IsString() @Length(1, 40) phone!: string;
}

class KeyUnitBody {
  @ApiProperty({ example: '某化工厂' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  hazards?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 5000) preplan?: string;
  @ApiPropertyOptional({ type: [ContactDto], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];
  @ApiProperty({ description: 'GeoJSON Point, Polygon or MultiPolygon (WGS84), at most 10,000 vertices' }) @IsObject() geometry!: Geometry;
}

class NearQuery extends LonLatQuery {
  @ApiPropertyOptional({ default: 300, maximum: 5000 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(5000)
  radiusM?: number;
}

@ApiTags('key units')
@Allow(...ALL_ROLES)
@Controller('key-units')
export class KeyUnitsController {
  constructor(
    private readonly repo: KeyUnitRepository,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Key units (重点单位) as GeoJSON' })
  all() {
    return this.repo.all();
  }

  @Get('near')
  @ApiOperation({ summary: 'Key units a point falls on or lies near (default 300 m), nearest first, with hazards and pre-plan' })
  near(@Query() q: NearQuery) {
    return this.repo.near(q.lon, q.lat, q.radiusM ?? 300);
  }

  @Post()
  @Allow('admin', 'dispatcher')
  @ApiOperation({ summary: 'Add a key unit; invalid or self-intersecting geometry is refused naming the problem' })
  async create(@Body() b: KeyUnitBody, @Req() req: RequestWithPrincipal) {
    // valid, in the service area, and in a dispatcher's jurisdiction
    await this.jurisdiction.area(req.principal, b.geometry, 'geometry', true);
    const id = await this.repo.insert({
      name: b.name,
      hazards: b.hazards ?? [],
      preplan: b.preplan ?? null,
      contacts: b.contacts ?? [],
      geometry: b.geometry,
      demo: false,
    });
    return { id };
  }
}
