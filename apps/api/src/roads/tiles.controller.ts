import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { WholeField } from '../common/dto/id';
import type { Response } from 'express';
import { DomainError } from '../common/errors';
import { TILE_LAYERS, TileLayer, TilesRepository } from './tiles.repository';
import { Public } from '../accounts/access';

class TileParams {
  @ApiProperty({ enum: TILE_LAYERS })
  @IsIn(TILE_LAYERS)
  layer!: TileLayer;

  @WholeField(0, 22, 'zoom') z!: number;
  @WholeField(0, 2 ** 22 - 1, 'tile column') x!: number;
  @WholeField(0, 2 ** 22 - 1, 'tile row') y!: number;
}

/** Vector tiles from PostGIS for the console's offline basemap (no internet tile source needed). */
@ApiTags('tiles')
@Public()
@Controller('tiles')
export class TilesController {
  constructor(private readonly repo: TilesRepository) {}

  @Get(':layer/:z/:x/:y.mvt')
  @ApiProduces('application/vnd.mapbox-vector-tile')
  @ApiOperation({ summary: 'A Mapbox Vector Tile of roads (by class, simplified by zoom) or boundaries and seats' })
  async tile(@Param() p: TileParams, @Res() res: Response): Promise<void> {
    const n = 2 ** p.z;
    if (p.x >= n || p.y >= n) throw new DomainError('validation', `tile ${p.x}/${p.y} does not exist at zoom ${p.z} (0..${n - 1})`);
    const mvt = await this.repo.tile(p.layer, p.z, p.x, p.y);
    res.setHeader('Cache-Control', 'public, max-age=60');
    if (mvt.length === 0) {
      res.status(204).end();
      return;
    }
    res.setHeader('Content-Type', 'application/vnd.mapbox-vector-tile');
    res.status(200).end(mvt);
  }
}
