import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many terminals each building holds, kept by statement-level triggers (one UPDATE per INSERT or
 * DELETE statement, however many rows): the map's cells count buildings (50,000) instead of a million
 * devices. Devices outside buildings (hydrant sensors) get their own small index, and the foreign keys
 * into water sources and key units their indexes.
 */
export class IotBuildingCounts1764400001200 implements MigrationInterface {
  name = 'IotBuildingCounts1764400001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE iot_building ADD COLUMN devices integer NOT NULL DEFAULT 0');
    await q.query(`
      CREATE FUNCTION iot_building_devices_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE iot_building b SET devices = b.devices + n.c
          FROM (SELECT building_id, count(*)::int AS c FROM new_rows WHERE building_id IS NOT NULL GROUP BY building_id) n WHERE b.id = n.building_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION iot_building_devices_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE iot_building b SET devices = greatest(0, b.devices - o.c)
          FROM (SELECT building_id, count(*)::int AS c FROM old_rows WHERE building_id IS NOT NULL GROUP BY building_id) o WHERE b.id = o.building_id;
        RETURN NULL;
      END $$`);
    await q.query(
      'CREATE TRIGGER iot_device_added AFTER INSERT ON iot_device REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION iot_building_devices_added()',
    );
    await q.query(
      'CREATE TRIGGER iot_device_removed AFTER DELETE ON iot_device REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION iot_building_devices_removed()',
    );
    await q.query('UPDATE iot_building b SET devices = (SELECT count(*) FROM iot_device d WHERE d.building_id = b.id)');
    await q.query('CREATE INDEX iot_device_lone_geom_idx ON iot_device USING gist (geom) WHERE building_id IS NULL');
    await q.query("CREATE INDEX iot_device_offline_geom_idx ON iot_device USING gist (geom) WHERE state = 'offline'");
    // the foreign keys' other side: replacing the demo water sources or key units must not scan a million devices per row
    await q.query('CREATE INDEX iot_device_water_source_idx ON iot_device (water_source_id) WHERE water_source_id IS NOT NULL');
    await q.query('CREATE INDEX iot_building_key_unit_idx ON iot_building (key_unit_id) WHERE key_unit_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX iot_building_key_unit_idx');
    await q.query('DROP INDEX iot_device_water_source_idx');
    await q.query('DROP INDEX iot_device_offline_geom_idx');
    await q.query('DROP INDEX iot_device_lone_geom_idx');
    await q.query('DROP TRIGGER iot_device_removed ON iot_device');
    await q.query('DROP TRIGGER iot_device_added ON iot_device');
    await q.query('DROP FUNCTION iot_building_devices_removed()');
    await q.query('DROP FUNCTION iot_building_devices_added()');
    await q.query('ALTER TABLE iot_building DROP COLUMN devices');
  }
}
