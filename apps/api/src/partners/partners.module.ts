import { Module } from '@nestjs/common';
import { EidoController } from './eido.controller';
import { EidoSchema } from './eido-schema';
import { PartnerAuth } from './partner-auth';
import { PartnerInboxController } from './partner-inbox.controller';
import { PartnersController } from './partners.controller';

/**
 * Other agencies: the partners' signed door, the console's requests and links, EIDO in and out.
 * (Delivery and updates run in the worker.) The EIDO schema compiles in its thread at the first EIDO a
 * process reads (a few seconds of a core, never on the event loop), not at every start.
 */
@Module({
  providers: [PartnerAuth, EidoSchema],
  controllers: [PartnerInboxController, PartnersController, EidoController],
  exports: [EidoSchema],
})
export class PartnersModule {}
