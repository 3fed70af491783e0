import { Module } from '@nestjs/common';
import { PlacesImport } from './import-places';
import { PlacesRepository } from './places.repository';
import { onDataSource } from '../infra/db/providers';
import { PlacesController } from './places.controller';

@Module({ providers: [onDataSource(PlacesRepository), onDataSource(PlacesImport)], controllers: [PlacesController] })
export class PlacesModule {}
