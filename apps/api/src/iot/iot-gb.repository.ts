import type { Queryable } from '../infra/db/unit-of-work';

/** Transmission devices by their GB/T 26875.3 address. */
export class IotGbRepository {
  constructor(private readonly db: Queryable) {}

  async deviceOf(address: string): Promise<string | null> {
    const rows = (await this.db.query('SELECT id FROM iot_device WHERE gb_address = $1', [address])) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }
}
