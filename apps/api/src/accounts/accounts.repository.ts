import { DataSource, EntityManager } from 'typeorm';

export type Role = 'admin' | 'dispatcher' | 'commander' | 'unit';
export type UserRow = {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  jurisdiction: number;
  unitId: number | null;
  failedLogins: number;
  lockedUntil: Date | null;
  disabled: boolean;
};

const USER = `SELECT id, username, display_name AS "displayName", password_hash AS "passwordHash", role, jurisdiction, unit_id AS "unitId",
                     failed_logins AS "failedLogins", locked_until AS "lockedUntil", disabled FROM app_user`;
const USER_BY_USERNAME = USER + ' WHERE username = $1';
const USER_BY_ID = USER + ' WHERE id = $1';

/** SQL for accounts, their refresh tokens and the security audit log. */
export class AccountsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async byUsername(username: string): Promise<UserRow | null> {
    const rows = (await this.db.query(USER_BY_USERNAME, [username])) as UserRow[];
    return rows[0] ?? null;
  }

  async byId(id: number): Promise<UserRow | null> {
    const rows = (await this.db.query(USER_BY_ID, [id])) as UserRow[];
    return rows[0] ?? null;
  }

  async insert(u: { username: string; displayName: string; passwordHash: string; role: Role; jurisdiction: number; unitId: number | null }): Promise<number> {
    const [r] = (await this.db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, jurisdiction, unit_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, password_hash = EXCLUDED.password_hash, role = EXCLUDED.role,
         jurisdiction = EXCLUDED.jurisdiction, unit_id = EXCLUDED.unit_id, failed_logins = 0, locked_until = NULL
       RETURNING id`,
      [u.username, u.displayName, u.passwordHash, u.role, u.jurisdiction, u.unitId],
    )) as Array<{ id: number }>;
    return r.id;
  }

  /**
   * Takes one password attempt before the password is checked: the count of attempts not yet proven
   * right goes up at once (a lock that has run out starts it again from 1), so parallel guesses
   * cannot all be checked before the lock. Returns the attempt's number, or null while locked.
   */
  async takeAttempt(id: number): Promise<number | null> {
    const rows = (await this.db.query(
      `WITH u AS (UPDATE app_user SET failed_logins = CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
                     locked_until = CASE WHEN locked_until <= now() THEN NULL ELSE locked_until END
               WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now()) RETURNING failed_logins AS n)
       SELECT n FROM u`,
      [id],
    )) as Array<{ n: number }>;
    return rows[0]?.n ?? null;
  }

  /**
   * After a wrong password (or an attempt past the limit): locks the account for `lockMs` once
   * `lockAfter` attempts are unproven. Says until when it is locked, and whether this call locked it.
   */
  async lockIfOver(id: number, lockAfter: number, lockMs: number): Promise<{ now: boolean; until: Date | null }> {
    const [r] = (await this.db.query(
      `WITH old AS (SELECT locked_until FROM app_user WHERE id = $1 FOR UPDATE),
            u AS (UPDATE app_user u SET locked_until = CASE WHEN u.failed_logins >= $2 AND (u.locked_until IS NULL OR u.locked_until <= now())
                                                            THEN now() + make_interval(secs => $3::float8 / 1000) ELSE u.locked_until END
                    FROM old WHERE u.id = $1
                  RETURNING coalesce(u.locked_until > now(), false) AND coalesce(old.locked_until <= now(), true) AS now, u.locked_until AS until)
       SELECT now, until FROM u`,
      [id, lockAfter, lockMs],
    )) as Array<{ now: boolean; until: Date | null }>;
    return r ?? { now: false, until: null };
  }

  async succeededLogin(id: number): Promise<void> {
    await this.db.query('UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1', [id]);
  }

  async insertRefresh(userId: number, tokenHash: string, ttlS: number): Promise<string> {
    const [r] = (await this.db.query(
      `INSERT INTO refresh_token (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING id`,
      [userId, tokenHash, ttlS],
    )) as Array<{ id: string }>;
    return r.id;
  }

  /** A live refresh token by its hash, locked: revoked and expired ones are not found. */
  async liveRefresh(tokenHash: string): Promise<{ id: string; userId: number } | null> {
    const rows = (await this.db.query(
      `SELECT id, user_id AS "userId" FROM refresh_token WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now() FOR UPDATE`,
      [tokenHash],
    )) as Array<{ id: string; userId: number }>;
    return rows[0] ?? null;
  }

  /** The account of a refresh token that was already replaced or revoked, if this is one, and how many seconds ago that was. */
  async revokedOwner(tokenHash: string): Promise<{ userId: number; ageS: number } | null> {
    const rows = (await this.db.query(
      'SELECT user_id AS "userId", extract(epoch FROM now() - revoked_at)::float8 AS "ageS" FROM refresh_token WHERE token_hash = $1 AND revoked_at IS NOT NULL',
      [tokenHash],
    )) as Array<{ userId: number; ageS: number }>;
    return rows[0] ?? null;
  }

  /** Revokes every live session of an account; returns their ids. */
  async revokeAll(userId: number): Promise<string[]> {
    const rows = (await this.db.query(
      'WITH r AS (UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id) SELECT id FROM r',
      [userId],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.query('UPDATE refresh_token SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
  }

  /** Of these sessions, the ones no longer valid (revoked, expired, or their account disabled or gone). */
  async deadSessions(ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = (await this.db.query(
      `SELECT s.id FROM unnest($1::uuid[]) AS s(id) LEFT JOIN refresh_token t ON t.id = s.id LEFT JOIN app_user u ON u.id = t.user_id
        WHERE t.id IS NULL OR t.revoked_at IS NOT NULL OR t.expires_at <= now() OR u.disabled`,
      [ids],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async audit(e: { username?: string | null; userId?: number | null; event: string; ip?: string | null; details?: Record<string, unknown> }): Promise<void> {
    await this.db.query('INSERT INTO audit_log (username, user_id, event, ip, details) VALUES ($1, $2, $3, $4, $5::jsonb)', [
      e.username ?? null,
      e.userId ?? null,
      e.event,
      e.ip ?? null,
      e.details ? JSON.stringify(e.details) : null,
    ]);
  }
}
