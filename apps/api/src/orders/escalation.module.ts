import { Module } from '@nestjs/common';
import { EscalationQueue } from './escalation.queue';

@Module({ providers: [EscalationQueue], exports: [EscalationQueue] })
export class EscalationModule {}
