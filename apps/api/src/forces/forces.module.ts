import { Module } from '@nestjs/common';
import { RoadsModule } from '../roads/roads.module';
import { ForcesController } from './forces.controller';

@Module({ imports: [RoadsModule], controllers: [ForcesController] })
export class ForcesModule {}
