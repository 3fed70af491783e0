import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 智赣119 terminals: the platforms that deliver their messages (each with its key), the buildings they
 * sit in (duty contact for verification, maintenance), the devices, every message accepted (stored once
 * per platform and message id, before the platform is answered), the alarms with their verification,
 * and the notices (offline, faults) by building.
 */
export class Iot1764400001100 implements MigrationInterface {
  name = 'Iot1764400001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE iot_platform (
        id serial PRIMARY KEY,
        name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9_-]{1,40}$'),
        key_hash text NOT NULL,
        demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE iot_building (
        id serial PRIMARY KEY,
        name text NOT NULL,
        address text,
        key_unit_id integer REFERENCES key_unit (id) ON DELETE SET NULL,
        duty_contact jsonb NOT NULL DEFAULT '{}',
        floors integer NOT NULL DEFAULT 1 CHECK (floors BETWEEN 1 AND 200),
        city_adcode integer REFERENCES admin_area (adcode),
        county_adcode integer REFERENCES admin_area (adcode),
        maintenance_until timestamptz,
        demo boolean NOT NULL DEFAULT false,
        geom geometry(Point, 4326) NOT NULL
      )`);
    await q.query('CREATE INDEX iot_building_geom_idx ON iot_building USING gist (geom)');
    await q.query(`
      CREATE TABLE iot_device (
        id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._:-]{1,80}$'),
        kind text NOT NULL CHECK (kind IN ('smoke', 'heat', 'gas', 'manual_call_point', 'sprinkler', 'electrical_fire', 'hydrant_pressure', 'uitd')),
        building_id integer REFERENCES iot_building (id) ON DELETE SET NULL,
        floor integer,
        water_source_id integer REFERENCES water_source (id) ON DELETE SET NULL,
        owner_contact jsonb NOT NULL DEFAULT '{}',
        installed_on date,
        heartbeat_s integer NOT NULL DEFAULT 3600 CHECK (heartbeat_s BETWEEN 10 AND 604800),
        -- a transmission device's GB/T 26875.3 address (6 bytes, decimal)
        gb_address text UNIQUE,
        state text NOT NULL DEFAULT 'online' CHECK (state IN ('online', 'offline')),
        last_seen timestamptz NOT NULL DEFAULT now(),
        offline_since timestamptz,
        fault text,
        battery_low boolean NOT NULL DEFAULT false,
        tampered boolean NOT NULL DEFAULT false,
        maintenance boolean NOT NULL DEFAULT false,
        original_crs text NOT NULL DEFAULT 'WGS84' CHECK (original_crs IN ('WGS84', 'GCJ02', 'BD09')),
        original_lon double precision,
        original_lat double precision,
        demo boolean NOT NULL DEFAULT false,
        geom geometry(Point, 4326) NOT NULL
      )`);
    await q.query('CREATE INDEX iot_device_building_idx ON iot_device (building_id)');
    await q.query('CREATE INDEX iot_device_geom_idx ON iot_device USING gist (geom)');
    await q.query("CREATE INDEX iot_device_trouble_idx ON iot_device (building_id) WHERE state = 'offline' OR fault IS NOT NULL OR battery_low OR tampered");
    await q.query(`
      CREATE TABLE iot_message (
        id bigserial PRIMARY KEY,
        platform text NOT NULL,
        message_id text NOT NULL,
        device_id text NOT NULL,
        kind text NOT NULL,
        via text NOT NULL CHECK (via IN ('http', 'mqtt', 'tcp')),
        at timestamptz,
        received_at timestamptz NOT NULL DEFAULT now(),
        sensor text,
        value double precision,
        detail jsonb,
        -- alarms, faults and readings are acted on after the commit; a crash in between is caught up by the worker
        processed_at timestamptz,
        UNIQUE (platform, message_id)
      )`);
    await q.query("CREATE INDEX iot_message_unprocessed_idx ON iot_message (id) WHERE processed_at IS NULL AND kind <> 'heartbeat'");
    // a device's history is its alarms, faults and readings: the heartbeats (95 % of the traffic) stay out of this index
    await q.query("CREATE INDEX iot_message_device_idx ON iot_message (device_id, received_at) WHERE kind <> 'heartbeat'");
    await q.query(`
      CREATE TABLE iot_alarm (
        id serial PRIMARY KEY,
        message_row bigint NOT NULL UNIQUE REFERENCES iot_message (id),
        device_id text NOT NULL REFERENCES iot_device (id),
        building_id integer REFERENCES iot_building (id),
        sensor text NOT NULL,
        state text NOT NULL CHECK (state IN ('to_verify', 'confirmed', 'cancelled', 'test')),
        rule text NOT NULL,
        flags text[] NOT NULL DEFAULT '{}',
        verify_by timestamptz,
        incident_id integer REFERENCES incident (id),
        decided_by text,
        reason text,
        raised_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      )`);
    await q.query("CREATE INDEX iot_alarm_open_idx ON iot_alarm (verify_by) WHERE state = 'to_verify'");
    await q.query('CREATE INDEX iot_alarm_building_idx ON iot_alarm (building_id, raised_at)');
    await q.query('CREATE INDEX iot_alarm_device_idx ON iot_alarm (device_id, raised_at)');
    await q.query(`
      CREATE TABLE iot_notice (
        id serial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('building_offline', 'device_offline')),
        building_id integer REFERENCES iot_building (id),
        device_id text REFERENCES iot_device (id),
        devices integer NOT NULL DEFAULT 1,
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await q.query('CREATE INDEX iot_notice_open_idx ON iot_notice (building_id) WHERE closed_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['iot_notice', 'iot_alarm', 'iot_message', 'iot_device', 'iot_building', 'iot_platform']) await q.query(`DROP TABLE ${t}`);
  }
}
