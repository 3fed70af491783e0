import { Module } from '@nestjs/common';
import { KeyUnitRepository } from './key-units.repository';
import { WaterRepository } from './water.repository';
import { ForcesRepository } from './forces.repository';
import { repositoryOnPool } from '../infra/db/providers';
import { RoadsModule } from '../roads/roads.module';
import { ForcesController } from './forces.controller';
import { AvlController } from './avl.controller';
import { AvlService } from './avl.service';
import { AvlRepository } from './avl.repository';
import { KeyUnitsController } from './key-units.controller';

@Module({
  imports: [RoadsModule],
  providers: [
    repositoryOnPool(ForcesRepository),
    repositoryOnPool(WaterRepository),
    repositoryOnPool(KeyUnitRepository),
    repositoryOnPool(AvlRepository),
    AvlService,
  ],
  controllers: [ForcesController, AvlController, KeyUnitsController],
  exports: [AvlService],
})
export class ForcesModule {}
