import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { Allow, CONSOLE_ROLES } from '../accounts/access';
import { IdParam } from '../common/dto/id';
import { LonLatDto } from '../common/dto/lonlat.dto';
import { Coverage } from './coverage.service';
import { Siting } from './siting.service';

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

@ApiTags('coverage')
@Allow(...CONSOLE_ROLES)
@Controller('coverage')
export class CoverageController {
  constructor(
    private readonly coverage: Coverage,
    private readonly siting: Siting,
  ) {}

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
}
