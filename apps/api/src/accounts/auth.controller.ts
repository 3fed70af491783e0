import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DomainError } from '../common/errors';
import { TokenBucket } from './rate-limit';
import { AuthService } from './auth.service';
import { ALL_ROLES, Allow, Public, RequestWithPrincipal, SignedIn } from './access';

class LoginBody {
  @ApiProperty({ example: 'nc-dispatcher' })
  @IsString()
  @Matches(/^[a-z0-9_.-]{3,40}$/, { message: 'username must be 3-40 lowercase letters, digits, . _ or -' })
  username!: string;
  @ApiProperty() @IsString() @Length(1, 200) password!: string;
}

class RefreshBody {
  @ApiProperty() @IsString() @Length(20, 200) refreshToken!: string;
}

/** The signed-in principal the access guard verified (token and live session), or 401 when the call carried none. */
function signedIn(req: RequestWithPrincipal): SignedIn {
  if (!req.principal) throw new DomainError('unauthenticated', 'sign in first (Authorization: Bearer <access token>)', 401);
  return req.principal;
}

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  /** login and refresh attempts per client address: a burst of LOGINS_PER_MIN, refilled over the minute */
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private limit(ip: string): void {
    if (this.buckets.size > 10_000) this.buckets.clear();
    const b = this.buckets.get(ip) ?? new TokenBucket(this.config.auth.loginsPerMin, this.config.auth.loginsPerMin / 60);
    this.buckets.set(ip, b);
    if (!b.take()) throw new DomainError('too_many_logins', 'too many login attempts from this address: wait a minute', 429);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: an access token (minutes) and a refresh token (a shift); five failures in a row lock the account for ten minutes' })
  login(@Body() b: LoginBody, @Req() req: Request) {
    this.limit(req.ip ?? 'unknown');
    return this.auth.login(b.username, b.password, req.ip ?? null);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new access token for a refresh token, which is replaced; a reused one ends every session of the account' })
  refresh(@Body() b: RefreshBody, @Req() req: Request) {
    this.limit(req.ip ?? 'unknown');
    return this.auth.refresh(b.refreshToken, req.ip ?? null);
  }

  @Post('logout')
  @Allow(...ALL_ROLES)
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session: its refresh token is revoked and its sockets are closed' })
  async logout(@Req() req: RequestWithPrincipal) {
    const p = signedIn(req);
    await this.auth.logout(p.account.sid, { userId: p.account.userId, username: p.kind === 'console' ? p.user : `unit:${p.unitId}` }, req.ip ?? null);
    return { loggedOut: true };
  }

  @Get('me')
  @Allow(...ALL_ROLES)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who this access token is' })
  me(@Req() req: RequestWithPrincipal) {
    return { ...signedIn(req) };
  }
}
