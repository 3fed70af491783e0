import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { HISTORY_MAPPINGS } from '@gan119/dispatch';
import { WholeField } from '../common/dto/id';

const optional =
  (d: PropertyDecorator): PropertyDecorator =>
  (target, key) => {
    IsOptional()(target, key);
    d(target, key);
  };

/** The parts of a statistics answer a request may ask for alone (the console asks for the station and unit tables second). */
export const STATS_PARTS = ['incidents', 'units', 'byDay', 'byHour', 'turnoutByHour', 'byCounty', 'byType', 'byStation', 'byUnit', 'slowest'] as const;

export class StatsQuery {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'from (inclusive): a date (local, Asia/Shanghai) or an ISO 8601 time; default 30 days ago' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a date (2026-11-01) or an ISO 8601 time' })
  from?: string;
  @ApiPropertyOptional({ example: '2026-12-01', description: 'to (exclusive): a date or an ISO 8601 time; default now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a date (2026-12-01) or an ISO 8601 time' })
  to?: string;
  @optional(WholeField(100000, 999999, 'city adcode')) city?: number;
  @optional(WholeField(100000, 999999, 'county adcode')) county?: number;
  @optional(WholeField(1, 2147483647, 'station id')) station?: number;
  @optional(WholeField(1, 2147483647, 'unit id')) unit?: number;
  @ApiPropertyOptional({ description: 'incident type' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_ /-]{1,60}$/, { message: 'type must be an incident type (letters, digits, _ / -)' })
  type?: string;
  @optional(WholeField(1, 5, '火警分级 1-5')) level?: number;
  @ApiPropertyOptional({ example: 'live,import', description: 'which records: live, import, synthetic (comma-separated; default all)' })
  @IsOptional()
  @Matches(/^(live|import|synthetic)(,(live|import|synthetic)){0,2}$/, { message: 'origins must be live, import and/or synthetic, comma-separated' })
  origins?: string;
  @optional(WholeField(1, 3600, 'processing threshold, s (NFPA 1225: 60)')) processing?: number;
  @optional(WholeField(1, 3600, 'turnout threshold for fire units, s (NFPA 1710: 80)')) turnoutFire?: number;
  @optional(WholeField(1, 3600, 'turnout threshold for EMS units, s (NFPA 1710: 60)')) turnoutEms?: number;
  @optional(WholeField(1, 7200, 'first arrival threshold, s (GB 51080: 300)')) arrival?: number;
  @ApiPropertyOptional({
    example: 'byStation,byUnit',
    description: `which parts of the answer (comma-separated; default all): ${STATS_PARTS.join(', ')}; the others answer empty`,
  })
  @IsOptional()
  @Matches(new RegExp(`^(${STATS_PARTS.join('|')})(,(${STATS_PARTS.join('|')}))*$`), {
    message: `parts must be comma-separated names of: ${STATS_PARTS.join(', ')}`,
  })
  parts?: string;
}

export const EXPORT_TABLES = ['summary', 'byDay', 'byHour', 'byCounty', 'byType', 'byStation', 'byUnit', 'slowest'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export class StatsExportQuery extends StatsQuery {
  @ApiPropertyOptional({ enum: EXPORT_TABLES }) @IsIn(EXPORT_TABLES, { message: `table must be one of ${EXPORT_TABLES.join(', ')}` }) table!: ExportTable;
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'] }) @IsIn(['csv', 'xlsx'], { message: 'format must be csv or xlsx' }) format!: 'csv' | 'xlsx';
  @ApiPropertyOptional({ enum: ['zh-CN', 'en'] }) @IsOptional() @IsIn(['zh-CN', 'en'], { message: 'lang must be zh-CN or en' }) lang?: 'zh-CN' | 'en';
}

export class HistoryBatchParam {
  @ApiProperty({ example: 'nanchang-2025' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{1,49}$/, { message: 'batch must be 2-50 lower-case letters, digits, - or _' })
  batch!: string;
}

export class HistoryImportQuery {
  @ApiPropertyOptional({
    enum: Object.keys(HISTORY_MAPPINGS),
    description: 'column mapping: gan119 (our export) or sffd (DataSF Fire Department Calls for Service)',
  })
  @IsOptional()
  @IsIn(Object.keys(HISTORY_MAPPINGS), { message: `mapping must be one of ${Object.keys(HISTORY_MAPPINGS).join(', ')}` })
  mapping?: keyof typeof HISTORY_MAPPINGS;
  @ApiPropertyOptional({ example: '+08:00', description: "the UTC offset of the record's local times (default +08:00; San Francisco in winter -08:00)" })
  @IsOptional()
  @Matches(/^[+-](0\d|1[0-4]):[0-5]\d$/, { message: 'utcOffset must be like +08:00 or -08:00' })
  utcOffset?: string;
}

/** "+08:00" → 480, "-08:00" → −480. */
export const offsetMinutes = (s: string | undefined): number => (s ? (s[0] === '-' ? -1 : 1) * (Number(s.slice(1, 3)) * 60 + Number(s.slice(4, 6))) : 480);

export class CalibrationFitBody {
  @ApiPropertyOptional({ example: 'jiangxi', description: 'the road region to calibrate (default jiangxi)' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9_-]{1,40}$/, { message: 'region must be a road region name' })
  region?: string;
  @ApiPropertyOptional({ example: 90, description: 'fit on the responses of the last this many days (default 90)' })
  @IsOptional()
  @IsInt({ message: 'days must be a whole number' })
  @Min(7)
  @Max(3660)
  days?: number;
  @ApiPropertyOptional({ description: 'take arrived drill units (三随三实) as extra samples (default false: drills never count unless asked)' })
  @IsOptional()
  @IsBoolean({ message: 'includeDrills must be true or false' })
  includeDrills?: boolean;
}
