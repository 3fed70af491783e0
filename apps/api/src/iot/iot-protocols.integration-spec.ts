import { readFileSync } from 'fs';
import { connect as tcpConnect, Socket } from 'net';
import { join } from 'path';
import { connectAsync, MqttClient } from 'mqtt';
import { decodeFrame, encodeFrame, FrameSplitter } from '@gan119/iot';
import { freePort, serviceUrls, spawnApi, SpawnedApi, standardsDir, TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { waitFor } from '../../test/wait';
import { IotIngest } from './iot-ingest';

const STANDARDS = standardsDir();
const FRAMES = (JSON.parse(readFileSync(join(STANDARDS, 'gb26875_example_frames.json'), 'utf8')) as { frames: Array<{ name: string; hex: string }> }).frames;
const frame = (name: string) => Buffer.from((FRAMES.find((f) => f.name === name)?.hex ?? '').replace(/\s+/g, ''), 'hex');
const run = Math.random().toString(36).slice(2, 8);

/** A GB/T 26875.3 device on a real TCP connection: what it sends, and the centre's replies as they come. */
async function device(port: number): Promise<{ socket: Socket; replies: ReturnType<FrameSplitter['push']>; close(): void }> {
  const socket = tcpConnect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('error', reject));
  const splitter = new FrameSplitter();
  const replies: ReturnType<FrameSplitter['push']> = [];
  socket.on('data', (b: Buffer) => replies.push(...splitter.push(b)));
  return { socket, replies, close: () => socket.destroy() };
}

