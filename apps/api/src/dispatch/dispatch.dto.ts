import { IdParam } from '../common/dto/id';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { NestedObject } from '../common/dto/nested';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
  IsISO8601,
} from 'class-validator';
import { CRS_NAMES } from '@gan119/geo';
import { INCIDENT_LEVELS, INCIDENT_STATES, INCIDENT_TYPES, RELEASE_REASONS } from '@gan119/dispatch';
import { CAPABILITIES } from '@gan119/resources';
import { LonLatDto } from '../common/dto/lonlat.dto';

export class LocationDto extends LonLatDto {
  @ApiProperty({ enum: CRS_NAMES, description: 'the coordinate system of lon/lat: phones and Chinese map SDKs give GCJ02, Baidu BD09' })
  @IsIn(CRS_NAMES)
  crs!: (typeof CRS_NAMES)[number];
}

export const HAZARDS = ['gas', 'chemicals', 'electricity'] as const;
export const BUILDING_USES = ['residential', 'commercial', 'industrial', 'warehouse', 'public', 'school', 'hospital', 'other'] as const;

/** 接警要素: the call-taker's answers that change the plan. */
export class CallFactsDto {
  @ApiPropertyOptional({ description: 'people trapped: how many (-1: some, number unknown; 0: none)', minimum: -1, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(10000)
  trapped?: number;
  @ApiPropertyOptional({ description: 'the floor of the fire or of the people (negative: basement)', minimum: -10, maximum: 200 })
  @IsOptional()
  @IsInt()
  @Min(-10)
  @Max(200)
  floor?: number;
  @ApiPropertyOptional({ description: "the building's height in floors", minimum: 1, maximum: 200 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  buildingFloors?: number;
  @ApiPropertyOptional({ enum: HAZARDS, isArray: true, maxItems: 3 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsIn(HAZARDS, { each: true })
  hazards?: Array<(typeof HAZARDS)[number]>;
  @ApiPropertyOptional({ enum: BUILDING_USES })
  @IsOptional()
  @IsIn(BUILDING_USES)
  buildingUse?: (typeof BUILDING_USES)[number];
}

export class CreateIncidentBody {
  @ApiProperty({ enum: INCIDENT_TYPES }) @IsIn(INCIDENT_TYPES) type!: (typeof INCIDENT_TYPES)[number];
  @ApiProperty({ enum: INCIDENT_LEVELS, description: '火警分级 1-5' }) @IsIn(INCIDENT_LEVELS) level!: (typeof INCIDENT_LEVELS)[number];
  @ApiProperty({ type: LocationDto }) @NestedObject(LocationDto) location!: LocationDto;
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @IsString() @Length(1, 300) address?: string;
  @ApiPropertyOptional({ example: '13800000000' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9+\-() ]{3,20}$/, { message: 'callerNumber must be a phone number' })
  callerNumber?: string;
  @ApiProperty({ enum: ['phone', 'iot', '110', 'agency', 'other'] }) @IsIn(['phone', 'iot', '110', 'agency', 'other']) source!:
    'phone' | 'iot' | '110' | 'agency' | 'other';
  @ApiPropertyOptional({
    type: CallFactsDto,
    description: '接警要素: people trapped, floor, hazards, building use; they can raise the level and add capabilities',
  })
  @IsOptional()
  @NestedObject(CallFactsDto)
  callFacts?: CallFactsDto;
  @ApiPropertyOptional({
    example: '2026-12-02T08:00:05Z',
    description: 'when the call was answered (the desk stamps it as the dispatcher starts the intake): call-taking is measured from it',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'callReceivedAt must be an ISO 8601 time' })
  callReceivedAt?: string;
}

export class IncidentIdParam extends IdParam {}

export class RecommendBody {
  @ApiPropertyOptional({ description: 'also consider units returning to station' }) @IsOptional() @IsBoolean() includeReturning?: boolean;
  @ApiPropertyOptional({ description: 'include route geometry (default true)' }) @IsOptional() @IsBoolean() routes?: boolean;
  @ApiPropertyOptional({
    description: "work out every candidate's exact ETA instead of stopping once the plan is settled (slower: for comparing alternatives)",
  })
  @IsOptional()
  @IsBoolean()
  exhaustive?: boolean;
}

export class AssignUnitDto {
  @ApiProperty() @IsInt() @Min(1) @Max(2147483647) unitId!: number;
  @ApiProperty({ enum: CAPABILITIES }) @IsIn(CAPABILITIES) capability!: (typeof CAPABILITIES)[number];
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) etaS?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() crossJurisdiction?: boolean;
  @ApiPropertyOptional({ description: 'sent instead of the unit of this unanswered order (its desk alert is then dealt with)', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  replacesOrderId?: string;
}

export class AssignBody {
  @ApiProperty({ type: [AssignUnitDto], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AssignUnitDto)
  units!: AssignUnitDto[];
}

export class ReleaseBody {
  @ApiProperty() @IsInt() @Min(1) @Max(2147483647) unitId!: number;
  @ApiPropertyOptional({ enum: RELEASE_REASONS, description: 'why the unit is released (recorded in the timeline)' })
  @IsOptional()
  @IsIn(RELEASE_REASONS)
  reason?: (typeof RELEASE_REASONS)[number];
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) note?: string;
}

export class StateBody {
  @ApiProperty({ enum: INCIDENT_STATES }) @IsIn(INCIDENT_STATES) to!: (typeof INCIDENT_STATES)[number];
}

export class LevelBody {
  @ApiProperty({ enum: INCIDENT_LEVELS }) @IsIn(INCIDENT_LEVELS) level!: (typeof INCIDENT_LEVELS)[number];
}

export class MergeBody {
  @ApiProperty({ description: 'the incident this one repeats' }) @IsInt() @Min(1) @Max(2147483647) into!: number;
}

export class ListQuery {
  @ApiPropertyOptional({ description: 'only open incidents (default true)' }) @IsOptional() @IsIn(['true', 'false']) open?: 'true' | 'false';
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ description: 'only this city (支队) adcode' }) @IsOptional() @Type(() => Number) @IsInt() @Min(100000) @Max(999999) city?: number;
  @ApiPropertyOptional({ enum: INCIDENT_TYPES }) @IsOptional() @IsIn(INCIDENT_TYPES) type?: (typeof INCIDENT_TYPES)[number];
  @ApiPropertyOptional({ description: 'text in the address, a caller number or the incident number', maxLength: 60 })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  q?: string;
  @ApiPropertyOptional({ description: 'only incidents reported in the last so many hours (the day: 24)', maximum: 720 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  hours?: number;
}
