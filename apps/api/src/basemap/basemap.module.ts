import { Module } from '@nestjs/common';
import { BasemapController } from './basemap.controller';

@Module({ controllers: [BasemapController] })
export class BasemapModule {}
