import { Module } from '@nestjs/common';
import { RoadClosures } from './close-road';
import { TilesRepository } from './tiles.repository';
import { RoadRepository } from './road.repository';
import { repositoryOnPool } from '../infra/db/providers';
import { RoadsController } from './roads.controller';
import { RoutingService } from './routing.service';
import { TilesController } from './tiles.controller';

@Module({
  providers: [repositoryOnPool(RoadRepository), repositoryOnPool(TilesRepository), RoadClosures, RoutingService],
  controllers: [RoadsController, TilesController],
  exports: [RoutingService],
})
export class RoadsModule {}
