import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { RosterImport } from './import-roster';
import { ROSTER_KINDS, RosterKind } from './roster-rows';
import { Allow } from '../accounts/access';

class RosterParam {
  @ApiProperty({ enum: ROSTER_KINDS })
  @IsIn(ROSTER_KINDS)
  kind!: RosterKind;
}

@ApiTags('roster import')
@Allow('admin')
@Controller('roster')
export class RosterController {
  constructor(private readonly roster: RosterImport) {}

  @Post(':kind')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'application/geo+json', 'application/json')
  @ApiBody({
    description:
      'CSV with a header row, or a GeoJSON FeatureCollection of Points. stations: code,name,kind,city_adcode,county_adcode,lon,lat[,phone]; ' +
      'units: code,name,kind,station_code[,crew,turnout_s]; water-sources: code,kind,status,lon,lat[,note]. Replaces the demo records of that kind.',
  })
  @ApiOperation({ summary: 'Import a real roster (stations, units or water sources): all rows or none; bad rows named by line' })
  import(@Param() p: RosterParam, @Body() body: unknown, @Headers('content-type') contentType = '') {
    return this.roster.run(p.kind, body, contentType);
  }
}
