import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors';
import { AvlService } from '../forces/avl.service';
import { RoutingService } from '../roads/routing.service';
import { assignUnits } from './assign-units';
import { AssignmentRepository } from './assignment.repository';
import { createIncident } from './create-incident';
import { AssignBody, CreateIncidentBody, IncidentIdParam, LevelBody, ListQuery, MergeBody, RecommendBody, ReleaseBody, StateBody } from './dispatch.dto';
import { changeIncidentLevel, changeIncidentState, mergeIncident, releaseUnit } from './incident-actions';
import { IncidentRepository } from './incident.repository';
import { recommendUnits } from './recommend-units';
import { LiveFeed } from '../live/live-feed';
import { EscalationQueue } from '../escalation/escalation.queue';
import { Logger } from '@nestjs/common';

const ACTOR = 'dispatcher'; // until accounts exist (issue 8)

@ApiTags('incidents and dispatch')
@Controller('incidents')
export class IncidentsController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly routing: RoutingService,
    private readonly avl: AvlService,
    private readonly feed: LiveFeed,
    private readonly escalation: EscalationQueue,
  ) {}

  private readonly log = new Logger('IncidentsController');

  @Post()
  @ApiOperation({ summary: 'Take a call or alarm: location in WGS84, GCJ-02 or BD-09; duplicates of open incidents are flagged' })
  create(@Body() b: CreateIncidentBody) {
    return createIncident(this.ds, { ...b, location: { lon: b.location.lon, lat: b.location.lat, crs: b.location.crs }, by: ACTOR });
  }

  @Get()
  @ApiOperation({ summary: 'The incident queue (open ones by default), newest first' })
  async list(@Query() q: ListQuery) {
    return { incidents: await new IncidentRepository(this.ds).list(q.open !== 'false', q.limit ?? 100) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'An incident with its callers, assigned units and full timeline' })
  async get(@Param() p: IncidentIdParam) {
    const repo = new IncidentRepository(this.ds);
    const incident = await repo.byId(p.id);
    if (!incident) throw notFound(`incident ${p.id}`);
    return { ...incident, callers: await repo.callers(p.id), assignments: await new AssignmentRepository(this.ds).activeFor(p.id), timeline: await repo.timeline(p.id) };
  }

  @Post(':id/recommendation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Recommend units for what the graded plan still needs: ETAs by road, explanations, routes, shortfall, cross-jurisdiction, assembly point' })
  recommend(@Param() p: IncidentIdParam, @Body() b: RecommendBody) {
    return recommendUnits({ ds: this.ds, routing: this.routing, avl: this.avl }, p.id, b);
  }

  @Post(':id/assignments')
  @ApiOperation({ summary: 'Assign units (accepted or edited proposal): one transaction; 409 naming a unit that is not free' })
  async assign(@Param() p: IncidentIdParam, @Body() b: AssignBody) {
    const result = await assignUnits(this.ds, { incidentId: p.id, units: b.units, by: ACTOR });
    // committed: start the ack timers and tell the tablets. Neither can lose the order: a tablet that
    // misses the push gets it on reconnect, and the worker's sweep escalates from the record if the
    // timer could not be set (Redis down)
    const orderIds = result.assignments.map((a) => a.orderId);
    await this.escalation.schedule(orderIds).catch((e: Error) => this.log.warn(`ack timers not set (the sweep covers them): ${e.message}`));
    await this.feed.orders(orderIds);
    await this.feed.unitsChanged(result.assignments.map((a) => a.unitId));
    return result;
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a unit from the incident' })
  async release(@Param() p: IncidentIdParam, @Body() b: ReleaseBody) {
    await releaseUnit(this.ds, p.id, b.unitId, ACTOR);
    await this.feed.unitsChanged([b.unitId]);
    return { released: b.unitId };
  }

  @Post(':id/state')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the incident along new → dispatched → on scene → under control → closed' })
  async state(@Param() p: IncidentIdParam, @Body() b: StateBody) {
    const incident = await changeIncidentState(this.ds, p.id, b.to, ACTOR);
    if (b.to === 'closed') await this.feed.unitsChanged(await new AssignmentRepository(this.ds).unitsEverOn(p.id));
    return incident;
  }

  @Post(':id/level')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the 火警分级; recommend again to plan for the difference' })
  level(@Param() p: IncidentIdParam, @Body() b: LevelBody) {
    return changeIncidentLevel(this.ds, p.id, b.level, ACTOR);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge this duplicate report into the incident it repeats (callers and timeline are kept)' })
  merge(@Param() p: IncidentIdParam, @Body() b: MergeBody) {
    return mergeIncident(this.ds, p.id, b.into, ACTOR);
  }
}
