import 'reflect-metadata';
import type { OrderMessage, PositionMessage } from '@gan119/dispatch';
import { spawnApi, SpawnedApi } from '@gan119/testing';
import { performance } from 'perf_hooks';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { OrdersRepository } from '../src/orders/orders.repository';
import { signToken } from '../src/accounts/tokens';
import { benchDatabaseUrl, benchDataSource } from './bench-db';
import { quantile, recordBench, seededRandom } from './record';

/**
 * Live push on two real API processes sharing rooms through Redis, with 1,000 unit tablets connected
 * (half to each process) and 20 province consoles:
 *  - orders: assign one unit through process A → its tablet has the order. Timed from the moment the
 *    assign request is sent, so it includes the assignment transaction (an upper bound of commit →
 *    tablet); tablets on A (same process) and on B (across Redis) side by side;
 *  - AVL: 10,000 positions/s for 10 s posted to A in batches; every console receives every position
 *    that went live; time from the fix's timestamp (taken when the batch is built) to the console;
 *  - beside it, the naive way: tablets polling PostgreSQL for their orders once a second.
 */
const TABLETS = 1000;
const ORDERS = 400;
const CONSOLES = 20;
const AVL_RATE = 10_000;
const AVL_SECONDS = 10;
const BATCH = 500;
const SECRET = 'bench-push-secret-0123456789';
const POLLED_ORDERS = 50;

const log = (m: string) => console.error(`[bench:push] ${m}`);

function connect(url: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (r.status >= 300) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

async function main(): Promise<void> {
  const ds = await benchDataSource(log);
  // a clean slate: every unit free, no incidents, no live positions of earlier runs
  await ds.query(
    "DELETE FROM iot_alarm; DELETE FROM incident_event; DELETE FROM incident_caller; DELETE FROM dispatch_order; DELETE FROM assignment; DELETE FROM incident; UPDATE unit SET status = 'available'",
  );
  const units = (await ds.query(
    `SELECT u.id, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat FROM unit u JOIN station s ON s.id = u.station_id ORDER BY u.id LIMIT $1`,
    [TABLETS],
  )) as Array<{ id: number; lon: number; lat: number }>;
  if (units.length < TABLETS) throw new Error(`the bench roster has ${units.length} units, ${TABLETS} needed`);
  const env = { TOKEN_SECRET: SECRET, REDIS_PREFIX: `benchpush${Date.now()}:`, ESCALATION_ACK_S: '3600', LOG_LEVEL: 'error' };
  log('starting two API processes…');
  const [a, b]: SpawnedApi[] = await Promise.all([spawnApi(benchDatabaseUrl(), env), spawnApi(benchDatabaseUrl(), env)]);
  const sockets: Socket[] = [];
  try {
    log(`connecting ${TABLETS} tablets and ${CONSOLES} consoles…`);
    const waiting = new Map<number, (o: OrderMessage) => void>();
    for (let i = 0; i < units.length; i += 100) {
      const batch = await Promise.all(
        units.slice(i, i + 100).map(async (u, k) => {
          const s = await connect((i + k) % 2 ? b.url : a.url, signToken(SECRET, { kind: 'unit', unitId: u.id }, 3600));
          s.on('order:new', (o: OrderMessage) => waiting.get(o.unitId)?.(o));
          return s;
        }),
      );
      sockets.push(...batch);
    }
    const consoleLatencies: number[] = [];
    let consoleReceived = 0;
    for (let i = 0; i < CONSOLES; i++) {
      const s = await connect(i % 2 ? b.url : a.url, signToken(SECRET, { kind: 'console', user: `bench${i}`, jurisdiction: 360000 }, 3600));
      s.on('avl:positions', (list: PositionMessage[]) => {
        const now = Date.now();
        consoleReceived += list.length;
        // every tenth position is enough for the quantiles
        for (let j = 0; j < list.length; j += 10) consoleLatencies.push(now - Date.parse(list[j].ts));
      });
      sockets.push(s);
    }

    // orders
    const rand = seededRandom(11);
    const order = [...units.keys()].sort(() => rand() - 0.5).slice(0, ORDERS);
    const same: number[] = [];
    const cross: number[] = [];
    const rest: number[] = [];
    let incidentId = 0;
    for (const [n, i] of order.entries()) {
      const u = units[i];
      if (n % 20 === 0) {
        const created = await post<{ incident: { id: number } }>(`${a.url}/api/incidents`, {
          type: 'building_fire',
          level: 1,
          location: { lon: u.lon, lat: u.lat, crs: 'WGS84' },
          source: 'phone',
        });
        incidentId = created.incident.id;
      }
      const got = new Promise<number>((resolve) => waiting.set(u.id, () => resolve(performance.now())));
      const t0 = performance.now();
      await post(`${a.url}/api/incidents/${incidentId}/assignments`, { units: [{ unitId: u.id, capability: 'water' }] });
      rest.push(performance.now() - t0);
      const t1 = await got;
      waiting.delete(u.id);
      (i % 2 ? cross : same).push(t1 - t0);
    }
    log(`orders: ${ORDERS} delivered`);
    const polled = await pollingBeside(a.url, ds, units.filter((_, i) => !order.includes(i)).slice(0, POLLED_ORDERS), incidentId);
    log(`the naive way: ${POLLED_ORDERS} orders found by 1,000 tablets polling every second`);

    // AVL fan-out
    const t0 = Date.now();
    let sent = 0;
    let inFlight = 0;
    let wentLive = 0; // a fix overtaken by a newer one of its unit (batches overlap) is history only: consoles are not sent it
    const perTick = AVL_RATE / (1000 / 50);
    const ticks = (AVL_SECONDS * 1000) / 50;
    const jobs: Array<Promise<unknown>> = [];
    for (let tick = 0; tick < ticks; tick++) {
      const due = t0 + tick * 50;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      for (let k = 0; k < perTick; k += BATCH) {
        const ts = new Date().toISOString();
        const positions = Array.from({ length: BATCH }, (_, j) => {
          const u = units[(sent + j) % units.length];
          return { unitId: u.id, ts, lon: u.lon + ((tick % 50) - 25) * 1e-5, lat: u.lat };
        });
        sent += BATCH;
        inFlight++;
        jobs.push(
          post<{ live: number }>(`${a.url}/api/avl/positions`, { positions })
            .then((r) => (wentLive += r.live))
            .finally(() => inFlight--),
        );
      }
      if (inFlight > 16) await Promise.race(jobs.slice(-16));
    }
    await Promise.all(jobs);
    const elapsedS = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 1000));
    const expected = wentLive * CONSOLES;
    log(`AVL: ${sent} positions in ${elapsedS.toFixed(1)} s, ${wentLive} went live; consoles received ${consoleReceived} of ${expected}`);

    const all = [...same, ...cross];
    recordBench('push', {
      tablets: TABLETS,
      consoles: CONSOLES,
      orders: ORDERS,
      p50_ms: quantile(all, 0.5),
      p99_ms: quantile(all, 0.99),
      same_process_p50_ms: quantile(same, 0.5),
      same_process_p99_ms: quantile(same, 0.99),
      across_redis_p50_ms: quantile(cross, 0.5),
      across_redis_p99_ms: quantile(cross, 0.99),
      assign_request_p50_ms: quantile(rest, 0.5),
      polling_1s_p50_ms: quantile(polled.latencies, 0.5),
      polling_1s_p99_ms: quantile(polled.latencies, 0.99),
      polling_db_queries_per_s: polled.queriesPerS,
      avl_positions_sent: sent,
      avl_positions_went_live: wentLive,
      avl_rate_per_s: Math.round(sent / elapsedS),
      avl_console_deliveries: consoleReceived,
      avl_console_delivered_share: consoleReceived / expected,
      avl_console_p50_ms: quantile(consoleLatencies, 0.5),
      avl_console_p99_ms: quantile(consoleLatencies, 0.99),
      goal_p99_ms: 50,
    });
  } finally {
    sockets.forEach((s) => s.disconnect());
    await Promise.all([a.stop(), b.stop()]);
    await ds.destroy();
  }
}

