import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Other agencies (110/120/122 and the departments): partners as data, the incidents shared with them
 * (links), the outbox that delivers our messages (written in the same transaction as the change it
 * announces, so a message is never lost; announced on gan119_outbox at commit), the inbox that makes a
 * partner's retried message count once, the exchange audit log, and CAP public alerts.
 */
export class Partners1764400002500 implements MigrationInterface {
  name = 'Partners1764400002500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partner_agency (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
        kind text NOT NULL CHECK (kind IN ('110', '120', '122', 'emergency_mgmt', 'water_resources', 'meteorology')),
        name text NOT NULL,
        city_adcode integer REFERENCES admin_area (adcode),
        endpoint text CHECK (endpoint ~ '^https?://'),
        secret text NOT NULL CHECK (length(secret) >= 32),
        format text NOT NULL DEFAULT 'eido' CHECK (format IN ('eido', 'simple')),
        may_send text[] NOT NULL DEFAULT '{}',
        may_receive text[] NOT NULL DEFAULT '{}',
        per_minute integer NOT NULL DEFAULT 120 CHECK (per_minute BETWEEN 1 AND 100000),
        active boolean NOT NULL DEFAULT true,
        fail_streak integer NOT NULL DEFAULT 0,
        down_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE partner_link (
        id serial PRIMARY KEY,
        incident_id integer NOT NULL REFERENCES incident (id),
        partner_id text NOT NULL REFERENCES partner_agency (id),
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        request_kind text,
        note text,
        their_incident_id text,
        state text NOT NULL CHECK (state IN ('queued', 'delivered', 'acknowledged', 'en_route', 'on_scene', 'closed', 'declined', 'refused', 'cancelled')),
        their_updated_at timestamptz,
        units_en_route integer NOT NULL DEFAULT 0,
        units_on_scene integer NOT NULL DEFAULT 0,
        -- the incident version last sent to this partner (an update goes when the incident's is newer)
        sent_version integer NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE UNIQUE INDEX partner_link_theirs_idx ON partner_link (partner_id, their_incident_id) WHERE their_incident_id IS NOT NULL');
    await q.query('CREATE INDEX partner_link_incident_idx ON partner_link (incident_id)');
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        partner_id text NOT NULL REFERENCES partner_agency (id),
        link_id integer REFERENCES partner_link (id),
        incident_id integer,
        kind text NOT NULL CHECK (kind IN ('request', 'update', 'cancel', 'cap')),
        idempotency_key uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        content_type text NOT NULL,
        payload text NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'refused')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        leased_until timestamptz,
        last_status integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        delivered_at timestamptz,
        response jsonb
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (partner_id, id) WHERE state = 'pending'`);
    await q.query('CREATE INDEX outbox_link_idx ON outbox (link_id)');
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('gan119_outbox', ''); RETURN NULL; END $$`);
    await q.query('CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()');
    await q.query(`
      CREATE TABLE partner_inbox (
        partner_id text NOT NULL REFERENCES partner_agency (id),
        idempotency_key text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        body_sha256 text NOT NULL,
        status integer NOT NULL,
        response jsonb NOT NULL,
        PRIMARY KEY (partner_id, idempotency_key)
      )`);
    await q.query(`
      CREATE TABLE partner_exchange (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        partner_id text,
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        kind text NOT NULL,
        idempotency_key text,
        incident_id integer,
        http_status integer,
        outcome text NOT NULL,
        detail jsonb
      )`);
    await q.query('CREATE INDEX partner_exchange_at_idx ON partner_exchange (partner_id, at DESC)');
    await q.query(`
      CREATE TABLE cap_alert (
        id serial PRIMARY KEY,
        incident_id integer NOT NULL REFERENCES incident (id),
        identifier text NOT NULL UNIQUE,
        msg_type text NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
        supersedes integer REFERENCES cap_alert (id),
        state text NOT NULL CHECK (state IN ('draft', 'published', 'superseded', 'discarded')),
        content jsonb NOT NULL,
        drafted_by text NOT NULL,
        drafted_at timestamptz NOT NULL DEFAULT now(),
        approved_by text,
        sent_at timestamptz,
        xml text,
        sha256 text,
        CHECK (state = 'draft' OR state = 'discarded' OR (approved_by IS NOT NULL AND approved_by <> drafted_by AND xml IS NOT NULL))
      )`);
    await q.query('CREATE INDEX cap_alert_incident_idx ON cap_alert (incident_id)');
    // one draft at a time per alert chain (a new alert, or the next version of a published one)
    await q.query(`CREATE UNIQUE INDEX cap_alert_one_draft_idx ON cap_alert (incident_id, coalesce(supersedes, 0)) WHERE state = 'draft'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE cap_alert, partner_exchange, partner_inbox, outbox, partner_link, partner_agency');
    await q.query('DROP FUNCTION outbox_notify()');
  }
}
