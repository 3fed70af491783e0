import { MigrationInterface, QueryRunner } from 'typeorm';

/** Since when a terminal has had its fault, low battery or tampering: the monitoring centre lists troubles by how long they have waited. */
export class IotTroubleSince1764400001400 implements MigrationInterface {
  name = 'IotTroubleSince1764400001400';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE iot_device ADD COLUMN trouble_since timestamptz');
    await q.query('UPDATE iot_device SET trouble_since = last_seen WHERE fault IS NOT NULL OR battery_low OR tampered');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE iot_device DROP COLUMN trouble_since');
  }
}
