import { Module } from '@nestjs/common';
import { RoadsModule } from '../roads/roads.module';
import { CoverageController } from './coverage.controller';
import { Coverage } from './coverage.service';

@Module({ imports: [RoadsModule], providers: [Coverage], controllers: [CoverageController] })
export class CoverageModule {}
