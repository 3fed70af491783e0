import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The response record statistics are read from: one row per incident and one per unit response, with
 * their moments and their intervals (libs/dispatch response-times: one definition), from three
 * origins — the live record (refreshed incrementally from incidents, assignments, orders and status
 * history), imported past records (a named batch) and synthetic history (marked so). Indexed by the
 * time of the call alone and with each filter that narrows it. `incident.call_received_at` is when the
 * dispatcher answered the call, where the desk knows it (the incident's creation is later).
 */
export class ResponseStats1764400001600 implements MigrationInterface {
  name = 'ResponseStats1764400001600';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE incident ADD COLUMN call_received_at timestamptz');
    await q.query(`
      CREATE TABLE response_incident (
        id bigserial PRIMARY KEY,
        origin text NOT NULL CHECK (origin IN ('live', 'import', 'synthetic')),
        batch text NOT NULL,
        ref text NOT NULL,
        incident_id integer,
        type text NOT NULL,
        level integer CHECK (level BETWEEN 1 AND 5),
        city_adcode integer,
        county_adcode integer,
        lon double precision,
        lat double precision,
        call_at timestamptz NOT NULL,
        created_at timestamptz,
        first_order_at timestamptz,
        first_on_scene_at timestamptz,
        call_taking_s real,
        processing_s real,
        first_arrival_s real,
        response_s real,
        full_plan_s real,
        units smallint NOT NULL DEFAULT 0,
        planned smallint,
        UNIQUE (origin, batch, ref)
      )`);
    await q.query('CREATE INDEX response_incident_call_idx ON response_incident (call_at)');
    await q.query('CREATE INDEX response_incident_county_idx ON response_incident (county_adcode, call_at)');
    await q.query('CREATE INDEX response_incident_city_idx ON response_incident (city_adcode, call_at)');
    await q.query('CREATE INDEX response_incident_live_idx ON response_incident (incident_id) WHERE incident_id IS NOT NULL');
    await q.query(`
      CREATE TABLE response_unit (
        fact_id bigint NOT NULL REFERENCES response_incident (id) ON DELETE CASCADE,
        seq smallint NOT NULL,
        origin text NOT NULL,
        unit_code text NOT NULL,
        unit_id integer,
        kind text,
        station_code text,
        station_id integer,
        ordered_at timestamptz NOT NULL,
        acked_at timestamptz,
        en_route_at timestamptz,
        on_scene_at timestamptz,
        ack_s real,
        turnout_s real,
        travel_s real,
        order_to_scene_s real,
        first_on_scene boolean NOT NULL DEFAULT false,
        call_at timestamptz NOT NULL,
        city_adcode integer,
        county_adcode integer,
        type text NOT NULL,
        level integer,
        PRIMARY KEY (fact_id, seq)
      )`);
    await q.query('CREATE INDEX response_unit_call_idx ON response_unit (call_at)');
    await q.query('CREATE INDEX response_unit_county_idx ON response_unit (county_adcode, call_at)');
    await q.query('CREATE INDEX response_unit_station_idx ON response_unit (station_id, call_at)');
    await q.query('CREATE INDEX response_unit_unit_idx ON response_unit (unit_id, call_at)');
    await q.query(`CREATE TABLE response_refresh (id integer PRIMARY KEY CHECK (id = 1), watermark timestamptz NOT NULL, refreshed_at timestamptz NOT NULL)`);
    await q.query(`INSERT INTO response_refresh VALUES (1, '-infinity', now())`);
    // ETA calibrations: the model fitted on a record, with the held-out check that justifies it
    await q.query(`
      CREATE TABLE eta_calibration (
        id serial PRIMARY KEY,
        region text NOT NULL,
        source text NOT NULL,
        fitted_at timestamptz NOT NULL DEFAULT now(),
        train_from timestamptz NOT NULL,
        train_to timestamptz NOT NULL,
        responses integer NOT NULL,
        model jsonb NOT NULL,
        turnout jsonb NOT NULL,
        report jsonb NOT NULL
      )`);
    await q.query('CREATE INDEX eta_calibration_region_idx ON eta_calibration (region, fitted_at DESC)');
    // what the incremental refresh looks for: changes since its watermark
    await q.query('CREATE INDEX incident_updated_idx ON incident (updated_at)');
    await q.query('CREATE INDEX assignment_assigned_idx ON assignment (assigned_at)');
    await q.query('CREATE INDEX assignment_released_idx ON assignment (released_at) WHERE released_at IS NOT NULL');
    await q.query('CREATE INDEX dispatch_order_acked_idx ON dispatch_order (acked_at) WHERE acked_at IS NOT NULL');
    await q.query('CREATE INDEX unit_status_history_at_idx ON unit_status_history (at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX unit_status_history_at_idx, dispatch_order_acked_idx, assignment_released_idx, assignment_assigned_idx, incident_updated_idx');
    await q.query('DROP TABLE eta_calibration, response_refresh, response_unit, response_incident');
    await q.query('ALTER TABLE incident DROP COLUMN call_received_at');
  }
}
