import { Module } from '@nestjs/common';
import { AdminAreaRepository } from './admin-area.repository';
import { onDataSource } from '../infra/db/providers';
import { AdminAreasController } from './admin-areas.controller';

@Module({ providers: [onDataSource(AdminAreaRepository)], controllers: [AdminAreasController] })
export class AdminAreasModule {}
