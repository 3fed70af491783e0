import { Module } from '@nestjs/common';
import { Calibration } from './calibration';
import { HistoryImport } from './import-history';
import { LiveRefresh } from './live-refresh';
import { Statistics } from './statistics';
import { StatsController } from './stats.controller';

@Module({ providers: [LiveRefresh, Statistics, HistoryImport, Calibration], controllers: [StatsController] })
export class StatsModule {}
