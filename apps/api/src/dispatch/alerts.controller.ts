import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PROVINCE_ADCODE } from '@gan119/dispatch';
import { actorOf, Allow, CONSOLE_ROLES, RequestWithPrincipal, withinJurisdiction } from '../accounts/access';
import { LiveFeed } from '../live/live-feed';
import { AlertIdParam, DismissBody } from './alerts.dto';
import { AlertsRepository } from '../alerts/alerts.repository';
import { AlertDismissal } from './dismiss-alert';

/** The desk's alerts: kept in the record until dealt with, so a reload or another dispatcher sees them too. */
@ApiTags('incidents and dispatch')
@Allow(...CONSOLE_ROLES)
@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly dismissal: AlertDismissal,
    private readonly feed: LiveFeed,
  ) {}

  @Get()
  @ApiOperation({ summary: "Open alerts (orders not acknowledged in time, crews asking to be released) of the console's jurisdiction, oldest first" })
  async list(@Req() req: RequestWithPrincipal) {
    const p = req.principal;
    const alerts = await this.alerts.open(p?.kind === 'console' ? p.jurisdiction : null, PROVINCE_ADCODE);
    return { alerts: alerts.map(({ cityAdcode: _c, countyAdcode: _k, ...a }) => a) };
  }

  @Allow('admin', 'dispatcher')
  @Post(':id/dismiss')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss an alert that needs nothing more, with the reason (recorded in the timeline)' })
  async dismiss(@Param() p: AlertIdParam, @Body() b: DismissBody, @Req() req: RequestWithPrincipal) {
    const a = await this.dismissal.dismiss(p.id, actorOf(req, 'dispatcher'), b.reason.trim(), (place) => withinJurisdiction(req, place, `alert ${p.id}`));
    this.feed.alertsChanged(a.incidentId, a);
    return { dismissed: p.id };
  }
}
