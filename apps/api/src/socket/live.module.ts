import { Module } from '@nestjs/common';
import { OrdersRepository } from '../orders/orders.repository';
import { AccountsRepository } from '../accounts/accounts.repository';
import { UnitStatusChanges } from '../dispatch/change-unit-status';
import { repositoryOnPool } from '../infra/db/providers';
import { LiveGateway } from './live.gateway';
import { IncidentPush } from './incident-push';
import { IncidentRepository } from '../dispatch/incident.repository';
import { ForcesModule } from '../forces/forces.module';
import { DemoTokenController } from '../accounts/demo-token.controller';
import { UnitOrdersController } from '../orders/unit-orders.controller';
import { DrillsModule } from '../drills/drills.module';

@Module({
  imports: [ForcesModule, DrillsModule],
  controllers: [DemoTokenController, UnitOrdersController],
  providers: [
    repositoryOnPool(OrdersRepository),
    repositoryOnPool(AccountsRepository),
    UnitStatusChanges,
    LiveGateway,
    IncidentPush,
    repositoryOnPool(IncidentRepository),
  ],
  exports: [LiveGateway],
})
export class LiveModule {}
