import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PROVINCE_ADCODE } from '@gan119/dispatch';
import { actorOf, Allow, CONSOLE_ROLES, RequestWithPrincipal, withinJurisdiction } from '../accounts/access';
import { Jurisdiction } from '../accounts/jurisdiction';
import { IdParam } from '../common/dto/id';
import { DomainError, notFound } from '../common/errors';
import { Db } from '../infra/db/unit-of-work';
import { DrillRepository } from './drill.repository';
import { DrillResults } from './drill-results';
import { DrillBody, DrillListQuery, DrillResultsQuery } from './drills.dto';
import { DrillRequest, Drills } from './drills.service';

const DAY = 86_400_000;
const bad = (code: string, message: string) => new DomainError(code, message, 400);

/** The console's jurisdiction (the province when sign-in is off). */
const jurisdictionOf = (req: RequestWithPrincipal) => (req.principal?.kind === 'console' ? req.principal.jurisdiction : PROVINCE_ADCODE);

@ApiTags('drills')
@Allow(...CONSOLE_ROLES)
@Controller('drills')
export class DrillsController {
  constructor(
    private readonly drills: Drills,
    private readonly results: DrillResults,
    private readonly db: Db,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  @Post()
  @Allow('admin', 'commander')
  @ApiOperation({
    summary:
      '三随三实: schedule or fire a drill at chosen stations or units, or at stations drawn at random in a scope, now, at a time or at a random time in a window, with a chosen or random scenario; the order reaches the tablets marked 演练',
  })
  async create(@Body() b: DrillBody, @Req() req: RequestWithPrincipal) {
    return this.drills.schedule(await this.request(b, req));
  }

  /** The body's rules beyond its shape, and the jurisdiction: whom, when, where. */
  private async request(b: DrillBody, req: RequestWithPrincipal, now = Date.now()): Promise<DrillRequest> {
    const whom = [b.stationIds, b.unitIds, b.random].filter((x) => x !== undefined).length;
    if (whom !== 1) throw bad('drill_whom', 'say whom the drill is for: exactly one of stationIds, unitIds or random');
    if (b.at !== undefined && b.window !== undefined) throw bad('drill_when', 'give a time (at) or a window, not both');
    const at = b.at !== undefined ? Date.parse(b.at) : undefined;
    if (at !== undefined && (at < now - 60_000 || at > now + 30 * DAY)) throw bad('drill_when', 'at must be from now to 30 days ahead');
    let window: DrillRequest['window'];
    if (b.window) {
      const from = Math.max(Date.parse(b.window.from), now),
        to = Date.parse(b.window.to);
      if (!(to > from)) throw bad('drill_window', 'window.to must be after window.from and after now');
      if (to - from > 7 * DAY) throw bad('drill_window', 'a window may span at most 7 days');
      if (from > now + 30 * DAY) throw bad('drill_window', 'a window must start within 30 days');
      window = { from: new Date(from), to: new Date(to) };
    }
    const s = b.scenario;
    if (s && (s.lon === undefined) !== (s.lat === undefined)) throw bad('drill_point', 'scenario.lon and scenario.lat go together');
    if (s && b.randomScenario) throw bad('drill_scenario', 'give a scenario or randomScenario, not both');
    if (s?.lon !== undefined && s.lat !== undefined) await this.jurisdiction.place(req.principal, s.lon, s.lat, 'the drill point');
    const j = jurisdictionOf(req);
    const repo = this.db.get(DrillRepository);
    if (b.stationIds || b.unitIds) {
      const homes = await repo.homesOf(b.stationIds ?? [], b.unitIds ?? []);
      for (const id of b.stationIds ?? []) if (!homes.some((h) => h.what === 'station' && h.id === id)) throw notFound(`station ${id}`);
      for (const h of homes) withinJurisdiction(req, h, `${h.what} ${h.id}`);
    }
    let random = b.random ? { count: b.random.count, scopeAdcode: b.random.scopeAdcode ?? j } : undefined;
    if (random && random.scopeAdcode !== PROVINCE_ADCODE) {
      const area = await repo.areaOf(random.scopeAdcode);
      if (!area || area.level === 'province') throw notFound(`city or county ${random.scopeAdcode}`);
      withinJurisdiction(req, area, `area ${random.scopeAdcode}`);
    } else if (random && j !== PROVINCE_ADCODE) random = { ...random, scopeAdcode: j };
    return {
      stationIds: b.stationIds,
      unitIds: b.unitIds,
      random,
      fireAt: at !== undefined ? new Date(at) : undefined,
      window,
      scenario: s,
      randomScenario: b.randomScenario,
      note: b.note,
      by: actorOf(req, 'commander'),
    };
  }

  @Get()
  @ApiOperation({ summary: 'Drills in your jurisdiction (or a scope in it), the newest first: scheduled, live and past' })
  async list(@Query() q: DrillListQuery, @Req() req: RequestWithPrincipal) {
    return this.results.list(await this.scope(q.scope, req), q.limit ?? 50);
  }

  @Get('results')
  @ApiOperation({
    summary:
      'Drill league tables over the last days: by 支队 (city) and by station (drills, pass rate, mean score, median turnout and arrival), and the worst-scoring unit drills; scored against turnout 60 s by day / 80 s at night and arrival within 5 minutes',
  })
  async league(@Query() q: DrillResultsQuery, @Req() req: RequestWithPrincipal) {
    return this.results.results(q.days ?? 90, await this.scope(q.scope, req));
  }

  @Get(':id')
  @ApiOperation({
    summary: "One drill: what was asked, each unit's times (order, 收到, 出动 or leaving the station, 到场 or at the point by its positions) and score",
  })
  detail(@Param() p: IdParam) {
    return this.results.detail(p.id);
  }

  @Post(':id/fire')
  @Allow('admin', 'commander')
  @HttpCode(200)
  @ApiOperation({ summary: 'Fire a scheduled drill now' })
  async fire(@Param() p: IdParam) {
    return { id: p.id, state: await this.drills.fire(p.id) };
  }

  @Post(':id/cancel')
  @Allow('admin', 'commander')
  @HttpCode(200)
  @ApiOperation({ summary: 'Call a drill off: a scheduled one never fires; a live one ends for its units (not scored)' })
  async cancel(@Param() p: IdParam, @Req() req: RequestWithPrincipal) {
    await this.drills.cancel(p.id, actorOf(req, 'commander'));
    return { id: p.id, state: 'cancelled' };
  }

  /** A scope asked for must be within the jurisdiction; none asked: the jurisdiction (the province: all). */
  private async scope(asked: number | undefined, req: RequestWithPrincipal): Promise<number | null> {
    const j = jurisdictionOf(req);
    if (asked === undefined) return j === PROVINCE_ADCODE ? null : j;
    if (asked === PROVINCE_ADCODE) {
      if (j !== PROVINCE_ADCODE) throw new DomainError('outside_jurisdiction', `the province is outside your jurisdiction (${j})`, 403, { jurisdiction: j });
      return null;
    }
    const area = await this.db.get(DrillRepository).areaOf(asked);
    if (!area) throw notFound(`city or county ${asked}`);
    withinJurisdiction(req, area, `area ${asked}`);
    return asked;
  }
}
