import { Module } from '@nestjs/common';
import { RoadsModule } from '../roads/roads.module';
import { ForcesController } from './forces.controller';
import { AvlController } from './avl.controller';
import { AvlService } from './avl.service';

@Module({ imports: [RoadsModule], providers: [AvlService], controllers: [ForcesController, AvlController], exports: [AvlService] })
export class ForcesModule {}
