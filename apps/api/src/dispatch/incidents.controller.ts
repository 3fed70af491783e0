import { rooms } from '@gan119/dispatch';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../common/errors';
import { AssignBody, CreateIncidentBody, IncidentIdParam, LevelBody, ListQuery, MergeBody, RecommendBody, ReleaseBody, StateBody } from './dispatch.dto';
import { LiveFeed } from '../live/live-feed';
import { EscalationQueue } from '../orders/escalation.queue';
import { Logger } from '@nestjs/common';
import { actorOf, Allow, CONSOLE_ROLES, RequestWithPrincipal } from '../accounts/access';
import { Jurisdiction } from '../accounts/jurisdiction';
import { IncidentDesk } from './incident-desk';
import { toWgs84 } from '@gan119/geo';

const DISPATCH: Parameters<typeof Allow> = ['admin', 'dispatcher'];

@ApiTags('incidents and dispatch')
@Allow(...CONSOLE_ROLES)
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly desk: IncidentDesk,
    private readonly jurisdiction: Jurisdiction,
    private readonly feed: LiveFeed,
    private readonly escalation: EscalationQueue,
  ) {}

  private readonly log = new Logger('IncidentsController');

  /** 403 `outside_jurisdiction` unless the signed-in console may act on (or, for reads, follow) the incident; 404 when there is none. */
  private inJurisdiction(req: RequestWithPrincipal, id: number, need: 'read' | 'write' = 'write'): Promise<void> {
    return this.jurisdiction.incident(req.principal, id, need);
  }

  /**
   * A dispatcher assigns within the incident's jurisdiction; a unit from outside their own
   * jurisdiction goes only through the cross-jurisdiction flow (crossJurisdiction: true, which the
   * recommendation sets and the other 支队 is told of).
   */
  private async checkAssignment(req: RequestWithPrincipal, id: number, b: AssignBody): Promise<void> {
    await this.inJurisdiction(req, id);
    const foreign = await this.jurisdiction.foreignUnits(
      req.principal,
      b.units.map((u) => u.unitId),
    );
    const u = b.units.find((x) => foreign.includes(x.unitId) && !x.crossJurisdiction);
    if (u)
      throw new DomainError(
        'cross_jurisdiction',
        `unit ${u.unitId} is outside your jurisdiction: send it through the cross-jurisdiction flow (crossJurisdiction: true)`,
        403,
        { unitId: u.unitId },
      );
  }

  @Allow(...DISPATCH)
  @Post()
  @ApiOperation({ summary: 'Take a call or alarm: location in WGS84, GCJ-02 or BD-09; duplicates of open incidents are flagged' })
  async create(@Body() b: CreateIncidentBody, @Req() req: RequestWithPrincipal) {
    const [lon, lat] = toWgs84([b.location.lon, b.location.lat], b.location.crs);
    await this.jurisdiction.place(req.principal, lon, lat, "the incident's location");
    return this.desk.create({
      ...b,
      location: { lon: b.location.lon, lat: b.location.lat, crs: b.location.crs },
      callFacts: b.callFacts ? { ...b.callFacts } : undefined,
      callReceivedAt: b.callReceivedAt ? Date.parse(b.callReceivedAt) : undefined,
      by: actorOf(req, 'dispatcher'),
    });
  }

  @Get()
  @ApiOperation({ summary: 'The incident queue (open ones by default), newest first; by city, type, the last hours, and text (address, caller number, #id)' })
  async list(@Query() q: ListQuery, @Req() req: RequestWithPrincipal) {
    const jurisdiction = Jurisdiction.listFilter(req.principal);
    return {
      incidents: await this.desk.list({
        openOnly: q.open !== 'false',
        limit: q.limit ?? 100,
        city: q.city,
        type: q.type,
        q: q.q?.trim() || undefined,
        hours: q.hours,
        jurisdiction,
      }),
    };
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'An incident with its callers, assigned units (status, ETA, acknowledgement, time on scene) and full timeline with the names of the units it mentions',
  })
  async get(@Param() p: IncidentIdParam, @Req() req: RequestWithPrincipal) {
    await this.inJurisdiction(req, p.id, 'read');
    return this.desk.detail(p.id);
  }

  @Post(':id/recommendation')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Recommend units for what the graded plan still needs: ETAs by road, explanations, routes, shortfall, cross-jurisdiction, assembly point',
  })
  async recommend(@Param() p: IncidentIdParam, @Body() b: RecommendBody, @Req() req: RequestWithPrincipal) {
    await this.inJurisdiction(req, p.id);
    return this.desk.recommend(p.id, b);
  }

  @Allow(...DISPATCH)
  @Post(':id/assignments')
  @ApiOperation({ summary: 'Assign units (accepted or edited proposal): one transaction; 409 naming a unit that is not free' })
  async assign(@Param() p: IncidentIdParam, @Body() b: AssignBody, @Req() req: RequestWithPrincipal) {
    await this.checkAssignment(req, p.id, b);
    const result = await this.desk.assign({ incidentId: p.id, units: b.units, by: actorOf(req, 'dispatcher') });
    // committed: start the ack timers and tell the tablets. Neither can lose the order: a tablet that
    // misses the push gets it on reconnect, and the worker's sweep escalates from the record if the
    // timer could not be set (Redis down)
    const orderIds = result.assignments.map((a) => a.orderId);
    await this.escalation.schedule(orderIds).catch((e: Error) => this.log.warn(`ack timers not set (the sweep covers them): ${e.message}`));
    // the orders as the assignment built them: nothing read again after the commit
    this.feed.orders(result.assignments.map((a) => ({ message: a.order, ...result.area })));
    await this.feed.unitsChanged(result.assignments.map((a) => a.unitId));
    if (b.units.some((u) => u.replacesOrderId)) await this.feed.incidentAlerts(p.id);
    // units taken from a drill: their tablets drop the drill, the 演练 view shows them preempted
    for (const d of result.drillsEnded) {
      this.feed.drill([rooms.unit(d.unitId)], 'drill:ended', d);
      this.feed.drill(rooms.consoles(result.area.cityAdcode, result.area.countyAdcode), 'drill:changed', { drillId: d.drillId });
    }
    return result;
  }

  @Allow(...DISPATCH)
  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a unit from the incident, with the reason (its open alerts there are dealt with)' })
  async release(@Param() p: IncidentIdParam, @Body() b: ReleaseBody, @Req() req: RequestWithPrincipal) {
    await this.inJurisdiction(req, p.id);
    const ended = await this.desk.release(p.id, b.unitId, actorOf(req, 'dispatcher'), { reason: b.reason, note: b.note });
    this.feed.withdrawn([ended]);
    await this.feed.unitsChanged([b.unitId]);
    await this.feed.incidentAlerts(p.id);
    return { released: b.unitId };
  }

  @Allow(...DISPATCH)
  @Post(':id/state')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the incident along new → dispatched → on scene → under control → closed' })
  async state(@Param() p: IncidentIdParam, @Body() b: StateBody, @Req() req: RequestWithPrincipal) {
    await this.inJurisdiction(req, p.id);
    const { incident, ended } = await this.desk.setState(p.id, b.to, actorOf(req, 'dispatcher'));
    this.feed.withdrawn(ended);
    if (b.to === 'closed') {
      await this.feed.unitsChanged(await this.desk.unitsEverOn(p.id));
      await this.feed.incidentAlerts(p.id);
    }
    return incident;
  }

  @Allow(...DISPATCH)
  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen an incident closed within the last 30 minutes (a flare-up, a closing by mistake): it waits for dispatch again' })
  async reopen(@Param() p: IncidentIdParam, @Req() req: RequestWithPrincipal) {
    await this.inJurisdiction(req, p.id);
    return this.desk.reopen(p.id, actorOf(req, 'dispatcher'));
  }

  @Allow(...DISPATCH)
  @Post(':id/level')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the 火警分级; recommend again to plan for the difference' })
  async level(@Param() p: IncidentIdParam, @Body() b: LevelBody, @Req() req: RequestWithPrincipal) {
    await this.inJurisdiction(req, p.id);
    return this.desk.setLevel(p.id, b.level, actorOf(req, 'dispatcher'));
  }

  @Allow(...DISPATCH)
  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge this duplicate report into the incident it repeats (callers and timeline are kept)' })
  async merge(@Param() p: IncidentIdParam, @Body() b: MergeBody, @Req() req: RequestWithPrincipal) {
    await this.inJurisdiction(req, p.id);
    await this.inJurisdiction(req, b.into);
    return this.desk.merge(p.id, b.into, actorOf(req, 'dispatcher'));
  }
}
