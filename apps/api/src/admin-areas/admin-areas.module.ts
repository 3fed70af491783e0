import { Module } from '@nestjs/common';
import { AdminAreaRepository } from './admin-area.repository';
import { repositoryOnPool } from '../infra/db/providers';
import { AdminAreasController } from './admin-areas.controller';

@Module({ providers: [repositoryOnPool(AdminAreaRepository)], controllers: [AdminAreasController] })
export class AdminAreasModule {}
