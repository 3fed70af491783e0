import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AccountsRepository } from './accounts.repository';
import { repositoryOnPool } from '../infra/db/providers';

@Module({
  controllers: [AuthController],
  providers: [AuthService, repositoryOnPool(AccountsRepository), { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService],
})
export class AccountsModule {}
