import { Module } from '@nestjs/common';
import { RoadsModule } from '../roads/roads.module';
import { ForcesController } from './forces.controller';
import { AvlController } from './avl.controller';
import { AvlService } from './avl.service';
import { KeyUnitsController } from './key-units.controller';

@Module({ imports: [RoadsModule], providers: [AvlService], controllers: [ForcesController, AvlController, KeyUnitsController], exports: [AvlService] })
export class ForcesModule {}
