import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INCIDENT_TYPES, IncidentType } from '@gan119/dispatch';
import { WholeField } from '../common/dto/id';

export class DrillRandomDto {
  @ApiProperty({ example: 1, minimum: 1, maximum: 20, description: 'how many stations to draw' })
  @IsInt({ message: 'random.count must be a whole number' })
  @Min(1, { message: 'random.count must be at least 1' })
  @Max(20, { message: 'random.count may be at most 20' })
  count!: number;
  @ApiPropertyOptional({ example: 360100, description: 'draw in this city or county (adcode); default: your jurisdiction' })
  @IsOptional()
  @IsInt({ message: 'random.scopeAdcode must be an adcode' })
  @Min(100000)
  @Max(999999)
  scopeAdcode?: number;
}

export class DrillWindowDto {
  @ApiProperty({ example: '2026-12-03T09:00:00+08:00' }) @IsISO8601({ strict: true }, { message: 'window.from must be an ISO 8601 time' }) from!: string;
  @ApiProperty({ example: '2026-12-03T17:00:00+08:00' }) @IsISO8601({ strict: true }, { message: 'window.to must be an ISO 8601 time' }) to!: string;
}

export class DrillScenarioDto {
  @ApiProperty({ enum: INCIDENT_TYPES }) @IsIn(INCIDENT_TYPES, { message: `scenario.type must be one of ${INCIDENT_TYPES.join(', ')}` }) type!: IncidentType;
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt({ message: 'scenario.level must be 1 to 5' })
  @Min(1, { message: 'scenario.level must be 1 to 5' })
  @Max(5, { message: 'scenario.level must be 1 to 5' })
  level!: number;
  @ApiPropertyOptional({ description: 'the drill point (WGS84); default: a random road point in each station district' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'scenario.lon must be a number' })
  @Min(-180)
  @Max(180)
  lon?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'scenario.lat must be a number' })
  @Min(-90)
  @Max(90)
  lat?: number;
}

/** Whom (exactly one of stationIds, unitIds, random), when (at, a window, or now) and what (a scenario, a random one, or a fire at level 1). */
export class DrillBody {
  @ApiPropertyOptional({ type: [Number], minItems: 1, maxItems: 20, description: 'chosen stations (every free unit of each)' })
  @IsOptional()
  @IsArray({ message: 'stationIds must be a list of station ids' })
  @ArrayMinSize(1, { message: 'stationIds must hold at least one station' })
  @ArrayMaxSize(20, { message: 'stationIds may hold at most 20 stations' })
  @IsInt({ each: true, message: 'stationIds must be whole numbers' })
  @Min(1, { each: true })
  @Max(2147483647, { each: true })
  stationIds?: number[];
  @ApiPropertyOptional({ type: [Number], minItems: 1, maxItems: 50, description: 'chosen units' })
  @IsOptional()
  @IsArray({ message: 'unitIds must be a list of unit ids' })
  @ArrayMinSize(1, { message: 'unitIds must hold at least one unit' })
  @ArrayMaxSize(50, { message: 'unitIds may hold at most 50 units' })
  @IsInt({ each: true, message: 'unitIds must be whole numbers' })
  @Min(1, { each: true })
  @Max(2147483647, { each: true })
  unitIds?: number[];
  @ApiPropertyOptional({ type: DrillRandomDto }) @IsOptional() @ValidateNested() @Type(() => DrillRandomDto) random?: DrillRandomDto;
  @ApiPropertyOptional({ example: '2026-12-03T10:30:00+08:00', description: 'fire at this time (default now)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 time' })
  at?: string;
  @ApiPropertyOptional({ type: DrillWindowDto, description: 'fire at a random time in this window (三随: the crew does not know when)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DrillWindowDto)
  window?: DrillWindowDto;
  @ApiPropertyOptional({ type: DrillScenarioDto }) @IsOptional() @ValidateNested() @Type(() => DrillScenarioDto) scenario?: DrillScenarioDto;
  @ApiPropertyOptional({ description: 'draw the type and level at random' })
  @IsOptional()
  @IsBoolean({ message: 'randomScenario must be true or false' })
  randomScenario?: boolean;
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @MaxLength(200, { message: 'note may be at most 200 characters' })
  note?: string;
}

export class DrillListQuery {
  @ApiPropertyOptional({ description: 'a city or county adcode; default: your jurisdiction' })
  @IsOptional()
  @WholeField(100000, 999999, 'city or county adcode')
  scope?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 500 }) @IsOptional() @WholeField(1, 500, 'how many drills') limit?: number;
}

export class DrillResultsQuery extends DrillListQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 366, description: 'the last so many days (default 90)' }) @IsOptional() @WholeField(1, 366, 'days') days?: number;
}
