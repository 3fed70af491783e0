import 'reflect-metadata';
import { execFile } from 'child_process';
import { unlinkSync, writeFileSync } from 'fs';
import { connect as tcpConnect, Socket } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { connectAsync } from 'mqtt';
import { io } from 'socket.io-client';
import { encodeFrame, FrameSplitter, timeLabel } from '@gan119/iot';
import { freePort, serviceUrls, spawnApi, spawnWorker } from '@gan119/testing';
import { signToken } from '../src/accounts/tokens';
import { Db } from '../src/infra/db/unit-of-work';
import { loadIotDemo, DEMO_PLATFORM_KEY } from '../src/iot/iot-demo';
import { IotMonitorRepository } from '../src/iot/iot-monitor.repository';
import { benchDatabaseUrl, benchDataSource } from './bench-db';
import { quantile, recordBench } from './record';

/**
 * 智赣119 intake with a million registered terminals on this 2-core machine, an API process for HTTP and a
 * worker for MQTT, GB/T 26875.3 and the sweeps (as `npm run up` and compose run them):
 *  - HTTP push: batches of 1,000 mixed messages (95 % heartbeats), 8 in flight, for 15 s;
 *  - meanwhile a two-detector alarm every 250 ms, timed from its request to the desk socket's incident:new;
 *  - MQTT: QoS 1 publishes of 500 messages for 10 s, counted as stored; GB/T 26875.3: 200 devices on TCP,
 *    each sending frames and waiting for the confirm, for 10 s;
 *  - every message id sent is counted in the log afterwards: lost = accepted − stored, duplicates = rows − ids;
 *  - the offline scan over the million; beside it all, the naive way: one INSERT per message.
 */
const DEVICES = 1_000_000;
const BATCH = 1000;
const IN_FLIGHT = 8;
const HTTP_S = 15;
const MQTT_S = 10;
const TCP_S = 10;
const TCP_DEVICES = 200;
const SECRET = 'bench-iot-secret-0123456789';
const log = (m: string) => console.error(`[bench:iot] ${m}`);
const run = Date.now().toString(36);

