import { IdParam } from '../common/dto/id';
import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors';
import { orderMessage, OrdersRepository } from './orders.repository';
import { Allow, ALL_ROLES, ownUnitOnly, RequestWithPrincipal } from '../accounts/access';

class UnitParam extends IdParam {}

@ApiTags('live')
@Allow(...ALL_ROLES)
@Controller('units')
export class UnitOrdersController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get(':id/orders')
  @ApiOperation({ summary: "The orders of a unit's active assignments, acknowledged or not (a tablet's screen after a restart)" })
  async orders(@Param() p: UnitParam, @Req() req: RequestWithPrincipal) {
    ownUnitOnly(req, [p.id]);
    const [unit] = (await this.ds.query('SELECT id FROM unit WHERE id = $1', [p.id])) as Array<{ id: number }>;
    if (!unit) throw notFound(`unit ${p.id}`);
    const rows = await new OrdersRepository(this.ds).currentFor(p.id);
    return { orders: rows.map((o) => ({ ...orderMessage(o, true), ackedAt: o.ackedAt ? new Date(o.ackedAt).toISOString() : null })) };
  }
}
