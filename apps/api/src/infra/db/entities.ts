import type { DataSourceOptions } from 'typeorm';

/** Every TypeORM entity, registered once. Entities never leave the infrastructure folder. */
export const ENTITIES: NonNullable<DataSourceOptions['entities']> = [];