async function main(): Promise<void> {
  const ds = await benchDataSource(log);
  const db = new Db(ds);
  await loadIotDemo(db, DEVICES, log);
  // a clean log (TRUNCATE: a DELETE would leave a million dead rows for this run's inserts to wade through)
  await ds.query('TRUNCATE iot_alarm, iot_notice, iot_message');
  // only what an earlier run changed (a million-row UPDATE would leave a million dead rows behind), then a vacuum
  await ds.query(
    "UPDATE iot_device SET state = 'online', last_seen = now(), offline_since = NULL, fault = NULL, battery_low = false WHERE demo AND (state <> 'online' OR fault IS NOT NULL OR battery_low)",
  );
  await ds.query('VACUUM ANALYZE iot_device');
  await ds.query('VACUUM ANALYZE iot_building');
  const [{ devices }] = (await ds.query('SELECT count(*)::int AS devices FROM iot_device')) as Array<{ devices: number }>;
  const ids = ((await ds.query("SELECT id FROM iot_device WHERE kind <> 'uitd' ORDER BY id")) as Array<{ id: string }>).map((r) => r.id);
  const pairs = (await ds.query(
    "SELECT (array_agg(d.id ORDER BY d.id))[1:2] AS pair, min(b.name) AS building FROM iot_device d JOIN iot_building b ON b.id = d.building_id WHERE d.kind = 'smoke' GROUP BY b.id HAVING count(*) >= 2 ORDER BY b.id LIMIT 200",
  )) as Array<{ pair: string[]; building: string }>;
  const uitds = (await ds.query("SELECT gb_address AS address FROM iot_device WHERE kind = 'uitd' AND gb_address IS NOT NULL ORDER BY id LIMIT $1", [
    TCP_DEVICES,
  ])) as Array<{
    address: string;
  }>;
  const mqttUrl = serviceUrls().mqttUrl;
  if (!mqttUrl) throw new Error('no IOT_MQTT_URL: run bash scripts/services.sh');
  const tcpPort = await freePort();
  const root = `bench-${run}/iot`;
  log(`${devices.toLocaleString()} terminals registered; starting the API (HTTP) and the worker (MQTT on ${root}, GB/T 26875.3 on ${tcpPort})…`);
  const common = { TOKEN_SECRET: SECRET, REDIS_PREFIX: `benchiot${run}:`, IOT_PLATFORM_MSGS_PER_S: '1000000', IOT_VERIFY_COUNTDOWN_S: '3600' };
  const api = await spawnApi(benchDatabaseUrl(), { ...common, ROLE: 'api', LOG_LEVEL: 'error' });
  const worker = await spawnWorker(benchDatabaseUrl(), {
    ...common,
    IOT_MQTT_URL: mqttUrl,
    IOT_MQTT_ROOT: root,
    IOT_MQTT_CLIENT_ID: `bench-${run}`,
    IOT_TCP_PORT: String(tcpPort),
    IOT_TCP_HOST: '127.0.0.1',
  });
  const sent = new Set<string>();
  let seq = 0;
  const mixed = (n: number) =>
    Array.from({ length: n }, () => {
      const i = seq++;
      const messageId = `m-${run}-${i}`;
      sent.add(messageId);
      const r = i % 100;
      const kind = r < 95 ? 'heartbeat' : r < 97 ? 'test' : r < 98 ? 'low_battery' : r < 99 ? 'fault' : 'alarm_cleared';
      return { messageId, deviceId: ids[(i * 7919) % ids.length], kind };
    });
  const push = async (messages: unknown[]) => {
    const r = await fetch(`${api.url}/api/iot/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-iot-key': DEMO_PLATFORM_KEY },
      body: JSON.stringify({ messages }),
    });
    if (r.status !== 200) throw new Error(`push: ${r.status} ${await r.text()}`);
    return (await r.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
  };

  // the desk: a province console hears each incident the alarms make
  const desk = io(api.url, { auth: { token: signToken(SECRET, { kind: 'console', user: 'bench', jurisdiction: 360000 }, 3600) }, transports: ['websocket'] });
  await new Promise<void>((resolve) => desk.once('connect', () => resolve()));
  const waitingDesk = new Map<string, (t: number) => void>();
  desk.on('incident:new', (m: { address: string | null }) => {
    const b = [...waitingDesk.keys()].find((k) => m.address?.startsWith(k));
    if (b) waitingDesk.get(b)?.(performance.now());
  });

  log(`HTTP: batches of ${BATCH}, ${IN_FLIGHT} in flight from a platform process of its own, ${HTTP_S} s, a two-detector alarm every 250 ms…`);
  const idsFile = join(tmpdir(), `iot-bench-ids-${run}.txt`);
  writeFileSync(idsFile, ids.join('\n'));
  const tag = `b-${run}`;
  const tHttp = performance.now();
  const load = new Promise<{ accepted: number; sent: number; seconds: number }>((resolve, reject) =>
    execFile(
      process.execPath,
      [join(__dirname, 'iot-http-load.cjs'), api.url, idsFile, tag, String(HTTP_S), String(IN_FLIGHT), DEMO_PLATFORM_KEY],
      (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout) as { accepted: number; sent: number; seconds: number })),
    ),
  );
  const alarmLatencies: number[] = [];
  const alarms = (async () => {
    for (let k = 0; performance.now() - tHttp < (HTTP_S - 2) * 1000 && k < pairs.length; k++) {
      const { pair, building } = pairs[k];
      const heard = new Promise<number>((resolve) => waitingDesk.set(building, resolve));
      const t0 = performance.now();
      void push(pair.map((deviceId, j) => ({ messageId: `a-${run}-${k}-${j}`, deviceId, kind: 'alarm' }))).then(() =>
        pair.forEach((_, j) => sent.add(`a-${run}-${k}-${j}`)),
      );
      void heard.then((t) => alarmLatencies.push(t - t0));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const [platform] = await Promise.all([load, alarms]);
  for (let i = 0; i < platform.sent; i++) sent.add(`${tag}-${i}`);
  const httpAccepted = platform.accepted;
  unlinkSync(idsFile);
  const httpSeconds = (performance.now() - tHttp) / 1000;
  await new Promise((r) => setTimeout(r, 2000)); // the last alarms reach the desk
  desk.disconnect();

  log(`MQTT: QoS 1 publishes of 500 for ${MQTT_S} s…`);
  const pub = await connectAsync(mqttUrl, { protocolVersion: 5, clientId: `bench-${run}-pub` });
  const mqttIds: string[] = [];
  const tMqtt = performance.now();
  const mqttLanes = Array.from({ length: 4 }, async () => {
    while (performance.now() - tMqtt < MQTT_S * 1000) {
      const batch = mixed(500);
      batch.forEach((m) => mqttIds.push(m.messageId));
      await pub.publishAsync(`${root}/demo/up`, JSON.stringify({ messages: batch }), { qos: 1 });
    }
  });
  await Promise.all(mqttLanes);
  const storedOf = async (list: string[]) =>
    ((await ds.query('SELECT count(*)::int AS n FROM iot_message WHERE message_id = ANY($1)', [list])) as Array<{ n: number }>)[0].n;
  for (let i = 0; i < 600 && (await storedOf(mqttIds)) < mqttIds.length; i++) await new Promise((r) => setTimeout(r, 100));
  const mqttSeconds = (performance.now() - tMqtt) / 1000;
  const mqttStored = await storedOf(mqttIds);
  await pub.endAsync();

  log(`GB/T 26875.3: ${uitds.length} devices on TCP, frame → confirm → next frame, ${TCP_S} s…`);
  let tcpConfirmed = 0;
  let tcpDenied = 0;
  const tTcp = performance.now();
  await Promise.all(
    uitds.map(async ({ address }, n) => {
      const s: Socket = tcpConnect(tcpPort, '127.0.0.1');
      await new Promise<void>((resolve, reject) => s.once('connect', () => resolve()).once('error', reject));
      const splitter = new FrameSplitter();
      let waiting: (() => void) | null = null;
      s.on('data', (b: Buffer) => {
        for (const r of splitter.push(b)) {
          if (r.ok && r.frame.command === 3) tcpConfirmed++;
          else tcpDenied++;
          waiting?.();
        }
      });
      for (let serial = 0; performance.now() - tTcp < TCP_S * 1000; serial++) {
        // the device's heartbeat (a send with no data), its time label a second on each time (each a new message)
        const t = timeLabel(new Date(Date.UTC(2026, 0, 1) + (n * 100_000 + serial) * 1000));
        const data = new Uint8Array(0);
        const frame = encodeFrame({ serial: serial & 0xffff, version: [1, 1], time: t, source: address, destination: '0', command: 2, data });
        const answered = new Promise<void>((resolve) => (waiting = resolve));
        s.write(frame);
        await answered;
      }
      s.destroy();
    }),
  );
  const tcpSeconds = (performance.now() - tTcp) / 1000;

  log('counting every message sent against the log…');
  const sentIds = [...sent];
  const [{ rows, distinct }] = (await ds.query(
    "SELECT count(*)::int AS rows, count(DISTINCT message_id)::int AS distinct FROM iot_message WHERE platform = 'demo' AND message_id = ANY($1)",
    [sentIds],
  )) as Array<{ rows: number; distinct: number }>;
  await api.stop();
  await worker.kill('SIGTERM');

  log('the offline scan over the million…');
  await ds.query("UPDATE iot_device SET last_seen = now() - interval '4 hours' WHERE id IN (SELECT id FROM iot_device WHERE demo ORDER BY id LIMIT 2000)");
  const t0 = performance.now();
  const scan = await db.get(IotMonitorRepository).scanOffline(3, 5);
  const offlineScanMs = performance.now() - t0;

  log('the naive way: one INSERT (one transaction) per message, 5,000 messages…');
  const tNaive = performance.now();
  for (let i = 0; i < 5000; i++)
    await ds.query("INSERT INTO iot_message (platform, message_id, device_id, kind, via) VALUES ('demo', $1, $2, 'heartbeat', 'http') ON CONFLICT DO NOTHING", [
      `n-${run}-${i}`,
      ids[i],
    ]);
  const naivePerS = 5000 / ((performance.now() - tNaive) / 1000);
  await ds.destroy();

  const accepted = httpAccepted + mqttStored + tcpConfirmed;
  recordBench('iot', {
    devices,
    messages: sent.size + tcpConfirmed,
    accepted_per_s: Math.round(accepted / (httpSeconds + mqttSeconds + tcpSeconds)),
    http_accepted_per_s: Math.round(httpAccepted / platform.seconds),
    mqtt_accepted_per_s: Math.round(mqttStored / mqttSeconds),
    tcp_accepted_per_s: Math.round(tcpConfirmed / tcpSeconds),
    tcp_denied: tcpDenied,
    lost: distinct >= sentIds.length ? 0 : sentIds.length - distinct,
    duplicates_stored: rows - distinct,
    alarm_pairs: alarmLatencies.length,
    alarm_to_desk_p50_ms: Math.round(quantile(alarmLatencies, 0.5)),
    alarm_to_desk_p99_ms: Math.round(quantile(alarmLatencies, 0.99)),
    offline_scan_ms: Math.round(offlineScanMs),
    offline_scan_went_offline: scan.wentOffline,
    naive_insert_per_message_per_s: Math.round(naivePerS),
    goal_http_per_s: 20000,
    goal_alarm_to_desk_p99_ms: 1000,
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
