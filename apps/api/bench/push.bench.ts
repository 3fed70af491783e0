import 'reflect-metadata';
import type { IncidentChangedMessage, OrderMessage, PositionMessage } from '@gan119/dispatch';
import { readFileSync } from 'fs';
import { spawnApi, SpawnedApi } from '@gan119/testing';
import { monitorEventLoopDelay, performance } from 'perf_hooks';
import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { OrdersRepository } from '../src/orders/orders.repository';
import { signToken } from '../src/accounts/tokens';
import { benchDatabaseUrl, benchDataSource } from './bench-db';
import { benchArg, quantile, recordBench, seededRandom } from './record';

/**
 * Live push on two real API processes sharing rooms through Redis, with 1,000 unit tablets connected
 * (half to each process) and 20 province consoles:
 *  - orders: assign one unit through process A → its tablet has the order. Timed from the moment the
 *    assign request is sent, so it includes the assignment transaction (an upper bound of commit →
 *    tablet); tablets on A (same process) and on B (across Redis) side by side;
 *  - AVL: 10,000 positions/s for 10 s posted to A in batches; every console receives every position
 *    that went live; time from the fix's timestamp (taken when the batch is built) to the console;
 *  - incidents: 50 new incidents created through A; time until every one of the 20 consoles has it
 *    (incident:changed, pushed by each process to its own consoles from the database's announcement);
 *  - beside it, the naive way: tablets polling PostgreSQL for their orders once a second.
 *
 * Growth: `tablets=250,1000,4000` (the default) repeats orders and AVL at each count (tablets beyond
 * the roster's units share a unit, as a crew's second device does); the headline is the 1,000 run.
 */
const TABLETS = 1000;
const ORDERS = 400;
const INCIDENTS = 50;
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

type Unit = { id: number; lon: number; lat: number };

async function main(): Promise<void> {
  const ds = await benchDataSource(log);
  const units = (await ds.query(
    `SELECT u.id, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat FROM unit u JOIN station s ON s.id = u.station_id ORDER BY u.id`,
  )) as Unit[];
  const sizes = benchArg('tablets', '250,1000,4000').split(',').map(Number);
  const growth: object[] = [];
  let headline: Record<string, number> | null = null;
  for (const n of sizes) {
    const full = n === TABLETS;
    const f = await runAt(ds, units, n, full ? ORDERS : 100, full ? AVL_SECONDS : 5, full);
    growth.push({
      tablets: n,
      orders_p50_ms: +f.p50_ms.toFixed(1),
      orders_p99_ms: +f.p99_ms.toFixed(1),
      avl_console_p50_ms: f.avl_console_p50_ms,
      avl_console_p99_ms: f.avl_console_p99_ms,
      avl_console_delivered_share: +f.avl_console_delivered_share.toFixed(4),
      incident_to_console_p99_ms: f.incident_to_console_p99_ms,
      api_rss_mb: f.api_rss_mb,
    });
    log(`growth ${n}: ${JSON.stringify(growth[growth.length - 1])}`);
    if (full) headline = f;
  }
  await ds.destroy();
  recordBench('push', { ...(headline ?? {}), growth, goal_p99_ms: 50, avl_goal_p99_ms: 150, incident_goal_p99_ms: 50 });
}

