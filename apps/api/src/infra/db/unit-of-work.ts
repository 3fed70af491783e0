import { DataSource, EntityManager } from 'typeorm';

/** What a repository runs its SQL on: the pool, or one transaction. Only repositories see it. */
export type Queryable = DataSource | EntityManager;
export type RepositoryClass<R> = new (db: Queryable) => R;

/** Hands out repositories bound to one place: the pool (`Db`) or one open transaction (`Tx`). */
export interface Repositories {
  get<R>(repository: RepositoryClass<R>): R;
}

/** One open transaction: every repository taken from it runs inside it. */
export class Tx implements Repositories {
  constructor(private readonly em: EntityManager) {}
  get<R>(repository: RepositoryClass<R>): R {
    return new repository(this.em);
  }
}

/**
 * The database as use cases see it: repositories on the pool for reads, and `transaction` for work
 * that must land whole. Use cases never import TypeORM (lint); only repositories write SQL.
 */
export class Db implements Repositories {
  constructor(private readonly ds: DataSource) {}
  get<R>(repository: RepositoryClass<R>): R {
    return new repository(this.ds);
  }
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.ds.transaction((em) => work(new Tx(em)));
  }
}
