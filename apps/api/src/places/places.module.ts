import { Module } from '@nestjs/common';
import { PlacesImport } from './import-places';
import { PlacesRepository } from './places.repository';
import { repositoryOnPool } from '../infra/db/providers';
import { PlacesController } from './places.controller';

@Module({ providers: [repositoryOnPool(PlacesRepository), PlacesImport], controllers: [PlacesController] })
export class PlacesModule {}
