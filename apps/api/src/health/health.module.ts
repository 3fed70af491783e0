import { Module } from '@nestjs/common';
import { HealthRepository } from './health.repository';
import { repositoryOnPool } from '../infra/db/providers';
import { ConsoleConfigController } from './console-config.controller';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { RoadsModule } from '../roads/roads.module';

@Module({
  providers: [repositoryOnPool(HealthRepository)],
  imports: [TerminusModule.forRoot({ logger: false }), RoadsModule],
  controllers: [HealthController, ConsoleConfigController],
})
export class HealthModule {}
