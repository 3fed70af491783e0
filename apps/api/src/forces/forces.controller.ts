import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, notFound } from '../common/errors';
import { RoutingService } from '../roads/routing.service';
import { NearestWaterQuery, UnitIdParam, UnitsQuery, UnitsSearchBody, WaterQuery } from './forces.dto';
import { ForcesRepository } from './forces.repository';
import { nearestWater } from './nearest-water';
import { WaterRepository } from './water.repository';
import { Allow, ALL_ROLES } from '../accounts/access';
import { Jurisdiction } from '../accounts/jurisdiction';

@ApiTags('forces and water')
@Allow(...ALL_ROLES)
@Controller()
export class ForcesController {
  constructor(
    private readonly forces: ForcesRepository,
    private readonly water: WaterRepository,
    private readonly jurisdiction: Jurisdiction,
    private readonly routing: RoutingService,
  ) {}

  @Get('stations')
  @ApiOperation({ summary: 'Stations as GeoJSON, with their unit counts' })
  stations() {
    return this.forces.stations();
  }

  @Get('units')
  @ApiOperation({ summary: 'Units filtered by status, kind, capability, city, county, or within a radius (nearest first)' })
  async units(@Query() q: UnitsQuery) {
    const { lon, lat, radiusM } = q;
    const near = lon !== undefined && lat !== undefined && radiusM !== undefined ? { lon, lat, radiusM } : undefined;
    if (!near && (lon !== undefined || lat !== undefined || radiusM !== undefined)) {
      throw new DomainError('validation', 'lon, lat and radiusM go together');
    }
    const units = await this.forces.units({
      status: q.status,
      kind: q.kind,
      capability: q.capability,
      cityAdcode: q.city,
      countyAdcode: q.county,
      near,
      limit: q.limit ?? 200,
    });
    return { count: units.length, units };
  }

  @Post('units/search')
  @HttpCode(200)
  @ApiOperation({ summary: 'Units whose station lies within a polygon (e.g. a drawn area), by status and capability' })
  async search(@Body() b: UnitsSearchBody) {
    if (b.within.type !== 'Polygon' && b.within.type !== 'MultiPolygon') throw new DomainError('bad_geometry', 'within: a Polygon or MultiPolygon is needed');
    await this.jurisdiction.area(undefined, b.within, 'within', false);
    const units = await this.forces.units({ status: b.status, capability: b.capability, within: JSON.stringify(b.within), limit: b.limit ?? 500 });
    return { count: units.length, units };
  }

  @Get('org')
  @ApiOperation({ summary: 'The organisation: 总队 → 支队 (cities) → 大队 (counties), with station and unit counts' })
  org() {
    return this.forces.org();
  }

  @Get('units/:id')
  @ApiOperation({ summary: 'A unit with its status history' })
  async unit(@Param() p: UnitIdParam) {
    const unit = await this.forces.unit(p.id);
    if (!unit) throw notFound(`unit ${p.id}`);
    return { ...unit, history: await this.forces.statusHistory(p.id) };
  }

  @Get('water-sources')
  @ApiOperation({ summary: 'Hydrants and other water sources as GeoJSON (optionally in a bbox, by status)' })
  waterSources(@Query() q: WaterQuery) {
    if (q.bbox && (q.bbox.length !== 4 || q.bbox[0] >= q.bbox[2] || q.bbox[1] >= q.bbox[3])) {
      throw new DomainError('validation', 'bbox must be minLon,minLat,maxLon,maxLat with min < max');
    }
    return this.water.featureCollection((q.bbox as [number, number, number, number]) ?? null, q.status ?? null, q.limit ?? 5000);
  }

  @Get('water-sources/nearest')
  @ApiOperation({ summary: 'The nearest in-service water sources to a point, by road time (straight distance off-network)' })
  async nearest(@Query() q: NearestWaterQuery) {
    return { sources: await nearestWater(this.water, this.routing, [q.lon, q.lat], q.n ?? 5) };
  }
}
