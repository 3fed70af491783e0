import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { lonLat } from '../common/dto/lonlat.dto';
import { ClosuresQuery, CloseRoadBody, ClosureIdParam, ReopenRoadBody, RouteBody, SnapQuery, TravelTimesBody } from './roads.dto';
import { ActiveCalibration, RoadRepository } from './road.repository';
import { RoutingService } from './routing.service';
import { RoadClosures } from './close-road';
import { DomainError } from '../common/errors';
import { actorOf, Allow, ALL_ROLES, CONSOLE_ROLES, Public, RequestWithPrincipal } from '../accounts/access';
import { Jurisdiction } from '../accounts/jurisdiction';

@ApiTags('roads and routing')
@Allow(...ALL_ROLES)
@Controller()
export class RoadsController {
  constructor(
    private readonly roads: RoadRepository,
    private readonly closures_: RoadClosures,
    private readonly jurisdiction: Jurisdiction,
    private readonly routing: RoutingService,
  ) {}

  @Public()
  @Get('roads/regions')
  @ApiOperation({ summary: 'Imported road networks; synthetic ones are marked' })
  async regions() {
    return { regions: await this.roads.regions(), graph: this.routing.graphStatus() };
  }

  @Get('roads/snap')
  @ApiOperation({ summary: 'The nearest open road to a point: edge, fraction along it, the point on the road' })
  snap(@Query() q: SnapQuery) {
    const s = this.routing.snap(lonLat(q), q.maxDistanceM);
    return { edgeId: s.edgeId, fraction: s.fraction, distanceM: s.distanceM, point: { lon: s.point[0], lat: s.point[1] }, synthetic: this.routing.synthetic };
  }

  @Post('routes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Fastest road route between two points: time, distance and geometry (GeoJSON)' })
  route(@Body() b: RouteBody) {
    const from = this.routing.snap(lonLat(b.from));
    const to = this.routing.snap(lonLat(b.to));
    const r = this.routing.route(from, to);
    if (!r) throw new DomainError('unreachable', 'no open road route between these points', 422);
    const cal = this.routing.calibrationAt(to);
    return {
      // calibrated: the road time at the learned speeds plus the fixed cost of leaving and finding the address
      seconds: r.seconds + (cal?.model.fixedS ?? 0),
      meters: r.meters,
      calibration: etaBasis(cal),
      geometry: { type: 'LineString', coordinates: r.coordinates },
      edgeIds: r.edgeIds,
      snapped: { fromM: from.distanceM, toM: to.distanceM },
      synthetic: this.routing.synthetic,
    };
  }

  @Post('routes/travel-times')
  @HttpCode(200)
  @ApiOperation({ summary: 'Travel time by road from every source to one destination (one search)' })
  travelTimes(@Body() b: TravelTimesBody) {
    const target = this.routing.snap(lonLat(b.to));
    const snaps = b.from.map((s) => this.routing.trySnap(lonLat(s)));
    const placed = snaps.map((s, i) => ({ s, i })).filter((x): x is { s: NonNullable<typeof x.s>; i: number } => x.s !== null);
    const { times } = this.routing.manyToOne(
      target,
      placed.map((x) => x.s),
      { maxSeconds: b.maxSeconds, paths: false },
    );
    const byIndex = new Map(placed.map((x, k) => [x.i, times[k]]));
    const cal = this.routing.calibrationAt(target);
    const fixedS = cal?.model.fixedS ?? 0;
    return {
      synthetic: this.routing.synthetic,
      calibration: etaBasis(cal),
      results: b.from.map((s, i) => {
        if (!snaps[i]) return { id: s.id, error: 'off_network' };
        const t = byIndex.get(i);
        return t ? { id: s.id, seconds: t.seconds + fixedS, meters: t.meters } : { id: s.id, error: 'unreachable' };
      }),
    };
  }

  @Get('roads/closures')
  @ApiOperation({ summary: 'Road closures as GeoJSON (active only unless active=false)' })
  closures(@Query() q: ClosuresQuery) {
    return this.roads.closures(q.active !== 'false');
  }

  @Post('roads/closures')
  @Allow(...CONSOLE_ROLES)
  @ApiOperation({ summary: 'Close a road edge (by id, or the nearest road to a point); routing honours it at once' })
  close(@Body() b: CloseRoadBody, @Req() req: RequestWithPrincipal) {
    // a console closes roads in its jurisdiction (the road's middle decides)
    return this.closures_.close({ edgeId: b.edgeId, at: b.at ? lonLat(b.at) : undefined, reason: b.reason, by: actorOf(req) }, (edgeId) =>
      this.jurisdiction.edge(req.principal, edgeId),
    );
  }

  @Post('roads/closures/:id/reopen')
  @Allow(...CONSOLE_ROLES)
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a closed road' })
  async reopen(@Param() p: ClosureIdParam, @Body() b: ReopenRoadBody, @Req() req: RequestWithPrincipal) {
    await this.jurisdiction.closure(req.principal, p.id);
    return this.closures_.reopen(p.id, b.note ?? null);
  }
}

/** What a route's time is from: the region's calibration (which record, how many responses) or posted speeds (null). */
function etaBasis(cal: ActiveCalibration | null) {
  return cal
    ? {
        id: cal.id,
        region: cal.region,
        source: cal.source,
        responses: cal.responses,
        trainFrom: new Date(cal.trainFrom).toISOString(),
        trainTo: new Date(cal.trainTo).toISOString(),
        fixedS: cal.model.fixedS,
      }
    : null;
}
