import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { RoadsModule } from '../roads/roads.module';

@Module({ imports: [TerminusModule.forRoot({ logger: false }), RoadsModule], controllers: [HealthController] })
export class HealthModule {}
