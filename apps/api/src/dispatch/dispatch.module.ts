import { Module } from '@nestjs/common';
import { RoadsModule } from '../roads/roads.module';
import { ForcesModule } from '../forces/forces.module';
import { IncidentsController } from './incidents.controller';
import { PlansController } from './plans.controller';
import { LiveModule } from '../live/live.module';
import { EscalationModule } from '../escalation/escalation.module';

@Module({ imports: [RoadsModule, ForcesModule, LiveModule, EscalationModule], controllers: [IncidentsController, PlansController] })
export class DispatchModule {}
