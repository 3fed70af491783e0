import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Allow, CONSOLE_ROLES } from '../accounts/access';
import { IdParam } from '../common/dto/id';
import { LonLatDto } from '../common/dto/lonlat.dto';
import { Coverage } from './coverage.service';
import { Siting } from './siting.service';
import { HydrantCheck } from './hydrants.service';
import { FirstEngineLayer } from './first-engine';
import { AreaCoverage } from './area-coverage';
import { Jurisdiction } from '../accounts/jurisdiction';
import { RequestWithPrincipal } from '../accounts/access';
import { DomainError } from '../common/errors';
import { WholeField } from '../common/dto/id';

export class CoverageQuery {
  @ApiPropertyOptional({ enum: ['excluded', 'included'], description: "whether each station's turnout counts before it drives (default excluded: driving only)" })
  @IsOptional()
  @IsIn(['excluded', 'included'], { message: 'turnout must be excluded or included' })
  turnout?: 'excluded' | 'included';
}

/** The plan's new stations: at most 115 in one year. */
const MAX_NEW_STATIONS = 115;

export class SitingBody extends CoverageQuery {
  @ApiProperty({ example: 10, minimum: 1, maximum: MAX_NEW_STATIONS, description: 'how many new stations to place (1 to 115)' })
  @IsInt({ message: 'n must be a whole number of new stations' })
  @Min(1, { message: 'n must be at least 1' })
  @Max(MAX_NEW_STATIONS, { message: `n must be at most ${MAX_NEW_STATIONS} (the plan's new stations)` })
  n!: number;
}

export class SitingEvaluateBody extends CoverageQuery {
  @ApiProperty({ type: [LonLatDto], minItems: 1, maxItems: MAX_NEW_STATIONS, description: 'the sites of new stations, as the planner placed or moved them' })
  @IsArray({ message: 'sites must be a list of points' })
  @ArrayMinSize(1, { message: 'sites must hold at least one point' })
  @ArrayMaxSize(MAX_NEW_STATIONS, { message: `sites may hold at most ${MAX_NEW_STATIONS} points` })
  @ValidateNested({ each: true })
  @Type(() => LonLatDto)
  sites!: LonLatDto[];
}

/** The plan's new hydrants: 11,000 in one year. */
const MAX_NEW_HYDRANTS = 11000;

export class HydrantSitingBody {
  @ApiProperty({ example: 500, minimum: 1, maximum: MAX_NEW_HYDRANTS, description: 'how many new hydrants to place (1 to 11,000)' })
  @IsInt({ message: 'k must be a whole number of new hydrants' })
  @Min(1, { message: 'k must be at least 1' })
  @Max(MAX_NEW_HYDRANTS, { message: `k must be at most ${MAX_NEW_HYDRANTS} (the plan's new hydrants)` })
  k!: number;
}

export class HydrantGapsQuery {
  @ApiProperty({ example: '115.85,28.66,115.92,28.71', description: 'minLon,minLat,maxLon,maxLat (WGS84), at most 0.5° a side' })
  @Matches(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, { message: 'bbox must be minLon,minLat,maxLon,maxLat' })
  bbox!: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 20000 }) @IsOptional() @WholeField(1, 20000, 'how many gaps at most') limit?: number;
}

export class AreaBody extends CoverageQuery {
  @ApiProperty({ description: 'the area drawn (GeoJSON Polygon or MultiPolygon, WGS84, at most 10,000 vertices)' })
  @IsObject({ message: 'polygon must be a GeoJSON Polygon or MultiPolygon' })
  polygon!: Record<string, unknown>;
}

