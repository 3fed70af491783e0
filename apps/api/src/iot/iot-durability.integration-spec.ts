import { ChildProcess } from 'child_process';
import { freePort, spawnApi, SpawnedApi, TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { ownRedis } from '../../test/own-redis';
import { seededTestDb } from '../../test/test-data-source';
import { waitFor } from '../../test/wait';
import { DEMO_PLATFORM_KEY } from './iot-demo';

type Msg = { messageId: string; deviceId: string; kind: string };
const run = Math.random().toString(36).slice(2, 8);

/**
 * What the platforms were told is stored, is: a kill -9 of the ingesting process and a Redis restart
 * under load, counting every message answered 2xx against the log; a platform resending what got no
 * answer stores nothing twice; an alarm in flight reaches the desk once.
 */
describe('IoT durability under load: kill -9, Redis restart (real PostgreSQL, Redis, processes)', () => {
  let db: TestDb;
  let ds: DataSource;
  let redis: ChildProcess | null = null;
  let redisPort: number;
  let smoke: string[];
  let pair: string[];

  const push = async (url: string, messages: Msg[]) => {
    try {
      const r = await fetch(`${url}/api/iot/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-iot-key': DEMO_PLATFORM_KEY },
        body: JSON.stringify({ messages }),
      });
      return r.status;
    } catch {
      return 0; // the process died under the request: no answer
    }
  };
  const storedOf = async (ids: string[]) =>
    (
      (await ds.query('SELECT count(*)::int AS n, count(DISTINCT message_id)::int AS d FROM iot_message WHERE message_id = ANY($1)', [ids])) as Array<{
        n: number;
        d: number;
      }>
    )[0];

  /** 10,000 messages in batches of 100, 95 % heartbeats; the building pair's two alarms ride in the middle */
  const batches = (tag: string): Msg[][] =>
    Array.from({ length: 100 }, (_, b) =>
      Array.from({ length: 100 }, (_, i) => {
        const n = b * 100 + i;
        const messageId = `${tag}-${run}-${n}`;
        if (b === 50 && i < 2) return { messageId, deviceId: pair[i], kind: 'alarm' };
        return { messageId, deviceId: smoke[n % smoke.length], kind: n % 20 === 0 ? 'test' : 'heartbeat' };
      }),
    );

  /** Sends the batches 6 at a time; calls `midway` once half have been answered; answers which batches got a 2xx. */
  async function load(url: () => string, all: Msg[][], midway: () => Promise<void>): Promise<boolean[]> {
    const ok = all.map(() => false);
    let next = 0;
    let answered = 0;
    let fired: Promise<void> | null = null;
    const lane = async () => {
      while (next < all.length) {
        const i = next++;
        ok[i] = (await push(url(), all[i])) === 200;
        if (++answered === all.length / 2) fired = midway();
      }
    };
    await Promise.all(Array.from({ length: 6 }, lane));
    await fired;
    return ok;
  }

  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('none', 2000));
    smoke = ((await ds.query("SELECT id FROM iot_device WHERE kind = 'heat' ORDER BY id")) as Array<{ id: string }>).map((r) => r.id);
    [{ pair }] = (await ds.query(
      "SELECT (array_agg(id ORDER BY id))[1:2] AS pair FROM iot_device WHERE kind = 'smoke' GROUP BY building_id HAVING count(*) >= 2 ORDER BY building_id LIMIT 1",
    )) as Array<{ pair: string[] }>;
    redisPort = await freePort();
    redis = await ownRedis(redisPort, ['--save', '', '--appendonly', 'no']);
  }, 240000);

  afterAll(async () => {
    redis?.kill('SIGKILL');
    await ds?.destroy();
    await db?.drop();
  });

  it('kill -9 mid-load: every message answered 2xx is stored; resending the rest stores each once; the alarm pair makes one incident', async () => {
    const env = { REDIS_URL: `redis://127.0.0.1:${redisPort}`, REDIS_PREFIX: `tk${run}:` };
    let api: SpawnedApi = await spawnApi(db.url, env);
    const all = batches('k');
    let killedAt = 0;
    const ok = await load(
      () => api.url,
      all,
      async () => {
        await api.stop('SIGKILL');
        killedAt = Date.now();
      },
    );
    expect(killedAt).toBeGreaterThan(0);
    const answered = all.filter((_, i) => ok[i]).flat();
    expect(answered.length).toBeGreaterThanOrEqual(5000);
    expect(answered.length).toBeLessThan(10000);
    // every message the platform was told is stored, is (nothing lost), once
    expect(await storedOf(answered.map((m) => m.messageId))).toEqual({ n: answered.length, d: answered.length });
    // the platform resends everything it got no answer for (and, to be sure, all of it): nothing is stored twice
    api = await spawnApi(db.url, env);
    try {
      for (const b of all) expect(await push(api.url, b)).toBe(200);
      const ids = all.flat().map((m) => m.messageId);
      expect(await storedOf(ids)).toEqual({ n: 10000, d: 10000 });
      // the alarm pair: whether it was mid-flight at the kill or not, one incident, both alarms on it (the sweep acts on the orphans)
      const alarms = await waitFor(
        async () => {
          const rows = (await ds.query('SELECT state, incident_id AS "incidentId" FROM iot_alarm WHERE device_id = ANY($1)', [pair])) as Array<{
            state: string;
            incidentId: number | null;
          }>;
          return rows.length === 2 && rows.every((r) => r.state === 'confirmed') ? rows : undefined;
        },
        30000,
        'both alarms confirmed',
      );
      expect(new Set(alarms.map((a) => a.incidentId)).size).toBe(1);
      const [{ unprocessed }] = (await waitFor(
        async () => {
          const r = (await ds.query(
            "SELECT count(*)::int AS unprocessed FROM iot_message WHERE processed_at IS NULL AND kind <> 'heartbeat' AND message_id LIKE $1",
            [`k-${run}-%`],
          )) as Array<{ unprocessed: number }>;
          return r[0].unprocessed === 0 ? r : undefined;
        },
        30000,
        'every stored message acted on',
      )) as Array<{ unprocessed: number }>;
      expect(unprocessed).toBe(0);
    } finally {
      await api.stop();
    }
  }, 180000);

  it('a Redis restart under load: intake goes on (it never waits on Redis), everything answered is stored once', async () => {
    const env = { REDIS_URL: `redis://127.0.0.1:${redisPort}`, REDIS_PREFIX: `tr${run}:` };
    const api = await spawnApi(db.url, env);
    try {
      const all = batches('r');
      const ok = await load(
        () => api.url,
        all,
        async () => {
          redis?.kill('SIGKILL');
          await new Promise((r) => setTimeout(r, 500));
          redis = await ownRedis(redisPort, ['--save', '', '--appendonly', 'no']);
        },
      );
      const answered = all.filter((_, i) => ok[i]).flat();
      expect(answered.length).toBe(10000);
      expect(await storedOf(answered.map((m) => m.messageId))).toEqual({ n: 10000, d: 10000 });
    } finally {
      await api.stop();
    }
  }, 180000);
});
