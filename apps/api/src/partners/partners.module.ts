import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { EidoController } from './eido.controller';
import { EidoSchema } from './eido-schema';
import { PartnerAuth } from './partner-auth';
import { PartnerInboxController } from './partner-inbox.controller';
import { PartnersController } from './partners.controller';

/** Other agencies: the partners' signed door, the console's requests and links, EIDO in and out. (Delivery and updates run in the worker.) */
@Module({
  providers: [PartnerAuth, EidoSchema],
  controllers: [PartnerInboxController, PartnersController, EidoController],
  exports: [EidoSchema],
})
export class PartnersModule implements OnApplicationBootstrap {
  constructor(private readonly schema: EidoSchema) {}

  /** The EIDO schema compiles in its thread while the API starts. */
  onApplicationBootstrap(): void {
    this.schema.warm();
  }
}
