import { Module } from '@nestjs/common';
import { LiveGateway } from './live.gateway';
import { ForcesModule } from '../forces/forces.module';

@Module({ imports: [ForcesModule], providers: [LiveGateway], exports: [LiveGateway] })
export class LiveModule {}
