import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'crypto';
import { Db } from '../infra/db/unit-of-work';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DomainError } from '../common/errors';
import { Principal, signToken } from './tokens';
import { AccountsRepository, UserRow } from './accounts.repository';
import { LiveFeed } from '../live/live-feed';

export const LOCK_AFTER = 5;
export const LOCK_MS = 10 * 60 * 1000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/**
 * A replaced refresh token presented again within this many seconds is the same client's duplicate
 * (two tabs refreshing at once, a retry that crossed the answer), not reuse: refused, sessions kept.
 */
const REUSE_GRACE_S = 2;
const BAD_REFRESH = () => new DomainError('bad_refresh_token', 'the refresh token is not valid: sign in again', 401);
const WRONG = () => new DomainError('wrong_credentials', 'wrong username or password', 401);
/** verified against when the username is unknown, so both answers take as long */
let dummyHash: Promise<string> | null = null;

export type Session = {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: number; username: string; displayName: string; role: string; jurisdiction: number; unitId: number | null };
};

/**
 * Logins with argon2id hashes; a short access token (the socket and request principal) and a
 * refresh token stored hashed, rotated on use, revocable; five failed logins in a row lock the
 * account for ten minutes; every security event is audited.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly feed: LiveFeed,
  ) {}

  static hashPassword(password: string): Promise<string> {
    return hash(password);
  }

  async login(username: string, password: string, ip: string | null): Promise<Session> {
    const repo = this.db.get(AccountsRepository);
    const user = await repo.byUsername(username);
    if (!user) {
      dummyHash ??= hash('not a password of anyone');
      await verify(await dummyHash, password).catch(() => false);
      await repo.audit({ username, event: 'login_failed', ip, details: { reason: 'unknown user' } });
      throw WRONG();
    }
    if (user.disabled) {
      await repo.audit({ username, userId: user.id, event: 'login_refused', ip, details: { reason: 'disabled' } });
      throw WRONG();
    }
    // the attempt is counted before the password is checked: parallel guesses get LOCK_AFTER checks, no more
    const attempt = await repo.takeAttempt(user.id);
    if (attempt === null || attempt > LOCK_AFTER) {
      const l = attempt === null ? { until: (await repo.byId(user.id))?.lockedUntil ?? null, now: false } : await repo.lockIfOver(user.id, LOCK_AFTER, LOCK_MS);
      const reason = attempt === null ? 'locked' : `more than ${LOCK_AFTER} attempts at once`;
      await repo.audit({ username, userId: user.id, event: l.now ? 'account_locked' : 'login_refused', ip, details: { reason } });
      throw new DomainError('account_locked', `too many failed logins: the account is locked until ${l.until?.toISOString() ?? 'later'}`, 423);
    }
    if (!(await verify(user.passwordHash, password).catch(() => false))) {
      const l = await repo.lockIfOver(user.id, LOCK_AFTER, LOCK_MS);
      await repo.audit({ username, userId: user.id, event: l.now ? 'account_locked' : 'login_failed', ip, details: { reason: 'wrong password' } });
      throw WRONG();
    }
    await repo.succeededLogin(user.id);
    const session = await this.open(repo, user);
    await repo.audit({ username, userId: user.id, event: 'login', ip });
    return session;
  }

  /** A new access token for a live refresh token, which is replaced (rotation); a reused old one ends every session of the account. */
  async refresh(refreshToken: string, ip: string | null): Promise<Session> {
    const revoked = await this.db.get(AccountsRepository).revokedOwner(sha256(refreshToken));
    if (revoked !== null && revoked.ageS < REUSE_GRACE_S) {
      // the same token twice at once (two tabs, a retry): the other request replaced it a moment ago; refused, nothing more
      await this.db.get(AccountsRepository).audit({ userId: revoked.userId, event: 'refresh_race', ip });
      throw BAD_REFRESH();
    }
    if (revoked !== null) {
      // a replaced token used again: stolen, or the owner's stale copy; either way end every session of the account
      for (const sid of await this.db.get(AccountsRepository).revokeAll(revoked.userId)) this.feed.endSession(sid);
      await this.db.get(AccountsRepository).audit({
        userId: revoked.userId,
        event: 'refresh_reused',
        ip,
        details: { action: 'every session of the account revoked' },
      });
      throw BAD_REFRESH();
    }
    return this.db.transaction(async (tx) => {
      const repo = tx.get(AccountsRepository);
      const live = await repo.liveRefresh(sha256(refreshToken));
      if (!live) throw BAD_REFRESH();
      const user = await repo.byId(live.userId);
      if (!user || user.disabled) throw BAD_REFRESH();
      await repo.revoke(live.id);
      await repo.audit({ username: user.username, userId: user.id, event: 'refresh', ip });
      return this.open(repo, user);
    });
  }

  async logout(sid: string, who: { userId: number; username: string }, ip: string | null): Promise<void> {
    const repo = this.db.get(AccountsRepository);
    await repo.revoke(sid);
    this.feed.endSession(sid);
    await repo.audit({ username: who.username, userId: who.userId, event: 'logout', ip });
  }

  private async open(repo: AccountsRepository, user: UserRow): Promise<Session> {
    const refreshToken = randomBytes(32).toString('base64url');
    const sid = await repo.insertRefresh(user.id, sha256(refreshToken), this.config.auth.refreshTtlS);
    const account = { userId: user.id, role: user.role, sid };
    const principal: Principal =
      user.role === 'unit' && user.unitId !== null
        ? { kind: 'unit', unitId: user.unitId, account }
        : { kind: 'console', user: user.username, jurisdiction: user.jurisdiction, account };
    return {
      accessToken: signToken(this.config.tokenSecret, principal, this.config.auth.accessTtlS),
      refreshToken,
      expiresIn: this.config.auth.accessTtlS,
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, jurisdiction: user.jurisdiction, unitId: user.unitId },
    };
  }
}
