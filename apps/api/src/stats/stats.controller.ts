import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PROVINCE_ADCODE, startOfLocalDate } from '@gan119/dispatch';
import { Allow, CONSOLE_ROLES, RequestWithPrincipal } from '../accounts/access';
import { DomainError } from '../common/errors';
import { Db } from '../infra/db/unit-of-work';
import { Calibration } from './calibration';
import { exportTable, toCsv, toXlsx } from './export';
import { HistoryImport } from './import-history';
import { Origin, ResponseFactsRepository } from './response-facts.repository';
import { StatsFilter, Thresholds } from './response-stats.repository';
import { defaultThresholds, Statistics, StatsPart } from './statistics';
import { CalibrationFitBody, ExportTable, HistoryBatchParam, HistoryImportQuery, offsetMinutes, StatsExportQuery, StatsQuery } from './stats.dto';

const DAY = 86_400_000;

/** What each exported table is computed from: its own queries, and the counts the file's note names. */
const EXPORT_PARTS: Record<ExportTable, ReadonlySet<StatsPart>> = {
  summary: new Set(['incidents', 'units']),
  byDay: new Set(['incidents', 'byDay']),
  byHour: new Set(['incidents', 'byHour', 'turnoutByHour']),
  byCounty: new Set(['incidents', 'byCounty']),
  byType: new Set(['incidents', 'byType']),
  byStation: new Set(['incidents', 'byStation']),
  byUnit: new Set(['incidents', 'byUnit']),
  slowest: new Set(['incidents', 'slowest']),
};
const MAX_DAYS = 3 * 366 + 1;

/** A date alone is a local (Asia/Shanghai) day's start. */
const at = (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? startOfLocalDate(s) : Date.parse(s));

/** The filter and thresholds of a statistics request; a period that is backwards or too long is refused. */
function filterOf(q: StatsQuery, req: RequestWithPrincipal): { f: StatsFilter; t: Thresholds } {
  const to = q.to ? at(q.to) : Date.now();
  const from = q.from ? at(q.from) : to - 30 * DAY;
  if (Number.isNaN(from) || Number.isNaN(to)) throw new DomainError('stats_period', 'from and to must be real dates', 400);
  if (from >= to) throw new DomainError('stats_period', `the period is empty or backwards: from ${q.from ?? ''} is not before to ${q.to ?? ''}`, 400);
  if (to - from > MAX_DAYS * DAY) throw new DomainError('stats_period', 'the period may be at most three years', 400);
  const p = req.principal;
  const scope = p?.kind === 'console' && p.jurisdiction !== PROVINCE_ADCODE ? p.jurisdiction : null;
  const d = defaultThresholds();
  return {
    f: {
      from: new Date(from),
      to: new Date(to),
      scope,
      city: q.city,
      county: q.county,
      station: q.station,
      unit: q.unit,
      type: q.type,
      level: q.level,
      origins: (q.origins ? q.origins.split(',') : ['live', 'import', 'synthetic']) as Origin[],
    },
    t: {
      processingS: q.processing ?? d.processingS,
      turnoutFireS: q.turnoutFire ?? d.turnoutFireS,
      turnoutEmsS: q.turnoutEms ?? d.turnoutEmsS,
      firstArrivalS: q.arrival ?? d.firstArrivalS,
    },
  };
}

