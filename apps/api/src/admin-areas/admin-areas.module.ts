import { Module } from '@nestjs/common';
import { AdminAreasController } from './admin-areas.controller';
import { PlacesController } from './places.controller';

@Module({ controllers: [AdminAreasController, PlacesController] })
export class AdminAreasModule {}
