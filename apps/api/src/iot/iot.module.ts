import { Module } from '@nestjs/common';
import { IotController } from './iot.controller';
import { IotIngest } from './iot-ingest';
import { DeviceImports } from './import-devices';
import { LastSeen } from './last-seen';

/** 智赣119 terminals over HTTP, and the monitoring centre's reads and decisions. */
@Module({ providers: [IotIngest, DeviceImports, LastSeen], controllers: [IotController], exports: [IotIngest, LastSeen] })
export class IotModule {}