describe('IoT intake over MQTT and GB/T 26875.3 TCP (real mosquitto, real sockets, real PostgreSQL)', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  let tcpPort: number;
  const mqttUrl = serviceUrls().mqttUrl;
  const root = `test-${run}/iot`;
  const devices: string[] = [];
  const stored = async (ids: string[]) =>
    (
      (await ds.query('SELECT count(*)::int AS n, count(DISTINCT message_id)::int AS d FROM iot_message WHERE message_id = ANY($1)', [ids])) as Array<{
        n: number;
        d: number;
      }>
    )[0];

  beforeAll(async () => {
    if (!mqttUrl) throw new Error('no IOT_MQTT_URL: run `npm test` (it starts the services) or `bash scripts/services.sh`');
    ({ db, ds } = await seededTestDb('none', 1000));
    tcpPort = await freePort();
    app = await startApp(db.url, {
      IOT_MQTT_URL: mqttUrl,
      IOT_MQTT_ROOT: root,
      IOT_MQTT_CLIENT_ID: `t-${run}-a`,
      IOT_TCP_PORT: String(tcpPort),
      IOT_TCP_HOST: '127.0.0.1',
    });
    devices.push(...((await ds.query("SELECT id FROM iot_device WHERE kind = 'smoke' ORDER BY id LIMIT 50")) as Array<{ id: string }>).map((r) => r.id));
  }, 240000);

  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  describe('MQTT', () => {
    let pub: MqttClient;
    const refused: Array<Record<string, unknown>> = [];
    beforeAll(async () => {
      pub = await connectAsync(mqttUrl as string, { protocolVersion: 5, clientId: `t-${run}-pub` });
      await pub.subscribeAsync(`${root}/demo/refused`, { qos: 0 });
      pub.on('message', (_t, p) => refused.push(JSON.parse(p.toString()) as Record<string, unknown>));
    });
    afterAll(async () => pub?.endAsync());

    it('stores QoS 1 publishes (single messages and batches) once each, resends included; refuses a bad payload back on the refused topic', async () => {
      const ids = Array.from({ length: 40 }, (_, i) => `mq-${run}-${i}`);
      const msgs = ids.map((messageId, i) => ({ messageId, deviceId: devices[i % devices.length], kind: 'heartbeat' }));
      await pub.publishAsync(`${root}/demo/up`, JSON.stringify(msgs[0]), { qos: 1 });
      await pub.publishAsync(`${root}/demo/up`, JSON.stringify({ messages: msgs.slice(1, 30) }), { qos: 1 });
      for (const m of msgs.slice(25)) await pub.publishAsync(`${root}/demo/up`, JSON.stringify(m), { qos: 1 }); // 25–29 twice
      await waitFor(async () => ((await stored(ids)).n === 40 ? true : undefined), 10000, 'the MQTT messages stored');
      expect(await stored(ids)).toEqual({ n: 40, d: 40 });
      await pub.publishAsync(`${root}/demo/up`, '{"messageId": "x", "deviceId": "y", "kind": "smoke"}', { qos: 1 });
      await pub.publishAsync(`${root}/demo/up`, 'not json', { qos: 1 });
      await waitFor(() => (refused.length >= 2 ? true : undefined), 5000, 'the refusals');
      expect(refused).toEqual([
        { refused: [{ messageId: 'x', error: expect.stringMatching(/^kind: one of/) }] },
        { refused: [{ messageId: null, error: 'the payload is not JSON' }] },
      ]);
    });

    it('an MQTT alarm goes through the same filter: two detectors of a building make one incident', async () => {
      const [b] = (await ds.query(
        "SELECT array_agg(id ORDER BY id) AS ids FROM iot_device WHERE kind = 'smoke' AND building_id IS NOT NULL GROUP BY building_id HAVING count(*) >= 2 ORDER BY min(id) DESC LIMIT 1",
      )) as Array<{ ids: string[] }>;
      for (const d of b.ids.slice(0, 2))
        await pub.publishAsync(`${root}/demo/up`, JSON.stringify({ messageId: `mq-${run}-alarm-${d}`, deviceId: d, kind: 'alarm' }), { qos: 1 });
      const alarms = await waitFor(
        async () => {
          const rows = (await ds.query('SELECT state, incident_id AS "incidentId" FROM iot_alarm WHERE device_id = ANY($1) ORDER BY id', [
            b.ids.slice(0, 2),
          ])) as Array<{
            state: string;
            incidentId: number | null;
          }>;
          return rows.length === 2 && rows.every((r) => r.state === 'confirmed') ? rows : undefined;
        },
        10000,
        'both alarms confirmed',
      );
      expect(alarms[0].incidentId).toBe(alarms[1].incidentId);
    });

    it('kill -9 of the subscribing process under load loses nothing the broker accepted: the next process with its session gets the rest, each stored once', async () => {
      // the publisher's PUBACK comes from the broker; our PUBACK to the broker only after the row is committed
      const env = { IOT_MQTT_URL: mqttUrl as string, IOT_MQTT_ROOT: `${root}/k`, IOT_MQTT_CLIENT_ID: `t-${run}-kill`, ROLE: 'worker' as const };
      await app.app.get(IotIngest).drained();
      let sub: SpawnedApi = await spawnApi(db.url, { ...env, ROLE: 'all' });
      await waitFor(async () => ((await fetch(`${sub.url}/api/health`)).ok ? true : undefined), 30000, 'the subscriber');
      await new Promise((r) => setTimeout(r, 1000)); // its subscription
      const N = 3000;
      const ids = Array.from({ length: N }, (_, i) => `kill-${run}-${i}`);
      const sending = (async () => {
        for (let i = 0; i < N; i += 20) {
          const batch = ids.slice(i, i + 20).map((messageId, j) => ({ messageId, deviceId: devices[(i + j) % devices.length], kind: 'heartbeat' }));
          await pub.publishAsync(`${root}/k/demo/up`, JSON.stringify({ messages: batch }), { qos: 1 });
        }
      })();
      await waitFor(async () => ((await stored(ids)).n > 300 ? true : undefined), 20000, 'the first messages stored');
      await sub.stop('SIGKILL');
      await sending; // every publish acknowledged by the broker
      const atKill = (await stored(ids)).n;
      expect(atKill).toBeLessThan(N);
      sub = await spawnApi(db.url, { ...env, ROLE: 'all' });
      try {
        await waitFor(async () => ((await stored(ids)).n === N ? true : undefined), 60000, `all ${N} stored after the restart`);
        expect(await stored(ids)).toEqual({ n: N, d: N });
      } finally {
        await sub.stop();
      }
    }, 120000);
  });

  describe('GB/T 26875.3 over TCP', () => {
    it('confirms the public example fire frame (device 889) with its serial, and the alarm is verified like any smoke detector', async () => {
      const d = await device(tcpPort);
      try {
        d.socket.write(frame('actorlancer_smoke_fire'));
        const [reply] = await waitFor(() => (d.replies.length ? d.replies : undefined), 5000, 'the confirm');
        const sent = decodeFrame(frame('actorlancer_smoke_fire'));
        if (!reply.ok || !sent.ok) throw new Error('no frame');
        expect(reply.frame).toMatchObject({
          command: 3,
          serial: sent.frame.serial,
          source: sent.frame.destination,
          destination: sent.frame.source,
          data: new Uint8Array(0),
        });
        await app.app.get(IotIngest).drained();
        const [a] = (await ds.query(
          "SELECT a.state, a.sensor, m.via FROM iot_alarm a JOIN iot_message m ON m.id = a.message_row JOIN iot_device d ON d.id = a.device_id WHERE d.gb_address = '889'",
        )) as Array<{ state: string; sensor: string; via: string }>;
        expect(a).toEqual({ state: 'to_verify', sensor: 'smoke', via: 'tcp' });
        // the device did not hear the confirm and sends again: confirmed again, stored once
        d.socket.write(frame('actorlancer_smoke_fire'));
        await waitFor(() => (d.replies.length === 2 ? true : undefined), 5000, 'the second confirm');
        expect(d.replies[1]).toMatchObject({ ok: true, frame: { command: 3 } });
        const [{ n }] = (await ds.query("SELECT count(*)::int AS n FROM iot_message WHERE via = 'tcp' AND kind = 'alarm'")) as Array<{ n: number }>;
        expect(n).toBe(1);
      } finally {
        d.close();
      }
    });

    it('puts split frames together and splits stuck ones; denies a bad checksum and an unknown device; a junk-sending connection blocks no other', async () => {
      const good = frame('actorlancer_uitd_mains_fault');
      const bad = Buffer.from(good);
      bad[30] ^= 0x55;
      const junk = await device(tcpPort);
      junk.socket.write(Buffer.alloc(50_000, 0x41));
      const d = await device(tcpPort);
      try {
        const heartbeat = (() => {
          const f = decodeFrame(good);
          if (!f.ok) throw new Error('no frame');
          return Buffer.from(encodeFrame({ ...f.frame, serial: 7, data: new Uint8Array(0) }));
        })();
        const stream = Buffer.concat([good, bad, heartbeat]);
        for (let i = 0; i < stream.length; i += 7) d.socket.write(stream.subarray(i, i + 7));
        await waitFor(() => (d.replies.length === 3 ? true : undefined), 5000, 'three replies');
        expect(d.replies.map((r) => (r.ok ? r.frame.command : r.error))).toEqual([3, 6, 3]);
        expect(d.replies[2]).toMatchObject({ frame: { serial: 7 } });
        const stranger = Buffer.from(encodeFrame({ ...(decodeFrame(good) as { frame: Parameters<typeof encodeFrame>[0] }).frame, source: '123456789' }));
        d.socket.write(stranger);
        await waitFor(() => (d.replies.length === 4 ? true : undefined), 5000, 'the deny');
        expect(d.replies[3]).toMatchObject({ ok: true, frame: { command: 6, destination: '123456789' } });
        // the main power fault (type 21) is on the transmission device's record
        await app.app.get(IotIngest).drained();
        const [dev] = (await ds.query("SELECT fault FROM iot_device WHERE gb_address = '889'")) as Array<{ fault: string | null }>;
        expect(dev.fault).toMatch(/main power/);
      } finally {
        d.close();
        junk.close();
      }
    });
  });
});
