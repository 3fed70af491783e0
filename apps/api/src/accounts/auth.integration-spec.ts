import { runApiCli, TestDb } from '@gan119/testing';
import { io } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { waitFor } from '../../test/wait';
import type { Session } from './auth.service';

const PASSWORD = 'correct horse battery 119';

describe('accounts: argon2 logins, refresh rotation, lockout, audit, sessions that close their sockets', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  let unitId = 0;
  const post = async <T>(path: string, body: unknown, token?: string) => {
    const r = await fetch(`${app.url}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as T & { error?: string; message?: string } };
  };
  const audit = async (username: string) =>
    ((await ds.query('SELECT event FROM audit_log WHERE username = $1 ORDER BY id', [username])) as Array<{ event: string }>).map((r) => r.event);

  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
    unitId = ((await ds.query(`SELECT id FROM unit ORDER BY id LIMIT 1`)) as Array<{ id: number }>)[0].id;
    // accounts are made with the CLI, the password from the environment
    const make = (args: string[]) => runApiCli('cli/create-user.ts', { DATABASE_URL: db.url, GAN119_PASSWORD: PASSWORD }, args);
    await make(['--username', 'nc-dispatcher', '--role', 'dispatcher', '--jurisdiction', '360100', '--name', '南昌调度员']);
    await make(['--username', 'victim', '--role', 'commander', '--jurisdiction', '360000']);
    await make(['--username', 'tablet-1', '--role', 'unit', '--jurisdiction', '360100', '--unit', String(unitId)]);
    app = await startApp(db.url, { ACCESS_TOKEN_TTL_S: '6', LOGINS_PER_MIN: '25' });
  });
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('the CLI refuses a weak password and a unit account without its unit, naming both; hashes are argon2id', async () => {
    await expect(
      runApiCli('cli/create-user.ts', { DATABASE_URL: db.url, GAN119_PASSWORD: 'short' }, [
        '--username',
        'x-unit',
        '--role',
        'unit',
        '--jurisdiction',
        '360100',
      ]),
    ).rejects.toThrow(/--unit[\s\S]*GAN119_PASSWORD/);
    const [u] = (await ds.query(`SELECT password_hash AS h FROM app_user WHERE username = 'nc-dispatcher'`)) as Array<{ h: string }>;
    expect(u.h).toMatch(/^\$argon2id\$/);
  });

  it('signs in, says who it is, rotates the refresh token, and a reused old one ends every session of the account', async () => {
    const login = await post<Session>('/auth/login', { username: 'nc-dispatcher', password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ username: 'nc-dispatcher', role: 'dispatcher', jurisdiction: 360100 });
    const me = await fetch(`${app.url}/api/auth/me`, { headers: { authorization: `Bearer ${login.body.accessToken}` } });
    expect(await me.json()).toMatchObject({ kind: 'console', user: 'nc-dispatcher', jurisdiction: 360100, account: { role: 'dispatcher' } });
    const second = await post<Session>('/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(login.body.refreshToken);
    // at once (within 2 s): the same client's duplicate, refused, the new session kept
    expect((await post('/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401);
    expect((await fetch(`${app.url}/api/auth/me`, { headers: { authorization: `Bearer ${second.body.accessToken}` } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2100));
    // later, the first refresh token again: refused, and the second (the thief's or the owner's) dies with it
    expect((await post('/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: second.body.refreshToken })).status).toBe(401);
    expect(await audit('nc-dispatcher')).toEqual(['account_written', 'login', 'refresh']);
    // the reuse ended every session; the first duplicate, and the second token a moment after it died, are refusals only
    expect(((await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE event = 'refresh_reused'`)) as Array<{ n: number }>)[0].n).toBe(1);
    expect(((await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE event = 'refresh_race'`)) as Array<{ n: number }>)[0].n).toBe(2);
    expect((await fetch(`${app.url}/api/auth/me`)).status).toBe(401);
    expect((await fetch(`${app.url}/api/auth/me`, { headers: { authorization: 'Bearer nonsense' } })).status).toBe(401);
  });

  it('five wrong passwords in a row lock the account for ten minutes, even against the right one; all audited', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await post('/auth/login', { username: 'victim', password: `guess ${i}` });
      expect(r.status).toBe(401);
      expect(r.body.message).toBe('wrong username or password');
    }
    const locked = await post('/auth/login', { username: 'victim', password: PASSWORD });
    expect(locked.status).toBe(423);
    expect(locked.body.message).toMatch(/locked until/);
    expect(await audit('victim')).toEqual([
      'account_written',
      'login_failed',
      'login_failed',
      'login_failed',
      'login_failed',
      'account_locked',
      'login_refused',
    ]);
    // an unknown user gets the same answer as a wrong password
    expect((await post('/auth/login', { username: 'nobody', password: PASSWORD })).body.message).toBe('wrong username or password');
    expect((await post('/auth/login', { username: 'victim', password: PASSWORD, role: 'admin' })).status).toBe(400);
    expect((await post('/auth/login', { username: 'Victim!', password: PASSWORD })).status).toBe(400);
  });

  it('limits login attempts per address: past the burst, 429 naming it', async () => {
    let limited = 0;
    for (let i = 0; i < 30 && !limited; i++) if ((await post('/auth/login', { username: 'nobody', password: 'x' })).status === 429) limited = i;
    expect(limited).toBeGreaterThan(0);
    expect((await post('/auth/login', { username: 'nobody', password: 'x' })).body.message).toMatch(/too many login attempts/);
    await new Promise((r) => setTimeout(r, 2500)); // 25 a minute: one back every 2.4 s (the next test signs in)
  });

  it("a unit's login is its tablet: the socket is the unit's, closes when the token expires, and when the session is signed out", async () => {
    const login = await post<Session>('/auth/login', { username: 'tablet-1', password: PASSWORD });
    expect(login.body.user.unitId).toBe(unitId);
    const connect = (token: string) => {
      const s = io(app.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      const ended: string[] = [];
      s.on('session:error', (e: { error: string }) => ended.push(e.error));
      return { s, ended, up: new Promise<void>((resolve) => s.once('connect', () => resolve())) };
    };
    const a = connect(login.body.accessToken);
    await a.up;
    expect(await a.s.emitWithAck('unit:status', { to: 'out_of_service', reason: '保养 maintenance' })).toMatchObject({ ok: true, status: 'out_of_service' }); // acts as its unit
    expect(await a.s.emitWithAck('unit:status', { to: 'available' })).toMatchObject({ ok: true });
    // the access token lives 6 s here: the socket is closed when it expires
    await waitFor(() => (a.ended.length ? true : undefined), 10000, 'the expiry');
    expect(a.ended[0]).toMatch(/expired/);
    // a fresh token; signing out closes its socket at once, and the session cannot come back
    const fresh = await post<Session>('/auth/refresh', { refreshToken: login.body.refreshToken });
    const b = connect(fresh.body.accessToken);
    await b.up;
    expect((await post('/auth/logout', {}, fresh.body.accessToken)).status).toBe(200);
    await waitFor(() => (b.ended.length && !b.s.connected ? true : undefined), 5000, 'the sign-out');
    const c = connect(fresh.body.accessToken);
    await waitFor(() => (c.ended.length ? true : undefined), 5000, 'the refusal');
    expect(c.ended[0]).toMatch(/session ended/);
    expect((await post('/auth/refresh', { refreshToken: fresh.body.refreshToken })).status).toBe(401);
    [a, b, c].forEach((x) => x.s.disconnect());
  });
});
