import { Module } from '@nestjs/common';
import { RosterImport } from './import-roster';
import { onDataSource } from '../infra/db/providers';
import { RosterController } from './roster.controller';

@Module({ providers: [onDataSource(RosterImport)], controllers: [RosterController] })
export class RosterModule {}
