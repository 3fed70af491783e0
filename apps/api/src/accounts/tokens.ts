import { createHmac, timingSafeEqual } from 'crypto';

/** A signed-in account behind a token: its id, role and session (the refresh token that can revoke it). */
export type Account = { userId: number; role: 'admin' | 'dispatcher' | 'commander' | 'unit'; sid: string };

/**
 * Who a socket or request is: a unit's tablet, or a console user scoped to a jurisdiction
 * (province/city/county adcode); `account` when it came from a login (demo tokens have none).
 */
export type Principal = ({ kind: 'unit'; unitId: number } | { kind: 'console'; user: string; jurisdiction: number }) & { account?: Account; exp?: number };

const b64 = (s: string) => Buffer.from(s).toString('base64url');

/** Signs a principal into a token valid for `ttlS` seconds (HMAC-SHA256 over the payload). */
export function signToken(secret: string, who: Principal, ttlS: number, now = Date.now()): string {
  const payload = b64(JSON.stringify({ ...who, exp: Math.floor(now / 1000) + ttlS }));
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

/** The principal of a valid, unexpired token, or the reason it is refused. */
export function verifyToken(secret: string, token: unknown, now = Date.now()): Principal | { error: string } {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token) || token.length > 2000) return { error: 'no valid token' };
  const [payload, sig] = token.split('.');
  const want = createHmac('sha256', secret).update(payload).digest();
  const got = Buffer.from(sig, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { error: 'bad token signature' };
  let p: Principal & { exp: number };
  try {
    p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Principal & { exp: number };
  } catch {
    return { error: 'unreadable token' };
  }
  if (!(p.exp * 1000 > now)) return { error: 'token expired' };
  const a = p.account;
  const account =
    a && Number.isInteger(a.userId) && ['admin', 'dispatcher', 'commander', 'unit'].includes(a.role) && typeof a.sid === 'string'
      ? { account: { userId: a.userId, role: a.role, sid: a.sid } }
      : {};
  if (p.kind === 'unit' && Number.isInteger(p.unitId)) return { kind: 'unit', unitId: p.unitId, exp: p.exp, ...account };
  if (p.kind === 'console' && typeof p.user === 'string' && Number.isInteger(p.jurisdiction))
    return { kind: 'console', user: p.user, jurisdiction: p.jurisdiction, exp: p.exp, ...account };
  return { error: 'unknown principal' };
}
