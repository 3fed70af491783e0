import { Module } from '@nestjs/common';
import { RoadsModule } from '../roads/roads.module';
import { DrillResults } from './drill-results';
import { DrillsController } from './drills.controller';
import { Drills } from './drills.service';

/** 三随三实 drills: scheduling and firing, the crews' reports, results and league tables. */
@Module({ imports: [RoadsModule], providers: [Drills, DrillResults], controllers: [DrillsController], exports: [Drills] })
export class DrillsModule {}
