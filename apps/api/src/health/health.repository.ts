import type { Queryable } from '../infra/db/unit-of-work';

/** What the health check asks PostgreSQL: its version and its extensions'. */
export class HealthRepository {
  constructor(private readonly db: Queryable) {}

  serverVersion(): Promise<string> {
    return this.scalar('show server_version');
  }

  /** The version of an extension (PostGIS, pgRouting), or an error naming it when it is not installed. */
  async extensionVersion(name: 'postgis' | 'pgrouting'): Promise<string> {
    const rows = (await this.db.query('select 1 from pg_extension where extname = $1', [name])) as unknown[];
    if (rows.length === 0) throw new Error(`the ${name} extension is not installed in this database`);
    return this.scalar(name === 'postgis' ? 'select postgis_lib_version()' : 'select pgr_version()');
  }

  private async scalar(sql: string): Promise<string> {
    const rows = (await this.db.query(sql)) as Array<Record<string, unknown>>;
    return String(Object.values(rows[0] ?? {})[0]);
  }
}
