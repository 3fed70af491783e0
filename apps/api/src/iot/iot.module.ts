import { Module } from '@nestjs/common';
import { IotController } from './iot.controller';
import { IotIngest } from './iot-ingest';
import { DeviceImports } from './import-devices';

/** 智赣119 terminals over HTTP, and the monitoring centre's reads and decisions. */
@Module({ providers: [IotIngest, DeviceImports], controllers: [IotController], exports: [IotIngest] })
export class IotModule {}