@ApiTags('statistics')
@Allow(...CONSOLE_ROLES)
@Controller('stats')
export class StatsController {
  constructor(
    private readonly stats: Statistics,
    private readonly imports: HistoryImport,
    private readonly calibration: Calibration,
    private readonly db: Db,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "Response statistics of a period (default the last 30 days) in the console's jurisdiction, filtered by city, county, station, unit, type and level: counts, p50/p90 of every interval, compliance shares at configurable thresholds, trends by day and hour, per county, type, station and unit, the slowest incidents",
  })
  async get(@Query() q: StatsQuery, @Req() req: RequestWithPrincipal) {
    const { f, t } = filterOf(q, req);
    return this.stats.answer(f, t, q.parts ? new Set(q.parts.split(',') as StatsPart[]) : undefined);
  }

  @Get('export')
  @ApiOperation({ summary: 'One table of the statistics as CSV (UTF-8 with BOM) or XLSX, with the same filters' })
  async export(@Query() q: StatsExportQuery, @Req() req: RequestWithPrincipal, @Res() res: Response) {
    const { f, t } = filterOf(q, req);
    const a = await this.stats.answer(f, t, EXPORT_PARTS[q.table]);
    const lang = q.lang ?? 'zh-CN';
    const table = exportTable(a, q.table, lang);
    const name = `gan119-${q.table}-${a.period.from.slice(0, 10)}_${a.period.to.slice(0, 10)}`;
    const note =
      lang === 'en'
        ? `赣119 statistics ${a.period.from} – ${a.period.to}; ${a.counts.incidents} incidents (${a.counts.synthetic} synthetic, ${a.counts.imported} imported)`
        : `赣119 统计 ${a.period.from} 至 ${a.period.to}；警情 ${a.counts.incidents} 起（合成 ${a.counts.synthetic}，导入 ${a.counts.imported}）`;
    const body = q.format === 'csv' ? toCsv(table) : await toXlsx(table, q.table, note);
    res.setHeader('Content-Type', q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.${q.format}"`);
    res.send(body);
  }

  @Get('history')
  @ApiOperation({ summary: 'The batches of the statistics record: live, each imported past record, synthetic history; how many incidents, over which period' })
  async batches() {
    return { batches: await this.db.get(ResponseFactsRepository).batches() };
  }

  @Allow('admin')
  @Post('history/:batch')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'text/plain')
  @ApiBody({
    description:
      'CSV, one row per unit response. mapping=gan119: incident,type,call_at,created_at,ordered_at,en_route_at,on_scene_at,unit,unit_kind,station,location ("(lat, lon)"); mapping=sffd: DataSF Fire Department Calls for Service',
  })
  @ApiOperation({ summary: 'Import a past response record as a named batch (replacing it): all rows or none, bad rows named by line' })
  importHistory(@Param() p: HistoryBatchParam, @Query() q: HistoryImportQuery, @Body() body: unknown, @Headers('content-type') contentType = '') {
    if (typeof body !== 'string' || !/^text\/(csv|plain)/.test(contentType)) {
      throw new DomainError('history_not_csv', 'send the record as text/csv (one row per unit response, with a header)', 415);
    }
    return this.imports.run(p.batch, body, q.mapping ?? 'gan119', offsetMinutes(q.utcOffset));
  }

  @Allow('admin')
  @Delete('history/:batch')
  @ApiOperation({ summary: 'Remove an imported batch from the statistics record' })
  async removeHistory(@Param() p: HistoryBatchParam) {
    const n = await this.db.transaction((tx) => tx.get(ResponseFactsRepository).removeBatch('import', p.batch));
    if (n === 0) throw new DomainError('not_found', `no imported batch "${p.batch}"`, 404);
    return { removed: n };
  }

  @Get('calibration')
  @ApiOperation({
    summary:
      'The ETA calibration in use: its model and the report of its held-out check (predicted vs actual, median and p90 absolute error, Spearman ρ, beside posted speeds and straight-line distance)',
  })
  async calibrationReport() {
    return this.calibration.current();
  }

  @Allow('admin')
  @Post('calibration')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Fit a road region's ETA calibration on the centre's own record (the latest responses from roster stations; with includeDrills, arrived 三随三实 drill units too), check it on the later half, store it and put it in use in every process",
  })
  fitCalibration(@Body() b: CalibrationFitBody) {
    return this.calibration.fit(b.region ?? 'jiangxi', b.days ?? 90, b.includeDrills ?? false);
  }
}
