import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { MAX_BATCH, MESSAGE_KINDS } from '@gan119/iot';

export const ALARM_STATES = ['to_verify', 'confirmed', 'cancelled', 'test'] as const;

/** The OpenAPI shape of a batch; the body itself is checked by the iot lib's parseBatch (fast, message by message, the error names the field). */
export const BATCH_SCHEMA = {
  type: 'object',
  required: ['messages'],
  additionalProperties: false,
  properties: {
    messages: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_BATCH,
      items: {
        type: 'object',
        required: ['messageId', 'deviceId', 'kind'],
        additionalProperties: false,
        properties: {
          messageId: {
            type: 'string',
            pattern: '^[A-Za-z0-9._:-]{1,80}$',
            description: 'unique per platform: a resend carries the same id and is stored once',
          },
          deviceId: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,80}$' },
          kind: { type: 'string', enum: [...MESSAGE_KINDS] },
          at: { type: 'string', format: 'date-time', description: 'when it happened, by the device' },
          sensor: { type: 'string', enum: ['smoke', 'heat', 'gas', 'manual_call_point', 'sprinkler', 'electrical_fire', 'hydrant_pressure', 'other'] },
          value: { type: 'number', description: 'a reading: kPa for hydrant pressure, % for a battery' },
          detail: { type: 'object', description: 'anything else the platform knows (at most 2,000 characters)' },
        },
      },
    },
  },
};

export class AlarmIdParam {
  @ApiProperty({ minimum: 1, maximum: 2147483647 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  id!: number;
}

export class AlarmsQuery {
  @ApiPropertyOptional({ enum: ALARM_STATES })
  @IsOptional()
  @IsIn(ALARM_STATES)
  state?: (typeof ALARM_STATES)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 2147483647, description: 'the alarms on one incident (what the desk shows beside it), whenever raised' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  incident?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 720, default: 24, description: 'alarms raised in the last hours' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  hours?: number;
}

export class CancelAlarmBody {
  @ApiProperty({ minLength: 2, maxLength: 200, description: 'why it is no fire (the duty contact checked: cooking smoke, a test by the owner …)' })
  @IsString()
  @Length(2, 200)
  @Matches(/\S/)
  reason!: string;
}

export class TroublesQuery {
  @ApiPropertyOptional({ description: 'a city or county adcode (default: the whole jurisdiction)', minimum: 360000, maximum: 369999 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(360000)
  @Max(369999)
  area?: number;
}

export class ClustersQuery {
  @ApiProperty({ description: 'minLon,minLat,maxLon,maxLat (WGS84)', example: '115.7,28.5,116.1,28.8' })
  @Matches(/^-?\d{1,3}(\.\d+)?,-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?,-?\d{1,2}(\.\d+)?$/, { message: 'bbox must be minLon,minLat,maxLon,maxLat' })
  bbox!: string;

  @ApiProperty({ minimum: 0, maximum: 22, description: 'the map zoom: the cells are about 60 screen pixels wide' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(22)
  zoom!: number;
}
