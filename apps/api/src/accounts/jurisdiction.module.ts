import { Global, Module } from '@nestjs/common';
import { repositoryOnPool } from '../infra/db/providers';
import { Jurisdiction } from './jurisdiction';
import { JurisdictionRepository } from './jurisdiction.repository';

/** The jurisdiction rule for every controller and gateway (REST and sockets apply the same one). */
@Global()
@Module({ providers: [Jurisdiction, repositoryOnPool(JurisdictionRepository)], exports: [Jurisdiction, JurisdictionRepository] })
export class JurisdictionModule {}
