import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { REQUEST_KINDS } from '@gan119/interop';
import { IdField } from '../common/dto/id';

const KINDS = Object.keys(REQUEST_KINDS);

export class PartnerRequestBody {
  @ApiProperty({ enum: KINDS, example: 'ambulance', description: 'what is asked (120 ambulances, 122 traffic control …)' })
  @IsIn(KINDS, { message: `kind must be one of ${KINDS.join(', ')}` })
  kind!: string;
  @ApiPropertyOptional({
    example: '被困3人，需救护车2辆',
    description: 'what they need to know, in the dispatcher’s words (at most 500 characters); the kind alone says what is asked',
  })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @MaxLength(500, { message: 'note may be at most 500 characters' })
  note?: string;
  @ApiPropertyOptional({ example: 'nc-120', description: 'a particular partner (default: the one of that kind for the incident’s city)' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: 'partnerId must be a partner id (a-z, 0-9, -)' })
  partnerId?: string;
}

export class LinkParams {
  @IdField() id!: number;
  @IdField() linkId!: number;
}

export class ExchangesQuery {
  @ApiPropertyOptional({ example: 'nc-120' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: 'partner must be a partner id (a-z, 0-9, -)' })
  partner?: string;
}
