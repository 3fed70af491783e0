import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * 三随三实 drills. A drill is never an incident: its orders, reports and scores live here, apart from the
 * incident record and its statistics, and a drilled unit keeps its real status (it stays dispatchable).
 * A drill unit row keeps the station's code, name and city as they were, so a roster change leaves the
 * history whole; a unit with drills is retired, never deleted (unit_is_referenced).
 */
export class Drills1764400002300 implements MigrationInterface {
  name = 'Drills1764400002300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE drill (
        id serial PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('scheduled', 'live', 'ended', 'cancelled')),
        -- what was asked: chosen stations or units, or a random draw of station_count stations in scope_adcode
        station_ids integer[],
        unit_ids integer[],
        station_count integer NOT NULL DEFAULT 1 CHECK (station_count BETWEEN 1 AND 20),
        scope_adcode integer REFERENCES admin_area (adcode),
        scenario jsonb,
        random_scenario boolean NOT NULL DEFAULT false,
        seed integer NOT NULL,
        window_from timestamptz,
        window_to timestamptz,
        fire_at timestamptz NOT NULL,
        fired_at timestamptz,
        ended_at timestamptz,
        end_reason text,
        note text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX drill_due_idx ON drill (fire_at) WHERE state = 'scheduled'`);
    await q.query(`CREATE INDEX drill_fired_idx ON drill (fired_at)`);
    await q.query(`
      CREATE TABLE drill_unit (
        drill_id integer NOT NULL REFERENCES drill (id) ON DELETE CASCADE,
        unit_id integer NOT NULL REFERENCES unit (id) ON DELETE RESTRICT,
        unit_code text NOT NULL,
        unit_name text NOT NULL,
        kind text NOT NULL,
        station_id integer NOT NULL,
        station_code text NOT NULL,
        station_name text NOT NULL,
        city_adcode integer,
        county_adcode integer,
        station_lon double precision NOT NULL,
        station_lat double precision NOT NULL,
        -- the drill point of this unit's station and what is played there
        type text NOT NULL,
        level integer NOT NULL,
        lon double precision NOT NULL,
        lat double precision NOT NULL,
        address text,
        road_s double precision,
        ordered_at timestamptz NOT NULL,
        acked_at timestamptz,
        en_route_at timestamptz,
        on_scene_at timestamptz,
        finished_at timestamptz,
        ended_at timestamptz,
        outcome text NOT NULL DEFAULT 'live' CHECK (outcome IN ('live', 'arrived', 'not_arrived', 'preempted', 'cancelled')),
        preempted_by integer,
        PRIMARY KEY (drill_id, unit_id)
      )`);
    // a unit is on one drill at a time
    await q.query(`CREATE UNIQUE INDEX drill_unit_live_idx ON drill_unit (unit_id) WHERE ended_at IS NULL`);
    await q.query(`CREATE INDEX drill_unit_city_idx ON drill_unit (city_adcode, ordered_at)`);
    await q.query(`CREATE INDEX drill_unit_ordered_idx ON drill_unit (ordered_at)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION unit_is_referenced(unit_id integer) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = $1) OR EXISTS (SELECT 1 FROM dispatch_order o WHERE o.unit_id = $1)
            OR EXISTS (SELECT 1 FROM avl_position p WHERE p.unit_id = $1) OR EXISTS (SELECT 1 FROM app_user x WHERE x.unit_id = $1)
            OR EXISTS (SELECT 1 FROM drill_unit d WHERE d.unit_id = $1)
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION unit_is_referenced(unit_id integer) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = $1) OR EXISTS (SELECT 1 FROM dispatch_order o WHERE o.unit_id = $1)
            OR EXISTS (SELECT 1 FROM avl_position p WHERE p.unit_id = $1) OR EXISTS (SELECT 1 FROM app_user x WHERE x.unit_id = $1)
      $$`);
    await q.query('DROP TABLE drill_unit, drill');
  }
}
