import { Module } from '@nestjs/common';
import { RoadsModule } from '../roads/roads.module';
import { CoverageController } from './coverage.controller';
import { Coverage } from './coverage.service';
import { Siting } from './siting.service';
import { HydrantCheck } from './hydrants.service';
import { FirstEngineLayer } from './first-engine';
import { AreaCoverage } from './area-coverage';

@Module({ imports: [RoadsModule], providers: [Coverage, Siting, HydrantCheck, FirstEngineLayer, AreaCoverage], controllers: [CoverageController] })
export class CoverageModule {}
