import { Module } from '@nestjs/common';
import { LiveGateway } from './live.gateway';
import { ForcesModule } from '../forces/forces.module';
import { DemoTokenController } from '../accounts/demo-token.controller';
import { UnitOrdersController } from '../orders/unit-orders.controller';

@Module({ imports: [ForcesModule], controllers: [DemoTokenController, UnitOrdersController], providers: [LiveGateway], exports: [LiveGateway] })
export class LiveModule {}
