import { IdParam } from '../common/dto/id';
import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { orderMessage, OrdersRepository } from './orders.repository';
import { Allow, ALL_ROLES, ownUnitOnly, RequestWithPrincipal } from '../accounts/access';
import { Jurisdiction } from '../accounts/jurisdiction';
import { PROVINCE_ADCODE } from '@gan119/dispatch';

/** Without sign-in (demo mode) the province's view: the unit must still exist. */
const DEMO = { kind: 'console' as const, user: 'demo', jurisdiction: PROVINCE_ADCODE };

class UnitParam extends IdParam {}

@ApiTags('live')
@Allow(...ALL_ROLES)
@Controller('units')
export class UnitOrdersController {
  constructor(
    private readonly record: OrdersRepository,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  @Get(':id/orders')
  @ApiOperation({ summary: "The orders of a unit's active assignments, acknowledged or not (a tablet's screen after a restart)" })
  async orders(@Param() p: UnitParam, @Req() req: RequestWithPrincipal) {
    ownUnitOnly(req, [p.id]);
    // its orders name incidents: read by the consoles over its home and its incident (the jurisdiction rule); 404 for no such unit
    await this.jurisdiction.unit(req.principal ?? DEMO, p.id);
    const rows = await this.record.currentFor(p.id);
    return { orders: rows.map((o) => ({ ...orderMessage(o, true), ackedAt: o.ackedAt ? new Date(o.ackedAt).toISOString() : null })) };
  }
}
