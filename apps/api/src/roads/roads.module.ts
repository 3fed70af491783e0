import { Module } from '@nestjs/common';
import { RoadsController } from './roads.controller';
import { RoutingService } from './routing.service';
import { TilesController } from './tiles.controller';

@Module({ providers: [RoutingService], controllers: [RoadsController, TilesController], exports: [RoutingService] })
export class RoadsModule {}
