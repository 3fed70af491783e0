import { Module } from '@nestjs/common';
import { RoadsModule } from '../roads/roads.module';
import { Calibration } from './calibration';
import { HistoryImport } from './import-history';
import { LiveRefresh } from './live-refresh';
import { Statistics } from './statistics';
import { StatsController } from './stats.controller';

@Module({ imports: [RoadsModule], providers: [LiveRefresh, Statistics, HistoryImport, Calibration], controllers: [StatsController] })
export class StatsModule {}
