import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/config';
import { CoreModule } from './core.module';
import { HealthModule } from './health/health.module';
import { AdminAreasModule } from './admin-areas/admin-areas.module';
import { WorkerModule } from './worker.module';
import { RoadsModule } from './roads/roads.module';
import { ForcesModule } from './forces/forces.module';
import { RosterModule } from './roster/roster.module';
import { DispatchModule } from './dispatch/dispatch.module';
import { AccountsModule } from './accounts/accounts.module';
import { LiveModule } from './socket/live.module';
import { PlacesModule } from './places/places.module';
import { BasemapModule } from './basemap/basemap.module';
import { IotModule } from './iot/iot.module';
import { StatsModule } from './stats/stats.module';
import { CoverageModule } from './coverage/coverage.module';
import { DrillsModule } from './drills/drills.module';
import { PartnersModule } from './partners/partners.module';
import { CapModule } from './cap/cap.module';

/** The HTTP application; with ROLE=all it also runs the background jobs of the worker. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        HealthModule,
        AdminAreasModule,
        RoadsModule,
        ForcesModule,
        RosterModule,
        DispatchModule,
        AccountsModule,
        LiveModule,
        PlacesModule,
        BasemapModule,
        IotModule,
        StatsModule,
        CoverageModule,
        DrillsModule,
        PartnersModule,
        CapModule,
        ...(config.role === 'all' ? [WorkerModule.jobs()] : []),
      ],
    };
  }
}