/** One run: two API processes, `tablets` tablets and 20 consoles; orders, incidents, AVL (and, for the headline, polling beside). */
async function runAt(
  ds: DataSource,
  roster: Unit[],
  tablets: number,
  orderCount: number,
  avlSeconds: number,
  withPolling: boolean,
): Promise<Record<string, number>> {
  // a clean slate: every unit free, no incidents, no live positions of earlier runs
  await ds.query(
    "DELETE FROM iot_alarm; DELETE FROM incident_event; DELETE FROM incident_caller; DELETE FROM dispatch_order; DELETE FROM assignment; DELETE FROM incident; UPDATE unit SET status = 'available'",
  );
  // a unit per tablet while the roster lasts, then a second device of a unit
  const units = Array.from({ length: tablets }, (_, i) => roster[i % roster.length]);
  const ordered = roster.slice(0, Math.min(tablets, roster.length));
  const env = { TOKEN_SECRET: SECRET, REDIS_PREFIX: `benchpush${Date.now()}:`, ESCALATION_ACK_S: '3600', LOG_LEVEL: 'error' };
  log('starting two API processes…');
  const [a, b]: SpawnedApi[] = await Promise.all([spawnApi(benchDatabaseUrl(), env), spawnApi(benchDatabaseUrl(), env)]);
  // each process builds its contraction hierarchy after start (the CPU is busy for ~20 s): measured once both are done
  for (const api of [a, b]) {
    for (;;) {
      const { graph } = (await (await fetch(`${api.url}/api/roads/regions`)).json()) as { graph: { fast?: { state: string } } };
      if (graph.fast?.state !== 'building') break;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const sockets: Socket[] = [];
  try {
    log(`connecting ${tablets} tablets and ${CONSOLES} consoles…`);
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
    /** per incident: how many consoles heard it new, when the last did, and who waits for all of them */
    const incidentHeard = new Map<number, { n: number; last: number; done?: () => void }>();
    for (let i = 0; i < CONSOLES; i++) {
      const s = await connect(i % 2 ? b.url : a.url, signToken(SECRET, { kind: 'console', user: `bench${i}`, jurisdiction: 360000 }, 3600));
      s.on('avl:positions', (list: PositionMessage[]) => {
        const now = Date.now();
        consoleReceived += list.length;
        // every tenth position is enough for the quantiles
        for (let j = 0; j < list.length; j += 10) consoleLatencies.push(now - Date.parse(list[j].ts));
      });
      s.on('incident:changed', (m: IncidentChangedMessage) => {
        if (m.change !== 'new') return;
        const w = incidentHeard.get(m.incident.id) ?? { n: 0, last: 0 };
        incidentHeard.set(m.incident.id, w);
        w.n++;
        w.last = performance.now();
        if (w.n === CONSOLES) w.done?.();
      });
      sockets.push(s);
    }

    // orders
    const rand = seededRandom(11);
    const order = [...ordered.keys()].sort(() => rand() - 0.5).slice(0, orderCount);
    const same: number[] = [];
    const cross: number[] = [];
    const rest: number[] = [];
    let incidentId = 0;
    for (const [n, i] of order.entries()) {
      const u = ordered[i];
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
    log(`orders: ${orderCount} delivered`);

    // incidents: created through A, every console (on A and on B) has it
    const toConsoles: number[] = [];
    for (let k = 0; k < INCIDENTS; k++) {
      const u = ordered[(k * 13) % ordered.length];
      const t0 = performance.now();
      const created = await post<{ incident: { id: number } }>(`${a.url}/api/incidents`, {
        type: 'building_fire',
        level: 1,
        location: { lon: u.lon + 0.003, lat: u.lat, crs: 'WGS84' },
        source: 'phone',
      });
      // consoles may have heard it before the request returned
      const w = incidentHeard.get(created.incident.id) ?? { n: 0, last: 0 };
      incidentHeard.set(created.incident.id, w);
      const t1 =
        w.n >= CONSOLES
          ? w.last
          : await new Promise<number>((resolve) => {
              const timer = setTimeout(() => resolve(NaN), 5000);
              w.done = () => {
                clearTimeout(timer);
                resolve(w.last);
              };
            });
      toConsoles.push(t1 - t0);
    }
    log(`incidents: ${INCIDENTS} created, every console told (${toConsoles.filter(Number.isNaN).length} not within 5 s)`);
    const polled = withPolling ? await pollingBeside(a.url, ds, ordered.filter((_, i) => !order.includes(i)).slice(0, POLLED_ORDERS), incidentId) : null;

    // AVL fan-out; the bench's own event loop is watched (its 20 consoles decode every delivery: a busy client adds to the figures)
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const t0 = Date.now();
    let sent = 0;
    let inFlight = 0;
    let wentLive = 0; // a fix overtaken by a newer one of its unit (batches overlap) is history only: consoles are not sent it
    const perTick = AVL_RATE / (1000 / 50);
    const ticks = (avlSeconds * 1000) / 50;
    const jobs: Array<Promise<unknown>> = [];
    for (let tick = 0; tick < ticks; tick++) {
      const due = t0 + tick * 50;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      for (let k = 0; k < perTick; k += BATCH) {
        const ts = new Date().toISOString();
        const positions = Array.from({ length: BATCH }, (_, j) => {
          const u = ordered[(sent + j) % ordered.length];
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
    loop.disable();
    await new Promise((r) => setTimeout(r, 1000));
    const expected = wentLive * CONSOLES;
    log(`AVL: ${sent} positions in ${elapsedS.toFixed(1)} s, ${wentLive} went live; consoles received ${consoleReceived} of ${expected}`);

    const all = [...same, ...cross];
    const rss = (pid: number | undefined) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    return {
      tablets,
      consoles: CONSOLES,
      orders: orderCount,
      p50_ms: quantile(all, 0.5),
      p99_ms: quantile(all, 0.99),
      same_process_p50_ms: quantile(same, 0.5),
      same_process_p99_ms: quantile(same, 0.99),
      across_redis_p50_ms: quantile(cross, 0.5),
      across_redis_p99_ms: quantile(cross, 0.99),
      assign_request_p50_ms: quantile(rest, 0.5),
      incidents: INCIDENTS,
      incident_to_console_p50_ms: +quantile(toConsoles, 0.5).toFixed(1),
      incident_to_console_p99_ms: +quantile(toConsoles, 0.99).toFixed(1),
      ...(polled
        ? {
            polling_1s_p50_ms: quantile(polled.latencies, 0.5),
            polling_1s_p99_ms: quantile(polled.latencies, 0.99),
            polling_db_queries_per_s: polled.queriesPerS,
          }
        : {}),
      avl_positions_sent: sent,
      avl_positions_went_live: wentLive,
      avl_rate_per_s: Math.round(sent / elapsedS),
      avl_console_deliveries: consoleReceived,
      avl_console_delivered_share: consoleReceived / expected,
      avl_console_p50_ms: quantile(consoleLatencies, 0.5),
      avl_console_p99_ms: quantile(consoleLatencies, 0.99),
      bench_client_loop_delay_p99_ms: +(loop.percentile(99) / 1e6).toFixed(1),
      api_rss_mb: Math.round(rss(a.process.pid) + rss(b.process.pid)),
    };
  } finally {
    sockets.forEach((s) => s.disconnect());
    await Promise.all([a.stop(), b.stop()]);
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
