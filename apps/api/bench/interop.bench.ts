import 'reflect-metadata';
import { Client } from 'pg';
import { spawnWorker, SpawnedWorker } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { configFromProcess } from '../src/config/env';
import { createDataSource, runMigrations } from '../src/infra/db/data-source';
import { Db } from '../src/infra/db/unit-of-work';
import { OutboxRepository } from '../src/partners/outbox.repository';
import { PartnerRepository } from '../src/partners/partner.repository';
import { newPartnerSecret, signedHeaders } from '../src/partners/signature';
import { PartnerStub } from '../test/partner-stub';
import { benchArg, quantile, recordBench } from './record';

/**
 * The partner outbox end to end, with a real worker process and a real HTTP partner (the stub, in
 * this process, so commit and receipt are timed on one clock):
 *  - up: messages committed at a steady rate; commit → partner receipt p50/p95/p99, and a burst's drain
 *    rate (messages/s);
 *  - outage: the partner down for 60 s while 1,000 messages are committed; the catch-up time from the
 *    partner's return until the last is there; lost and duplicates by the partner's idempotency key;
 *  - beside it, the naive way: a poller reading the outbox once a second and sending one at a time.
 * Its own database (migrations only; no demo data needed). `outage=60` sets the outage in seconds.
 */
const DB = 'gan119_bench_interop';
const STEADY = 2000;
const STEADY_RATE = 200;
const BURST = 5000;
const QUEUED = 1000;
const NAIVE = 100;
const log = (m: string) => console.error(`[bench:interop] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function database(): Promise<{ url: string; ds: DataSource }> {
  const base = configFromProcess({ ROLE: 'worker' });
  const url = new URL(base.db.url);
  const admin = new Client({ connectionString: Object.assign(new URL(url.toString()), { pathname: '/postgres' }).toString() });
  await admin.connect();
  if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB])).rowCount) await admin.query('CREATE DATABASE ' + DB); // an identifier (a constant), which a parameter cannot be
  await admin.end();
  url.pathname = `/${DB}`;
  const config = configFromProcess({ ROLE: 'worker', DATABASE_URL: url.toString() });
  await runMigrations(config);
  const ds = createDataSource(config);
  await ds.initialize();
  await ds.query('TRUNCATE outbox, partner_exchange, partner_inbox, partner_link CASCADE');
  await ds.query('DELETE FROM partner_agency');
  return { url: url.toString(), ds };
}

/** Commits one message (its own transaction, as a request or an update is) and answers when the commit returned. */
async function commit(db: Db, i: number): Promise<{ at: number; id: string }> {
  const m = await db.transaction((tx) =>
    tx.get(OutboxRepository).enqueue({
      partnerId: 'bench-120',
      linkId: null,
      incidentId: null,
      kind: 'update',
      contentType: 'application/json',
      payload: JSON.stringify({ n: i, text: '被困人员已转运'.repeat(20) }),
    }),
  );
  return { at: Date.now(), id: m.idempotencyKey };
}

/** Commits `n` messages at `perS` a second; answers each key's commit time. */
async function steady(db: Db, n: number, perS: number, from: number): Promise<Map<string, number>> {
  const committed = new Map<string, number>();
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let i = w; i < n; i += 8) {
        const due = t0 + (i * 1000) / perS;
        if (due > Date.now()) await sleep(due - Date.now());
        const c = await commit(db, from + i);
        committed.set(c.id, c.at);
      }
    }),
  );
  return committed;
}

const latencies = (stub: PartnerStub, committed: Map<string, number>) =>
  [...committed].map(([k, at]) => (stub.messages.get(k)?.firstAt ?? NaN) - at).filter((x) => Number.isFinite(x));
const figures = (xs: number[]) => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), p99: quantile(xs, 0.99), max: Math.max(...xs) });

async function waitAll(stub: PartnerStub, keys: Iterable<string>, ms: number): Promise<void> {
  const want = [...keys];
  const deadline = Date.now() + ms;
  while (want.some((k) => !stub.messages.has(k))) {
    if (Date.now() > deadline) throw new Error(`${want.filter((k) => !stub.messages.has(k)).length} messages not delivered in ${ms} ms`);
    await sleep(20);
  }
}

/** The naive way: every second, read what is pending and send it one by one (signed the same way; no notification, no concurrency). */
async function naive(ds: DataSource, db: Db, stub: PartnerStub, secret: string): Promise<{ latency: ReturnType<typeof figures>; perS: number }> {
  let stop = false;
  const path = new URL(stub.url).pathname;
  const poller = (async () => {
    while (!stop) {
      const rows = (await ds.query(`SELECT id, idempotency_key AS key, payload FROM outbox WHERE state = 'pending' ORDER BY id`)) as Array<{
        id: string;
        key: string;
        payload: string;
      }>;
      for (const r of rows) {
        const headers = signedHeaders('bench-120', secret, { path, idempotencyKey: r.key, body: r.payload });
        await (await fetch(stub.url, { method: 'POST', headers, body: r.payload })).text();
        await ds.query(`UPDATE outbox SET state = 'delivered', delivered_at = now() WHERE id = $1`, [r.id]);
      }
      await sleep(1000);
    }
  })();
  const t0 = Date.now();
  const committed = await steady(db, NAIVE, 20, 900_000);
  await waitAll(stub, committed.keys(), 30_000);
  const perS = Math.round((NAIVE / (Math.max(...[...committed.keys()].map((k) => stub.messages.get(k)?.firstAt ?? 0)) - t0)) * 1000);
  stop = true;
  await poller;
  return { latency: figures(latencies(stub, committed)), perS };
}

async function main(): Promise<void> {
  const outageS = Number(benchArg('outage', '60'));
  const { url, ds } = await database();
  const db = new Db(ds);
  const secret = newPartnerSecret();
  const stub = new PartnerStub(secret);
  const endpoint = await stub.start();
  await db.get(PartnerRepository).upsertPartner({
    id: 'bench-120',
    kind: '120',
    name: 'bench 120',
    cityAdcode: null,
    endpoint,
    secret,
    format: 'eido',
    maySend: [],
    mayReceive: ['update'],
    perMinute: 100000,
    active: true,
  });
  let worker: SpawnedWorker | null = await spawnWorker(url, { REDIS_PREFIX: `benchinterop${Date.now()}:` });
  try {
    await sleep(3000); // the worker's start (its LISTEN connection)
    log(`up: ${STEADY} messages at ${STEADY_RATE}/s…`);
    const up = await steady(db, STEADY, STEADY_RATE, 0);
    await waitAll(stub, up.keys(), 30_000);
    const upLatency = figures(latencies(stub, up));
    log(`up: commit → partner p50 ${upLatency.p50} ms, p99 ${upLatency.p99} ms`);

    log(`burst: ${BURST} messages committed at once…`);
    const burst = new Map<string, number>();
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = w; i < BURST; i += 8) {
          const c = await commit(db, 100_000 + i);
          burst.set(c.id, c.at);
        }
      }),
    );
    const firstCommit = Math.min(...burst.values());
    await waitAll(stub, burst.keys(), 120_000);
    const lastArrival = Math.max(...[...burst.keys()].map((k) => stub.messages.get(k)?.firstAt ?? 0));
    const burstPerS = Math.round((BURST / (lastArrival - firstCommit)) * 1000);
    log(`burst: ${burstPerS} messages/s commit → partner`);

    log(`outage: the partner down for ${outageS} s while ${QUEUED} messages are committed…`);
    await stub.stop();
    const downAt = Date.now();
    const queued = await steady(db, QUEUED, QUEUED / Math.max(1, outageS - 5), 200_000);
    await sleep(Math.max(0, downAt + outageS * 1000 - Date.now()));
    const [{ pending }] = (await ds.query(`SELECT count(*)::int AS pending FROM outbox WHERE state = 'pending'`)) as [{ pending: number }];
    const upAgain = Date.now();
    await stub.start();
    await waitAll(stub, queued.keys(), 120_000);
    const catchUpMs = Math.max(...[...queued.keys()].map((k) => stub.messages.get(k)?.firstAt ?? 0)) - upAgain;
    const retries = ((await ds.query(`SELECT count(*)::int AS n FROM partner_exchange WHERE outcome = 'retry'`)) as [{ n: number }])[0].n;
    log(`outage: ${pending} waiting when it came back, all there ${catchUpMs} ms later (${retries} tries while down)`);

    const all = [...up.keys(), ...burst.keys(), ...queued.keys()];
    const lost = all.filter((k) => !stub.messages.has(k)).length;
    const delivered = ((await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE state = 'delivered'`)) as [{ n: number }])[0].n;
    await worker.kill('SIGTERM');
    worker = null;

    log(`naive: a poller once a second, one at a time, ${NAIVE} messages at 20/s…`);
    const n = await naive(ds, db, stub, secret);
    log(`naive: commit → partner p50 ${n.latency.p50} ms, p99 ${n.latency.p99} ms`);

    recordBench('interop', {
      setup:
        'one worker process (PARTNER_CONCURRENCY 16) and a local HTTP partner that checks each signature and counts messages by idempotency key; one transaction per message',
      up: { messages: STEADY, ratePerS: STEADY_RATE, commitToPartnerMs: upLatency, goalP99Ms: 200 },
      burst: { messages: BURST, messagesPerS: burstPerS },
      outage: { downS: outageS, queued: QUEUED, waitingAtReturn: pending, catchUpMs, triesWhileDown: retries },
      lost,
      duplicatesByKey: stub.list().filter((m) => m.count > 1).length,
      redeliveries: stub.duplicates,
      deliveredRows: delivered,
      badSignatures: stub.badSignatures,
      naive: { how: 'poll the outbox once a second, send one at a time', messages: NAIVE, ratePerS: 20, commitToPartnerMs: n.latency, messagesPerS: n.perS },
    });
  } finally {
    await worker?.kill('SIGTERM');
    await stub.stop();
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
