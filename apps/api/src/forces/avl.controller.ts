import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO8601, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { checkFixes } from './fix-shape';
import { LonLatDto } from '../common/dto/lonlat.dto';
import { AvlService } from './avl.service';
import { LiveFeed } from '../live/live-feed';
import { Allow, ALL_ROLES, ownUnitOnly, RequestWithPrincipal } from '../accounts/access';

export class FixDto extends LonLatDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  unitId!: number;

  @ApiProperty({ example: '2026-11-29T08:00:00Z', description: 'when the fix was taken (ISO 8601 with zone)' })
  @IsISO8601({ strict: true })
  ts!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  speedKmh?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  heading?: number;
}

export class PositionsBody {
  // the items are checked by checkFixes (the FixDto rules, without a class instance per fix)
  @ApiProperty({ type: [FixDto], minItems: 1, maxItems: 5000, description: '1 to 5,000 fixes' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  positions!: FixDto[];
}

@ApiTags('AVL')
@Allow(...ALL_ROLES)
@Controller('avl')
export class AvlController {
  constructor(
    private readonly avl: AvlService,
    private readonly feed: LiveFeed,
  ) {}

  @Post('positions')
  @Allow('admin', 'unit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Batched AVL ingest: newest fix per unit goes live, all go to history; bad items are named and skipped' })
  async ingest(@Body() b: PositionsBody, @Req() req: RequestWithPrincipal) {
    checkFixes(b.positions);
    ownUnitOnly(
      req,
      b.positions.map((p) => p.unitId),
    );
    const { wentLive, ...result } = await this.avl.ingest(
      b.positions.map((p) => ({ unitId: p.unitId, ts: Date.parse(p.ts), lon: p.lon, lat: p.lat, speedKmh: p.speedKmh, heading: p.heading })),
    );
    await this.feed.positions(wentLive); // consoles see the units move
    return result;
  }

  @Get('live')
  @ApiOperation({ summary: 'Live position of every unit that has reported, with the stale flag' })
  async live() {
    return { positions: await this.avl.live() };
  }
}
