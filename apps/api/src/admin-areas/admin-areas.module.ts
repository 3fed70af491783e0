import { Module } from '@nestjs/common';
import { AdminAreasController } from './admin-areas.controller';

@Module({ controllers: [AdminAreasController] })
export class AdminAreasModule {}
