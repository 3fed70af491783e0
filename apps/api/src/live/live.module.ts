import { Module } from '@nestjs/common';
import { LiveGateway } from './live.gateway';
import { ForcesModule } from '../forces/forces.module';
import { DemoTokenController } from './demo-token.controller';

@Module({ imports: [ForcesModule], controllers: [DemoTokenController], providers: [LiveGateway], exports: [LiveGateway] })
export class LiveModule {}
