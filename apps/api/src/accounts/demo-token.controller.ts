import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { PROVINCE_ADCODE } from '@gan119/dispatch';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DomainError, notFound } from '../common/errors';
import { signToken } from './tokens';
import { Public } from './access';
import { JurisdictionRepository } from './jurisdiction.repository';

class DemoTokenBody {
  @ApiProperty({ enum: ['unit', 'console'] }) @IsIn(['unit', 'console']) kind!: 'unit' | 'console';
  @ApiPropertyOptional({ description: 'for a unit tablet' })
  @ValidateIf((b: DemoTokenBody) => b.kind === 'unit')
  @IsInt()
  @Min(1)
  @Max(2147483647)
  unitId?: number;
  @ApiPropertyOptional({ description: 'for a console: 360000 (province) or a city or county adcode', default: PROVINCE_ADCODE })
  @IsOptional()
  @IsInt()
  @Min(110000)
  @Max(829999)
  jurisdiction?: number;
}

/**
 * Socket tokens without a login, for the demo and development where sign-in is not required. Off
 * when AUTH_REQUIRED is on, and in production (the configuration refuses it there).
 */
@ApiTags('live')
@Public()
@Controller('live')
export class DemoTokenController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly areas: JurisdictionRepository,
  ) {}

  @Post('demo-token')
  @HttpCode(200)
  @ApiOperation({ summary: 'DEMO ONLY: a signed socket token for a unit tablet or a console, 12 h (disabled in production)' })
  async token(@Body() b: DemoTokenBody) {
    if (!this.config.demoTokens) throw new DomainError('demo_tokens_off', 'demo tokens are switched off here: sign in instead', 403);
    const ttl = 12 * 3600;
    if (b.kind === 'unit') {
      const u = b.unitId === undefined ? null : await this.areas.unitName(b.unitId);
      if (!u) throw notFound(`unit ${b.unitId}`);
      return { token: signToken(this.config.tokenSecret, { kind: 'unit', unitId: u.id }, ttl), unit: u };
    }
    const jurisdiction = b.jurisdiction ?? PROVINCE_ADCODE;
    const name = await this.areas.areaName(jurisdiction);
    if (!name) throw notFound(`jurisdiction ${jurisdiction}`);
    return { token: signToken(this.config.tokenSecret, { kind: 'console', user: 'demo', jurisdiction }, ttl), jurisdiction: { adcode: jurisdiction, name } };
  }
}
