import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stations, units with their status and its history, water sources, key units, AVL history. */
export class Forces1764400000300 implements MigrationInterface {
  name = 'Forces1764400000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE station (
        id serial PRIMARY KEY,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        kind text NOT NULL,
        city_adcode integer NOT NULL REFERENCES admin_area (adcode),
        county_adcode integer REFERENCES admin_area (adcode),
        phone text,
        demo boolean NOT NULL DEFAULT false,
        geom geometry(Point, 4326) NOT NULL
      )`);
    await q.query('CREATE INDEX station_geom_idx ON station USING gist (geom)');
    await q.query(`
      CREATE TABLE unit (
        id serial PRIMARY KEY,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        kind text NOT NULL,
        station_id integer NOT NULL REFERENCES station (id) ON DELETE RESTRICT,
        capabilities text[] NOT NULL,
        crew integer NOT NULL CHECK (crew > 0),
        turnout_s integer NOT NULL CHECK (turnout_s >= 0),
        status text NOT NULL DEFAULT 'available'
          CHECK (status IN ('available', 'dispatched', 'en_route', 'on_scene', 'returning', 'out_of_service', 'in_drill')),
        status_reason text,
        status_since timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        demo boolean NOT NULL DEFAULT false
      )`);
    await q.query('CREATE INDEX unit_station_idx ON unit (station_id)');
    await q.query('CREATE INDEX unit_status_idx ON unit (status)');
    await q.query(`
      CREATE TABLE unit_status_history (
        id bigserial PRIMARY KEY,
        unit_id integer NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
        from_status text NOT NULL,
        to_status text NOT NULL,
        reason text,
        changed_by text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX unit_status_history_unit_idx ON unit_status_history (unit_id, at DESC)');
    await q.query(`
      CREATE TABLE water_source (
        id serial PRIMARY KEY,
        code text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('hydrant', 'cistern', 'natural', 'pond')),
        status text NOT NULL DEFAULT 'in_service' CHECK (status IN ('in_service', 'out_of_service', 'low_pressure')),
        county_adcode integer REFERENCES admin_area (adcode),
        note text,
        demo boolean NOT NULL DEFAULT false,
        geom geometry(Point, 4326) NOT NULL
      )`);
    await q.query('CREATE INDEX water_source_geom_idx ON water_source USING gist (geom)');
    await q.query(`
      CREATE TABLE key_unit (
        id serial PRIMARY KEY,
        name text NOT NULL,
        hazards text[] NOT NULL DEFAULT '{}',
        preplan text,
        contacts jsonb NOT NULL DEFAULT '[]',
        county_adcode integer REFERENCES admin_area (adcode),
        demo boolean NOT NULL DEFAULT false,
        geom geometry(Geometry, 4326) NOT NULL CHECK (GeometryType(geom) IN ('POINT', 'POLYGON', 'MULTIPOLYGON'))
      )`);
    await q.query('CREATE INDEX key_unit_geom_idx ON key_unit USING gist (geom)');
    await q.query(`
      CREATE TABLE avl_position (
        unit_id integer NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
        ts timestamptz NOT NULL,
        lon double precision NOT NULL,
        lat double precision NOT NULL,
        speed_kmh real,
        heading real,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (unit_id, ts)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE avl_position, key_unit, water_source, unit_status_history, unit, station');
  }
}
