import { Module } from '@nestjs/common';
import { CapController } from './cap.controller';

/** CAP 1.2 public alerts: drafting, four-eyes approval, the Atom feed. */
@Module({ controllers: [CapController] })
export class CapModule {}
