import { BigIdParam } from '../common/dto/id';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
  ValidateIf,
} from 'class-validator';
import { NestedObject } from '../common/dto/nested';
import { LonLatDto, LonLatQuery } from '../common/dto/lonlat.dto';

export class SnapQuery extends LonLatQuery {
  @ApiPropertyOptional({ description: 'farthest road to accept, metres', minimum: 1, maximum: 100000 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(100000)
  maxDistanceM?: number;
}

export class RouteBody {
  @ApiProperty({ type: LonLatDto })
  @NestedObject(LonLatDto)
  from!: LonLatDto;

  @ApiProperty({ type: LonLatDto })
  @NestedObject(LonLatDto)
  to!: LonLatDto;
}

export class SourceDto extends LonLatDto {
  @ApiProperty({ description: 'caller-chosen id of this source (a unit id)', example: 'unit-17' })
  @IsString()
  @Length(1, 64)
  id!: string;
}

export class TravelTimesBody {
  @ApiProperty({ type: LonLatDto, description: 'the destination (the incident)' })
  @NestedObject(LonLatDto)
  to!: LonLatDto;

  @ApiProperty({ type: [SourceDto], minItems: 1, maxItems: 500, description: 'the candidates (1 to 500)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => SourceDto)
  from!: SourceDto[];

  @ApiPropertyOptional({ description: 'give up beyond this many seconds', minimum: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  maxSeconds?: number;
}

export class CloseRoadBody {
  @ApiPropertyOptional({ description: 'the road edge to close; or give a point and the nearest road is closed' })
  @ValidateIf((o: CloseRoadBody) => o.at === undefined || o.edgeId !== undefined)
  @IsInt()
  @Min(1)
  @Max(2 ** 53)
  edgeId?: number;

  @ApiPropertyOptional({ type: LonLatDto, description: 'close the road nearest to this point (within 200 m)' })
  @ValidateIf((o: CloseRoadBody) => o.edgeId === undefined || o.at !== undefined)
  @NestedObject(LonLatDto)
  at?: LonLatDto;

  @ApiProperty({ example: '桥梁垮塌 bridge collapsed', minLength: 1, maxLength: 500 })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class ReopenRoadBody {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  note?: string;
}

export class ClosuresQuery {
  @ApiPropertyOptional({ description: 'only closures still in force (default true)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

/** a road closure's id (bigserial) */
export class ClosureIdParam extends BigIdParam {}
