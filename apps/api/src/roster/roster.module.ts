import { Module } from '@nestjs/common';
import { RosterImport } from './import-roster';
import { RosterController } from './roster.controller';

@Module({ providers: [RosterImport], controllers: [RosterController] })
export class RosterModule {}
