import { MigrationInterface, QueryRunner } from 'typeorm';

/** Incidents, their callers and timeline, response plans, assignments and orders. */
export class Dispatch1764400000400 implements MigrationInterface {
  name = 'Dispatch1764400000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE response_plan (
        type text NOT NULL,
        level integer NOT NULL CHECK (level BETWEEN 1 AND 5),
        requirements jsonb NOT NULL,
        assembly boolean NOT NULL DEFAULT false,
        updated_by text NOT NULL DEFAULT 'default',
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (type, level)
      )`);
    await q.query(`
      CREATE TABLE incident (
        id serial PRIMARY KEY,
        type text NOT NULL,
        level integer NOT NULL CHECK (level BETWEEN 1 AND 5),
        state text NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'dispatched', 'on_scene', 'under_control', 'closed')),
        geom geometry(Point, 4326) NOT NULL,
        original_crs text NOT NULL CHECK (original_crs IN ('WGS84', 'GCJ02', 'BD09')),
        original_lon double precision NOT NULL,
        original_lat double precision NOT NULL,
        address text,
        source text NOT NULL CHECK (source IN ('phone', 'iot', '110', 'agency', 'other')),
        city_adcode integer REFERENCES admin_area (adcode),
        county_adcode integer REFERENCES admin_area (adcode),
        reported_at timestamptz NOT NULL DEFAULT now(),
        duplicate_candidates integer[] NOT NULL DEFAULT '{}',
        merged_into integer REFERENCES incident (id),
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX incident_geom_idx ON incident USING gist (geom)');
    await q.query(`CREATE INDEX incident_open_idx ON incident (reported_at) WHERE state <> 'closed'`);
    await q.query(`
      CREATE TABLE incident_caller (
        id serial PRIMARY KEY,
        incident_id integer NOT NULL REFERENCES incident (id),
        number text,
        source text NOT NULL,
        address text,
        reported_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE incident_event (
        id bigserial PRIMARY KEY,
        incident_id integer NOT NULL REFERENCES incident (id),
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        before jsonb,
        after jsonb
      )`);
    await q.query('CREATE INDEX incident_event_incident_idx ON incident_event (incident_id, id)');
    await q.query(`
      CREATE TABLE assignment (
        id serial PRIMARY KEY,
        incident_id integer NOT NULL REFERENCES incident (id),
        unit_id integer NOT NULL REFERENCES unit (id),
        capability text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'released')),
        eta_s double precision,
        cross_jurisdiction boolean NOT NULL DEFAULT false,
        assigned_by text NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz
      )`);
    // the last guard: a unit is never on two active incidents, whatever the code above does
    await q.query(`CREATE UNIQUE INDEX assignment_one_active_per_unit ON assignment (unit_id) WHERE status = 'active'`);
    await q.query('CREATE INDEX assignment_incident_idx ON assignment (incident_id)');
    await q.query(`
      CREATE TABLE dispatch_order (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id integer NOT NULL UNIQUE REFERENCES assignment (id),
        incident_id integer NOT NULL REFERENCES incident (id),
        unit_id integer NOT NULL REFERENCES unit (id),
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        acked_at timestamptz,
        state text NOT NULL DEFAULT 'issued' CHECK (state IN ('issued', 'acknowledged', 'unacknowledged', 'cancelled'))
      )`);
    await q.query(`CREATE INDEX dispatch_order_unit_open_idx ON dispatch_order (unit_id) WHERE acked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE dispatch_order, assignment, incident_event, incident_caller, incident, response_plan');
  }
}