/**
 * The naive way beside it: no sockets, each of 1,000 tablets asks PostgreSQL for its open orders once
 * a second (spread evenly over the second). Time from the assign request to the poll that sees it.
 */
async function pollingBeside(
  api: string,
  ds: DataSource,
  picked: Array<{ id: number }>,
  incidentId: number,
): Promise<{ latencies: number[]; queriesPerS: number }> {
  const orders = new OrdersRepository(ds);
  const assignedAt = new Map<number, number>();
  const latencies: number[] = [];
  let queries = 0;
  let stop = false;
  const started = performance.now();
  const tablets = Array.from({ length: TABLETS }, (_, i) => picked[i]?.id ?? -1 - i);
  const pollers = tablets.map(async (unitId, i) => {
    await new Promise((r) => setTimeout(r, (i * 1000) / TABLETS));
    while (!stop) {
      const next = performance.now() + 1000;
      const open = await orders.openFor(unitId);
      queries++;
      const t = assignedAt.get(unitId);
      if (t !== undefined && open.length) {
        latencies.push(performance.now() - t);
        assignedAt.delete(unitId);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
  });
  for (const u of picked) {
    await new Promise((r) => setTimeout(r, 97));
    assignedAt.set(u.id, performance.now());
    await post(`${api}/api/incidents/${incidentId}/assignments`, { units: [{ unitId: u.id, capability: 'water' }] });
  }
  while (assignedAt.size) await new Promise((r) => setTimeout(r, 100));
  stop = true;
  await Promise.all(pollers);
  return { latencies, queriesPerS: queries / ((performance.now() - started) / 1000) };
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
