import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/config';
import { dataSourceOptions } from './data-source';
import { Db, Queryable } from './unit-of-work';

/** PostgreSQL for every module: use cases inject the unit of work (`Db`), never the DataSource. */
@Global()
@Module({})
export class DbModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DbModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(config), retryAttempts: 3, retryDelay: 1000 })],
      providers: [{ provide: Db, useFactory: (ds: DataSource) => new Db(ds), inject: [getDataSourceToken()] }],
      exports: [Db],
    };
  }
}

/**
 * A repository on the pool as a Nest provider: controllers, gateways and services inject it and never
 * see TypeORM (lint: no `typeorm` import outside repositories and infra/db).
 */
export const repositoryOnPool = <T>(cls: new (db: Queryable) => T): Provider => ({
  provide: cls,
  useFactory: (db: Db) => db.get(cls),
  inject: [Db],
});
