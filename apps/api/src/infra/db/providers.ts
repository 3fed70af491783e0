import { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * A class built on the data source (a repository, the jurisdiction rule, a use case's entry) as a Nest
 * provider: controllers and gateways inject it and never see TypeORM (lint: no `typeorm` import there).
 */
export const onDataSource = <T>(cls: new (ds: DataSource) => T): Provider => ({
  provide: cls,
  useFactory: (ds: DataSource) => new cls(ds),
  inject: [getDataSourceToken()],
});
