import { Module } from '@nestjs/common';
import { RoadsModule } from '../roads/roads.module';
import { ForcesModule } from '../forces/forces.module';
import { IncidentsController } from './incidents.controller';
import { PlansController } from './plans.controller';
import { LiveModule } from '../live/live.module';

@Module({ imports: [RoadsModule, ForcesModule, LiveModule], controllers: [IncidentsController, PlansController] })
export class DispatchModule {}
