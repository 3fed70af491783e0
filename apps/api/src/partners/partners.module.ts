import { Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { Db } from '../infra/db/unit-of-work';
import { PartnerRepository } from './partner.repository';
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
  constructor(
    private readonly schema: EidoSchema,
    private readonly db: Db,
  ) {}

  /** Where partners may send us messages, the EIDO schema compiles in its thread while the API starts (else at the first EIDO). */
  onApplicationBootstrap(): void {
    void this.db
      .get(PartnerRepository)
      .anySender()
      .then((any) => any && this.schema.warm())
      .catch((e: Error) => new Logger('PartnersModule').warn(`partners not read at start (the EIDO schema compiles at the first message): ${e.message}`));
  }
}
