import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { NestedObject } from '../common/dto/nested';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CRS_NAMES } from '@gan119/geo';
import { INCIDENT_LEVELS, INCIDENT_STATES, INCIDENT_TYPES } from '@gan119/dispatch';
import { CAPABILITIES } from '@gan119/resources';
import { LonLatDto } from '../common/dto/lonlat.dto';

export class LocationDto extends LonLatDto {
  @ApiProperty({ enum: CRS_NAMES, description: 'the coordinate system of lon/lat: phones and Chinese map SDKs give GCJ02, Baidu BD09' })
  @IsIn(CRS_NAMES)
  crs!: (typeof CRS_NAMES)[number];
}

export class CreateIncidentBody {
  @ApiProperty({ enum: INCIDENT_TYPES }) @IsIn(INCIDENT_TYPES) type!: (typeof INCIDENT_TYPES)[number];
  @ApiProperty({ enum: INCIDENT_LEVELS, description: '火警分级 1-5' }) @IsIn(INCIDENT_LEVELS) level!: (typeof INCIDENT_LEVELS)[number];
  @ApiProperty({ type: LocationDto }) @NestedObject(LocationDto) location!: LocationDto;
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @IsString() @Length(1, 300) address?: string;
  @ApiPropertyOptional({ example: '13800000000' }) @IsOptional() @IsString() @Matches(/^[0-9+\-() ]{3,20}$/, { message: 'callerNumber must be a phone number' }) callerNumber?: string;
  @ApiProperty({ enum: ['phone', 'iot', '110', 'agency', 'other'] }) @IsIn(['phone', 'iot', '110', 'agency', 'other']) source!: 'phone' | 'iot' | '110' | 'agency' | 'other';
}

export class IncidentIdParam {
  @Type(() => Number) @IsInt() @Min(1) @Max(2147483647) id!: number;
}

export class RecommendBody {
  @ApiPropertyOptional({ description: 'also consider units returning to station' }) @IsOptional() @IsBoolean() includeReturning?: boolean;
  @ApiPropertyOptional({ description: 'include route geometry (default true)' }) @IsOptional() @IsBoolean() routes?: boolean;
}

export class AssignUnitDto {
  @ApiProperty() @IsInt() @Min(1) @Max(2147483647) unitId!: number;
  @ApiProperty({ enum: CAPABILITIES }) @IsIn(CAPABILITIES) capability!: (typeof CAPABILITIES)[number];
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) etaS?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() crossJurisdiction?: boolean;
}

export class AssignBody {
  @ApiProperty({ type: [AssignUnitDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AssignUnitDto) units!: AssignUnitDto[];
}

export class ReleaseBody {
  @ApiProperty() @IsInt() @Min(1) @Max(2147483647) unitId!: number;
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
}
