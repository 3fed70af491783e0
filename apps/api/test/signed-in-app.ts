import { runApiCli, TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import type { Session } from '../src/accounts/auth.service';
import { seededTestDb } from './test-data-source';
import { RunningApp, startApp } from './test-app';

const PASSWORD = 'matrix password 119 ok';
export type Who = 'anonymous' | 'admin' | 'nc_dispatcher' | 'gz_dispatcher' | 'commander' | 'unit' | 'other_unit';

export type SignedInApp = {
  db: TestDb;
  ds: DataSource;
  app: RunningApp;
  tokens: Record<Who, string | null>;
  /** a water tender of Nanchang (the 'unit' login's) and one of Ganzhou (the 'other_unit' login's) */
  nanchangUnit: number;
  ganzhouUnit: number;
  /** a REST call as one of the logins: status and body text */
  call(who: Who, method: string, path: string, body?: unknown): Promise<{ status: number; message: string }>;
  /** a new session of one of the accounts (to sign out without ending the others') */
  login(username: string): Promise<Session>;
  close(): Promise<void>;
};

/**
 * The seeded demo with sign-in required and seven principals signed in: anonymous, the province's
 * admin and commander, a Nanchang and a Ganzhou dispatcher, and two unit tablets (one per city).
 */
export async function signedInApp(): Promise<SignedInApp> {
  const { db, ds } = await seededTestDb('small');
  const unitIn = async (city: number) =>
    (
      (await ds.query(
        `SELECT u.id FROM unit u JOIN station s ON s.id = u.station_id WHERE s.city_adcode = $1 AND u.kind = 'water_tender' AND u.status = 'available' ORDER BY u.id LIMIT 1`,
        [city],
      )) as Array<{ id: number }>
    )[0].id;
  const nanchangUnit = await unitIn(360100);
  const ganzhouUnit = await unitIn(360700);
  const make = (args: string[]) => runApiCli('cli/create-user.ts', { DATABASE_URL: db.url, GAN119_PASSWORD: PASSWORD }, args);
  await make(['--username', 'admin', '--role', 'admin', '--jurisdiction', '360000']);
  await make(['--username', 'nc-dispatcher', '--role', 'dispatcher', '--jurisdiction', '360100']);
  await make(['--username', 'gz-dispatcher', '--role', 'dispatcher', '--jurisdiction', '360700']);
  await make(['--username', 'commander', '--role', 'commander', '--jurisdiction', '360000']);
  await make(['--username', 'tablet', '--role', 'unit', '--jurisdiction', '360100', '--unit', String(nanchangUnit)]);
  await make(['--username', 'other-tablet', '--role', 'unit', '--jurisdiction', '360700', '--unit', String(ganzhouUnit)]);
  const app = await startApp(db.url, { AUTH_REQUIRED: 'true', LOGINS_PER_MIN: '100', TOKEN_SECRET: 'access-test-secret-0123456789' });
  const session = async (username: string) =>
    (await (
      await fetch(`${app.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      })
    ).json()) as Session;
  const login = async (username: string) => (await session(username)).accessToken;
  const tokens: Record<Who, string | null> = {
    anonymous: null,
    admin: await login('admin'),
    nc_dispatcher: await login('nc-dispatcher'),
    gz_dispatcher: await login('gz-dispatcher'),
    commander: await login('commander'),
    unit: await login('tablet'),
    other_unit: await login('other-tablet'),
  };
  const call = async (who: Who, method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (tokens[who]) headers.authorization = `Bearer ${tokens[who]}`;
    const r = await fetch(`${app.url}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, message: await r.text() };
  };
  const close = async () => {
    await app.close();
    await ds.destroy();
    await db.drop();
  };
  return { db, ds, app, tokens, nanchangUnit, ganzhouUnit, call, login: session, close };
}
