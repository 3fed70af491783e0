import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../accounts/access';
import { APP_CONFIG, AppConfig } from '../config/config';
import { readWaterBodies, WaterBodies } from './water-bodies';

@ApiTags('basemap')
@Public()
@Controller('basemap')
export class BasemapController {
  private water: WaterBodies | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('water')
  @Header('Cache-Control', 'public, max-age=86400')
  @ApiOperation({ summary: 'Lakes and rivers for the offline basemap (Natural Earth 1:10m, from the data directory when present; available: false otherwise)' })
  waterBodies(): WaterBodies {
    this.water ??= readWaterBodies(this.config.dataDir);
    return this.water;
  }
}
