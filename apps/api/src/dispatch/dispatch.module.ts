import { Module } from '@nestjs/common';
import { RoadsModule } from '../roads/roads.module';
import { ForcesModule } from '../forces/forces.module';
import { IncidentsController } from './incidents.controller';
import { PlansController } from './plans.controller';
import { UnitStatusController } from './unit-status.controller';
import { AlertsController } from './alerts.controller';
import { EscalationModule } from '../orders/escalation.module';

@Module({ imports: [RoadsModule, ForcesModule, EscalationModule], controllers: [IncidentsController, PlansController, UnitStatusController, AlertsController] })
export class DispatchModule {}