@ApiTags('coverage')
@Allow(...CONSOLE_ROLES)
@Controller('coverage')
export class CoverageController {
  constructor(
    private readonly coverage: Coverage,
    private readonly siting: Siting,
    private readonly hydrants: HydrantCheck,
    private readonly firstEngine: FirstEngineLayer,
    private readonly areas: AreaCoverage,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  @Post('area')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The coverage of a drawn area (a development zone, a planned district): its road within 3/5/8/10 minutes of the nearest station, its places and key units with their times, the stations nearest to its roads',
  })
  async area(@Body() b: AreaBody, @Req() req: RequestWithPrincipal) {
    if (b.polygon.type !== 'Polygon' && b.polygon.type !== 'MultiPolygon')
      throw new DomainError('bad_geometry', `polygon must be a GeoJSON Polygon or MultiPolygon (got ${JSON.stringify(b.polygon.type ?? null)})`, 400);
    await this.jurisdiction.area(req.principal, b.polygon, 'polygon', false);
    return this.areas.of(b.polygon, b.turnout === 'included');
  }

  @Get('first-engine')
  @ApiOperation({
    summary:
      'The first-engine map layer (road edges coloured by minutes from the nearest station, vector tiles at /api/tiles/first_engine/{z}/{x}/{y}.mvt): when the worker last computed it, how many edges, and whether it is current (closures, stations, calibration)',
  })
  firstEngineStatus() {
    return this.firstEngine.status();
  }

  @Get('report')
  @ApiOperation({
    summary:
      'Coverage by the stations on the road graph: road length, places and key units within 3/5/8/10 minutes of the nearest station by county, city and province; key units within 5 minutes of each capability; stations within 8 minutes of each high-risk key unit; places beyond 5 minutes',
  })
  report(@Query() q: CoverageQuery) {
    return this.coverage.report(q.turnout === 'included');
  }

  @Get('stations/:id/reach')
  @ApiOperation({
    summary: "One station's reach within 3/5/8/10 minutes: road vertices and length reached, and the area (concave hull of the vertices reached) as GeoJSON with km²",
  })
  stationReach(@Param() p: IdParam, @Query() q: CoverageQuery) {
    return this.coverage.stationReach(p.id, q.turnout === 'included');
  }

  @Post('siting')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sites for n new stations (1–115) that cover most of the places (weight 1) and key units (weight 5) beyond 5 minutes of every station (greedy maximal covering), each with what it adds',
  })
  propose(@Body() b: SitingBody) {
    return this.siting.propose(b.n, b.turnout === 'included');
  }

  @Post('siting/evaluate')
  @HttpCode(200)
  @ApiOperation({ summary: 'What new stations at the given sites add, each in the order given and all together (the planner’s what-if)' })
  evaluate(@Body() b: SitingEvaluateBody) {
    return this.siting.evaluate(b.sites, b.turnout === 'included');
  }

  @Get('hydrants')
  @ApiOperation({
    summary:
      'GB 50974 hydrant checks of the built-up streets by county, city and province: length within 150 m of an in-service hydrant along the roads, length within 60 m (spacing ≤ 120 m), gaps, hydrants by status, what repairing the broken ones would cover',
  })
  hydrantCheck() {
    return this.hydrants.check();
  }

  @Get('hydrants/gaps')
  @ApiOperation({ summary: 'The uncovered stretches of built-up streets in a box as GeoJSON: beyond 150 m of any in-service hydrant (radius), or beyond 60 m only (spacing), the longest first' })
  hydrantGaps(@Query() q: HydrantGapsQuery) {
    const [a, b, c, d] = q.bbox.split(',').map(Number);
    if (!(a < c && b < d) || a < -180 || c > 180 || b < -90 || d > 90) throw new DomainError('bad_bbox', 'bbox must be minLon,minLat,maxLon,maxLat with min below max, in range', 400);
    if (c - a > 0.5 || d - b > 0.5) throw new DomainError('bbox_too_large', 'bbox may be at most 0.5° a side: zoom in to see the gaps street by street', 400);
    return this.hydrants.gaps([a, b, c, d], q.limit ?? 5000);
  }

  @Post('hydrants/siting')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sites for k new hydrants (1–11,000) at street vertices, each where it covers the most built-up street not within 150 m of a hydrant (lazy greedy), with what each adds' })
  hydrantSiting(@Body() b: HydrantSitingBody) {
    return this.hydrants.site(b.k);
  }
}
