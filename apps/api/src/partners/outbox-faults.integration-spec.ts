import { spawnWorker, TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { createIncident } from '../dispatch/create-incident';
import { requestPartner } from './request-partner';
import { PartnerStub } from '../../test/partner-stub';
import { waitFor } from '../../test/wait';
import { Db } from '../infra/db/unit-of-work';
import { PartnerRepository } from './partner.repository';
import { newPartnerSecret } from './signature';

const REQUESTS = 20;

/**
 * The outbox against failure: the worker is killed (SIGKILL) while the partner holds its messages
 * unanswered, then the partner goes down while the next worker tries; when it is back, every message
 * is there exactly once by its idempotency key (the one the dead worker had in flight arrives twice,
 * and the partner keeps one), none is lost and none refused.
 */
describe('the partner outbox survives kill -9 of the worker and a partner outage (real processes, real HTTP)', () => {
  let db: TestDb;
  let ds: DataSource;
  const secret = newPartnerSecret();
  const stub = new PartnerStub(secret);
  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
    await new Db(ds).get(PartnerRepository).upsertPartner({
      id: 'nc-120',
      kind: '120',
      name: '南昌120',
      cityAdcode: 360100,
      endpoint: await stub.start(),
      secret,
      format: 'eido',
      maySend: ['update'],
      mayReceive: ['incident', 'update'],
      perMinute: 600,
      active: true,
    });
  });
  afterAll(async () => {
    await stub.stop();
    await ds?.destroy();
    await db?.drop();
  });

  it('kill -9 mid-delivery, then a partner outage: every request delivered once by key, none lost', async () => {
    const env = { PARTNER_LEASE_MS: '1000', PARTNER_TIMEOUT_MS: '500', PARTNER_CONCURRENCY: '4', REDIS_PREFIX: `toutbox${Date.now()}:` };
    const dbw = new Db(ds);
    // the dispatcher's requests, as the API makes them (the same use cases, in this process)
    for (let i = 0; i < REQUESTS; i++) {
      const { incident } = await createIncident(dbw, {
        type: 'traffic',
        level: 1,
        location: { lon: 115.8873 + i * 0.01, lat: 28.6799, crs: 'WGS84' },
        source: 'phone',
        by: 'test',
      });
      await requestPartner(dbw, { incidentId: incident.id, kind: 'ambulance', partnerId: 'nc-120', note: `被困 ${i + 1} 人`, by: 'test' });
    }
    const keys = ((await ds.query(`SELECT idempotency_key AS k FROM outbox ORDER BY id`)) as Array<{ k: string }>).map((r) => r.k);
    expect(keys).toHaveLength(REQUESTS);
    // the partner takes the messages but does not answer: the worker dies with them in flight
    stub.delayMs = 60_000;
    const first = await spawnWorker(db.url, env);
    await waitFor(() => (stub.list().length >= 2 ? true : undefined), 30_000, 'messages in flight at the partner');
    await first.kill('SIGKILL');
    const inFlight = stub.list().length;
    // the partner goes down; a new worker tries meanwhile (refused connections, pauses, a probe)
    await stub.stop();
    stub.delayMs = 0;
    const second = await spawnWorker(db.url, env);
    try {
      await new Promise((r) => setTimeout(r, 2500));
      const tried = (await ds.query(`SELECT count(*)::int AS n FROM partner_exchange WHERE outcome = 'retry'`)) as Array<{ n: number }>;
      expect(tried[0].n).toBeGreaterThan(0);
      await stub.start();
      await waitFor(
        async () =>
          ((await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE state <> 'delivered'`)) as Array<{ n: number }>)[0].n === 0 ? true : undefined,
        30_000,
        'every message delivered',
      );
    } finally {
      await second.kill('SIGTERM');
    }
    // once each by key: the ones the dead worker had in flight came twice and were kept once
    expect(
      stub
        .list()
        .map((m) => m.key)
        .sort(),
    ).toEqual([...keys].sort());
    expect(stub.duplicates).toBeGreaterThanOrEqual(Math.min(inFlight, 1));
    expect(stub.badSignatures).toBe(0);
    const links = (await ds.query(`SELECT state, count(*)::int AS n FROM partner_link GROUP BY state`)) as Array<{ state: string; n: number }>;
    expect(links).toEqual([{ state: 'acknowledged', n: REQUESTS }]);
  }, 180_000);
});
