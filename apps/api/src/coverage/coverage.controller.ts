import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Allow, CONSOLE_ROLES } from '../accounts/access';
import { IdParam } from '../common/dto/id';
import { Coverage } from './coverage.service';

export class CoverageQuery {
  @ApiPropertyOptional({ enum: ['excluded', 'included'], description: "whether each station's turnout counts before it drives (default excluded: driving only)" })
  @IsOptional()
  @IsIn(['excluded', 'included'], { message: 'turnout must be excluded or included' })
  turnout?: 'excluded' | 'included';
}

@ApiTags('coverage')
@Allow(...CONSOLE_ROLES)
@Controller('coverage')
export class CoverageController {
  constructor(private readonly coverage: Coverage) {}

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
}
