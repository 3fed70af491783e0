import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/config';
import { CoreModule } from './core.module';
import { EscalationModule } from './orders/escalation.module';
import { EscalationWorker } from './escalation/escalation.worker';
import { RoadsModule } from './roads/roads.module';
import { ForcesModule } from './forces/forces.module';
import { DemoSimulator } from './demo/simulator';
import { SimulatorRepository } from './demo/simulator.repository';
import { UnitStatusChanges } from './dispatch/change-unit-status';
import { repositoryOnPool } from './infra/db/providers';
import { IotModule } from './iot/iot.module';
import { IotSweeper } from './iot/iot-sweeper';
import { MqttIntake } from './iot/mqtt-intake';
import { Gb26875Gateway } from './iot/gb26875-gateway';
import { DrillsModule } from './drills/drills.module';
import { DrillSweeper } from './drills/drill-sweeper';
import { DemoDrillCrews } from './demo/drill-crews';
import { FirstEngineLayer } from './coverage/first-engine';
import { FirstEngineRefresher } from './coverage/first-engine-refresher';
import { OutboxWorker } from './partners/outbox-worker';
import { PartnerUpdates } from './partners/partner-updates';
import { DemoPartnersResponder } from './demo/demo-partners-responder';

/**
 * The background worker (ROLE=worker, or inside the API with ROLE=all): BullMQ processors for the
 * escalation queue (ack timeouts), the drill sweep (三随三实), the first-engine map layer, the partners' outbox and updates, the IoT duties (countdowns, the offline scan, MQTT and GB/T 26875.3
 * intake), and the demo simulator (and its drill crews) when it is switched on. Same image and code as the API.
 */
@Module({})
export class WorkerModule {
  /** The worker as a process of its own. */
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [CoreModule.forRoot(config), WorkerModule.jobs()] };
  }

  /** The processors alone, for embedding in a process that already has the core. */
  static jobs(): DynamicModule {
    return { module: WorkerJobsModule, imports: [] };
  }
}

/** The worker's duties (each starts itself; the process that embeds them can reach them). */
const JOBS = [
  EscalationWorker,
  DemoSimulator,
  IotSweeper,
  MqttIntake,
  Gb26875Gateway,
  DrillSweeper,
  DemoDrillCrews,
  FirstEngineLayer,
  FirstEngineRefresher,
  OutboxWorker,
  PartnerUpdates,
];

@Module({
  imports: [EscalationModule, RoadsModule, ForcesModule, IotModule, DrillsModule],
  providers: [...JOBS, repositoryOnPool(SimulatorRepository), UnitStatusChanges, DemoPartnersResponder],
  exports: JOBS,
})
class WorkerJobsModule {}
