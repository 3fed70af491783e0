import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Public } from '../accounts/access';

@ApiTags('console')
@Public()
@Controller('console-config')
export class ConsoleConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'What the console needs from the configuration: the optional online basemap, whether sign-in is required' })
  get() {
    return { basemap: this.config.basemap, authRequired: this.config.auth.required, demoTokens: this.config.demoTokens };
  }
}
