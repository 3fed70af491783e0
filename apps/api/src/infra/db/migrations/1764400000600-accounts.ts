import { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts (argon2id hashes), refresh tokens (hashed, revocable) and the security audit log. */
export class Accounts1764400000600 implements MigrationInterface {
  name = 'Accounts1764400000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id serial PRIMARY KEY,
        username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,40}$'),
        display_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'dispatcher', 'commander', 'unit')),
        jurisdiction integer NOT NULL REFERENCES admin_area (adcode),
        unit_id integer REFERENCES unit (id) ON DELETE CASCADE,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'unit') = (unit_id IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX refresh_token_user_idx ON refresh_token (user_id) WHERE revoked_at IS NULL');
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        username text,
        user_id integer,
        event text NOT NULL,
        ip text,
        details jsonb
      )`);
    await q.query('CREATE INDEX audit_log_at_idx ON audit_log (at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_log, refresh_token, app_user');
  }
}
