import { Module } from '@nestjs/common';
import { RoadsModule } from '../roads/roads.module';
import { ForcesModule } from '../forces/forces.module';
import { IncidentsController } from './incidents.controller';
import { PlansController } from './plans.controller';

@Module({ imports: [RoadsModule, ForcesModule], controllers: [IncidentsController, PlansController] })
export class DispatchModule {}
