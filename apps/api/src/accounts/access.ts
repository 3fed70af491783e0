import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DomainError } from '../common/errors';
import { Principal, verifyToken } from './tokens';
import { AccountsRepository, Role } from './accounts.repository';
import { covers } from './jurisdiction';

export const ALL_ROLES: Role[] = ['admin', 'dispatcher', 'commander', 'unit'];
export const CONSOLE_ROLES: Role[] = ['admin', 'dispatcher', 'commander'];
const ROLES_KEY = 'gan119:roles';

/** Who may call a route when signed in (class or method); a route with none is the admin's alone. */
export const Allow = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** A route anyone may call (health, sign-in, the basemap). */
export const Public = () => SetMetadata(ROLES_KEY, 'public');

export type SignedIn = Principal & { account: NonNullable<Principal['account']> };
export type RequestWithPrincipal = Request & { principal?: SignedIn };

export { covers } from './jurisdiction';

/**
 * Every REST route: a bearer token is verified (signature, expiry, a live session) and its role must
 * be one the route allows (403 naming it). Without a token the request is refused (401) when
 * AUTH_REQUIRED is on; while it is off (until the console signs in) it passes as before.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const allowed = this.reflector.getAllAndOverride<Role[] | 'public' | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]) ?? ['admin'];
    if (allowed === 'public') return true;
    const req = ctx.switchToHttp().getRequest<RequestWithPrincipal>();
    const h = req.headers.authorization;
    if (typeof h !== 'string') {
      if (this.config.auth.required) throw new DomainError('unauthenticated', 'sign in first (Authorization: Bearer <access token>)', 401);
      return true;
    }
    const p = h.startsWith('Bearer ') ? verifyToken(this.config.tokenSecret, h.slice(7)) : { error: 'not a bearer token' };
    if ('error' in p) throw new DomainError('unauthenticated', p.error, 401);
    if (!p.account) throw new DomainError('unauthenticated', 'not a login token', 401);
    if ((await this.accounts.deadSessions([p.account.sid])).length) throw new DomainError('unauthenticated', 'session ended: sign in again', 401);
    if (!allowed.includes(p.account.role)) throw new DomainError('forbidden', `a ${p.account.role} may not do this`, 403);
    req.principal = p as SignedIn;
    return true;
  }
}

/** A unit's login acts for its own unit only (403 otherwise); other roles pass. */
export function ownUnitOnly(req: RequestWithPrincipal, unitIds: number[]): void {
  const p = req.principal;
  if (p?.kind === 'unit' && unitIds.some((id) => id !== p.unitId))
    throw new DomainError('forbidden', `a unit's login acts for its own unit (${p.unitId}) only`, 403);
}

/** A console login acts within its jurisdiction only (403 naming both otherwise). */
export function withinJurisdiction(req: RequestWithPrincipal, place: { cityAdcode: number | null; countyAdcode: number | null }, what: string): void {
  const p = req.principal;
  if (p?.kind === 'console' && !covers(p.jurisdiction, place))
    throw new DomainError('outside_jurisdiction', `${what} is outside your jurisdiction (${p.jurisdiction})`, 403, { jurisdiction: p.jurisdiction, ...place });
}

/** Who the record names as having done something: the signed-in user, else the API (while sign-in is optional). */
export function actorOf(req: RequestWithPrincipal, fallback = 'api'): string {
  const p = req.principal;
  if (!p) return fallback;
  return p.kind === 'console' ? p.user : `unit:${p.unitId}`;
}
