import { Module } from '@nestjs/common';
import { IotController } from './iot.controller';
import { IotIngest } from './iot-ingest';

/** 智赣119 terminals over HTTP, and the monitoring centre's reads and decisions. */
@Module({ providers: [IotIngest], controllers: [IotController], exports: [IotIngest] })
export class IotModule {}
