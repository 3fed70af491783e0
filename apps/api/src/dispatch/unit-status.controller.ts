import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, Allow, ownUnitOnly, RequestWithPrincipal } from '../accounts/access';
import { Jurisdiction } from '../accounts/jurisdiction';
import { ChangeStatusBody, UnitIdParam } from '../forces/forces.dto';
import { LiveFeed } from '../live/live-feed';
import { announceStatusChange, UnitStatusChanges } from './change-unit-status';

/** A unit's status as the desk or its crew sets it: it answers orders and moves incidents, so it lives with dispatch. */
@ApiTags('forces')
@Controller()
export class UnitStatusController {
  constructor(
    private readonly statuses: UnitStatusChanges,
    private readonly jurisdiction: Jurisdiction,
    private readonly feed: LiveFeed,
  ) {}

  @Post('units/:id/status')
  @Allow('admin', 'dispatcher', 'unit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change a unit status (409 naming the rule on an illegal move); a unit login for its own unit only' })
  async status(@Param() p: UnitIdParam, @Body() b: ChangeStatusBody, @Req() req: RequestWithPrincipal) {
    ownUnitOnly(req, [p.id]);
    await this.jurisdiction.unit(req.principal, p.id);
    const fromCrew = req.principal?.kind === 'unit';
    const change = await announceStatusChange(this.feed, () =>
      this.statuses.change({ unitId: p.id, to: b.to, reason: b.reason, expectedVersion: b.expectedVersion, by: actorOf(req), fromCrew }),
    );
    return { ...change.unit, acknowledged: change.acked.map((a) => a.orderId) };
  }
}
