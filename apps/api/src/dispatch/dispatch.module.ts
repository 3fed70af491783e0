import { Module } from '@nestjs/common';
import { IncidentDesk } from './incident-desk';
import { UnitStatusChanges } from './change-unit-status';
import { PlanRepository } from './plan.repository';
import { AlertDismissal } from './dismiss-alert';
import { AlertsRepository } from '../alerts/alerts.repository';
import { repositoryOnPool } from '../infra/db/providers';
import { RoadsModule } from '../roads/roads.module';
import { ForcesModule } from '../forces/forces.module';
import { IncidentsController } from './incidents.controller';
import { PlansController } from './plans.controller';
import { UnitStatusController } from './unit-status.controller';
import { AlertsController } from './alerts.controller';
import { EscalationModule } from '../orders/escalation.module';

@Module({
  providers: [IncidentDesk, repositoryOnPool(AlertsRepository), AlertDismissal, repositoryOnPool(PlanRepository), UnitStatusChanges],
  imports: [RoadsModule, ForcesModule, EscalationModule],
  controllers: [IncidentsController, PlansController, UnitStatusController, AlertsController],
})
export class DispatchModule {}
