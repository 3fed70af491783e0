import { TestDb } from '@gan119/testing';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { signToken } from '../accounts/tokens';
import { HOSTILE } from '../../test/hostile';

const SECRET = 'socket-fuzz-secret-0123456789';
const EVENTS = ['order:ack', 'unit:status', 'unit:positions', 'incident:watch', 'incident:unwatch', 'drill:report'] as const;
const FIELDS: Record<(typeof EVENTS)[number], string[]> = {
  'order:ack': ['orderId'],
  'unit:status': ['to', 'reason'],
  'unit:positions': ['positions'],
  'incident:watch': ['incidentId'],
  'incident:unwatch': ['incidentId'],
  'drill:report': ['drillId', 'step'],
};

/**
 * Every client event of the socket contract, from a tablet and from a console, with hostile bodies:
 * each is answered (the acknowledgement callback, never silence), refused with a reason unless it is
 * valid, the socket stays connected, and a refusal changes nothing in the database.
 */
/** The hostile values that fit in a socket message (64 kB: a bigger one closes the socket, tested in faults). */
const FITS = HOSTILE.filter((h) => (JSON.stringify(h)?.length ?? 0) < 25_000);

describe('fuzz: every socket event with hostile input', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
    app = await startApp(db.url, { TOKEN_SECRET: SECRET, SOCKET_MSGS_PER_S: '100000' }); // the flood limit has its own test
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('answers every case, refuses with a reason, stays connected, and a refusal changes nothing', async () => {
    const connect = async (token: string) => {
      const s = io(app.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
      return s;
    };
    const [{ id: unitId }] = (await ds.query(`SELECT id FROM unit WHERE status = 'available' ORDER BY id LIMIT 1`)) as Array<{ id: number }>;
    const who = {
      tablet: await connect(signToken(SECRET, { kind: 'unit', unitId }, 600)),
      console: await connect(signToken(SECRET, { kind: 'console', user: 'f', jurisdiction: 360000 }, 600)),
    };
    const fingerprint = async () =>
      (
        (await ds.query(
          `SELECT json_build_array((SELECT count(*) FROM avl_position), (SELECT coalesce(sum(version), 0) FROM unit), (SELECT count(*) FROM dispatch_order WHERE acked_at IS NOT NULL), (SELECT count(*) FROM unit_status_history))::text AS f`,
        )) as Array<{ f: string }>
      )[0].f;
    const failures: string[] = [];
    let cases = 0;
    let before = await fingerprint();
    for (const [role, s] of Object.entries(who)) {
      for (const event of EVENTS) {
        const bodies: unknown[] = [
          undefined,
          ...FITS,
          ...FIELDS[event].flatMap((f) => FITS.map((h) => ({ [f]: h }))),
          { positions: FITS.map((h) => ({ ts: h, lon: h, lat: h })) },
        ];
        for (const body of bodies) {
          cases++;
          const label = `${role} ${event} ${JSON.stringify(body)?.slice(0, 40)}`;
          let reply: { ok?: boolean; error?: string } | undefined;
          try {
            reply = (await s.timeout(5000).emitWithAck(event as 'order:ack', body as { orderId: string })) as typeof reply;
          } catch {
            failures.push(`${label}: no answer`);
            continue;
          }
          if (!s.connected) failures.push(`${label}: disconnected`);
          const after = await fingerprint();
          if (reply?.ok === false) {
            if (typeof reply.error !== 'string' || !reply.error) failures.push(`${label}: refused without a reason`);
            if (after !== before) failures.push(`${label}: refused but the database changed`);
          } else if (reply?.ok !== true) failures.push(`${label}: answered ${JSON.stringify(reply)}`);
          before = after;
        }
      }
    }
    console.log(`socket fuzz: ${cases} cases over ${EVENTS.length} events × 2 roles, ${failures.length} failures`);
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThan(500);
  }, 300_000);
});
