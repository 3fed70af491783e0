import type { Queryable } from '../infra/db/unit-of-work';

/** The platforms that deliver terminal messages (NB-IoT platforms, the MQTT bridge, the TCP gateway), each known by the hash of its key. */
export class IotPlatformsRepository {
  constructor(private readonly db: Queryable) {}

  async byKeyHash(hash: string): Promise<string | null> {
    const rows = (await this.db.query('SELECT name FROM iot_platform WHERE key_hash = $1', [hash])) as Array<{ name: string }>;
    return rows[0]?.name ?? null;
  }

  async upsert(name: string, keyHash: string, demo: boolean): Promise<void> {
    await this.db.query(
      'INSERT INTO iot_platform (name, key_hash, demo) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET key_hash = excluded.key_hash, demo = excluded.demo',
      [name, keyHash, demo],
    );
  }

  async exists(name: string): Promise<boolean> {
    const rows = (await this.db.query('SELECT 1 FROM iot_platform WHERE name = $1', [name])) as unknown[];
    return rows.length > 0;
  }

  /** Registers the platform unless it is there (its key is kept). */
  async ensure(name: string, keyHash: string): Promise<void> {
    await this.db.query('INSERT INTO iot_platform (name, key_hash) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, keyHash]);
  }
}
