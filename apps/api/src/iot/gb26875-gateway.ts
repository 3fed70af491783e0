import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes } from 'crypto';
import { createServer, Server, Socket } from 'net';
import { COMMAND, Frame, FrameSplitter, frameEvents, IotMessage, replyTo } from '@gan119/iot';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Db } from '../infra/db/unit-of-work';
import { IotIngest, keyHash } from './iot-ingest';
import { IngestBatcher } from './ingest-batcher';
import { IotGbRepository } from './iot-gb.repository';
import { IotPlatformsRepository } from './iot-platforms.repository';

export const GB_PLATFORM = 'gb26875-tcp';
const IDLE_MS = 5 * 60_000;
const MAX_CONNECTIONS = 20_000;

/** The message id of an event: the device's address and the application data it came in (a resend after a reconnect repeats both), and its place in the frame. */
export function gbMessageId(f: Frame, i: number): string {
  const h = createHash('sha1')
    .update(f.data)
    .update(f.data.length ? '' : JSON.stringify(f.time))
    .digest('hex')
    .slice(0, 20);
  return `gb:${f.source}:${h}:${i}`;
}

/**
 * The GB/T 26875.3 gateway for buildings' user information transmission devices, over TCP. Each
 * connection splits its own byte stream (frames split across reads or stuck together); a bad frame is
 * logged and denied (command 6) and the stream goes on; a send (command 2) is stored and then
 * confirmed (command 3) with the same serial — not confirmed if it could not be stored, so the device
 * sends it again. One connection's trouble never blocks another's.
 */
@Injectable()
export class Gb26875Gateway implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('Gb26875Gateway');
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  readonly stats = { frames: 0, denied: 0, confirmed: 0, unknownDevice: 0 };
  private readonly batcher: IngestBatcher;
  private readonly devices = new Map<string, { id: string | null; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly ingest: IotIngest,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.batcher = new IngestBatcher((p, v, m) => this.ingest.accept(p, v, m), GB_PLATFORM, 'tcp');
  }

  async onModuleInit(): Promise<void> {
    const tcp = this.config.iot.tcp;
    if (!tcp) return;
    // the gateway is a platform of its own; its key is random (nobody pushes over HTTP as the gateway)
    await this.db.get(IotPlatformsRepository).ensure(GB_PLATFORM, keyHash(randomBytes(32).toString('hex')));
    const server = createServer((s) => this.connection(s));
    server.maxConnections = MAX_CONNECTIONS;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(tcp.port, tcp.host, () => resolve());
    });
    server.on('error', (e) => this.log.error(`GB/T 26875.3 gateway: ${e.message}`));
    this.server = server;
    this.log.log(`GB/T 26875.3 gateway on ${tcp.host}:${tcp.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private connection(socket: Socket): void {
    this.sockets.add(socket);
    socket.setTimeout(IDLE_MS, () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const splitter = new FrameSplitter();
    // one frame at a time per connection, in order: its reply goes out before the next frame is read
    let chain = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      const frames = splitter.push(chunk);
      chain = chain.then(async () => {
        for (const d of frames) await this.frame(socket, d);
      });
    });
  }

  private reply(socket: Socket, to: Parameters<typeof replyTo>[0], command: 3 | 6): void {
    const b = replyTo(to, command, new Date());
    if (b && !socket.destroyed) socket.write(b);
    if (command === COMMAND.deny) this.stats.denied++;
    else this.stats.confirmed++;
  }

  private async frame(socket: Socket, d: ReturnType<FrameSplitter['push']>[number]): Promise<void> {
    this.stats.frames++;
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    if (!d.ok) {
      this.log.warn(`GB/T 26875.3 frame from ${peer} refused: ${d.error} (${Buffer.from(d.raw.slice(0, 64)).toString('hex')}…)`);
      return this.reply(socket, d, COMMAND.deny);
    }
    const f = d.frame;
    if (f.command === COMMAND.confirm || f.command === COMMAND.deny || f.command === COMMAND.response) return; // answers to us: nothing to answer
    if (f.command !== COMMAND.send) return this.reply(socket, f, COMMAND.deny);
    const events = frameEvents(f);
    if (!events.ok) {
      this.log.warn(`GB/T 26875.3 data from ${peer} (${f.source}) refused: ${events.error}`);
      return this.reply(socket, f, COMMAND.deny);
    }
    const deviceId = await this.deviceOf(f.source);
    if (!deviceId) {
      this.stats.unknownDevice++;
      this.log.warn(`GB/T 26875.3 frame from unregistered transmission device ${f.source} (${peer}): denied`);
      return this.reply(socket, f, COMMAND.deny);
    }
    const messages: IotMessage[] = events.events.map((e, i) => ({
      messageId: gbMessageId(f, i),
      deviceId,
      kind: e.kind,
      at: e.at?.toISOString() ?? null,
      sensor: e.sensor,
      value: null,
      detail: e.detail,
    }));
    try {
      // stored with what other connections sent meanwhile; a refused message (a flooding device) is denied, never confirmed
      const refused = await this.batcher.add(messages);
      if (refused.size) this.log.warn(`GB/T 26875.3 frame of ${f.source} refused: ${[...refused.values()][0]}`);
      this.reply(socket, f, refused.size ? COMMAND.deny : COMMAND.confirm);
    } catch (e) {
      // not stored: no confirm, the device sends it again (≤ 10 s, 3 tries)
      this.log.warn(`GB/T 26875.3 frame of ${f.source} not stored: ${(e as Error).message}`);
    }
  }

  /** The registered device at an address (remembered a minute: a device sends every few seconds). */
  private async deviceOf(address: string): Promise<string | null> {
    const hit = this.devices.get(address);
    if (hit && Date.now() - hit.at < 60_000) return hit.id;
    const id = await this.db.get(IotGbRepository).deviceOf(address);
    if (this.devices.size > 100_000) this.devices.clear();
    this.devices.set(address, { id, at: Date.now() });
    return id;
  }

  port(): number | null {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : null;
  }
}
