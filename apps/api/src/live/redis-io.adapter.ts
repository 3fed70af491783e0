import { INestApplication } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { closeRedis, tolerateUnawaitedCommands } from '../infra/redis/client-safety';

/** socket.io over Redis pub/sub, so several API processes share rooms (an emit anywhere reaches everyone). */
export class RedisIoAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(app: INestApplication, url: string, prefix: string) {
    super(app);
    // the adapter subscribes and publishes without awaiting: with Redis down those must not end the process
    this.pub = tolerateUnawaitedCommands(new Redis(url, { connectionName: 'gan119-io-pub', lazyConnect: false, disableClientInfo: true }));
    this.sub = tolerateUnawaitedCommands(this.pub.duplicate({ connectionName: 'gan119-io-sub' }));
    this.pub.on('error', () => undefined);
    this.sub.on('error', () => undefined);
    this.key = `${prefix}socket.io`;
  }

  private readonly key: string;

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    server.adapter(createAdapter(this.pub, this.sub, { key: this.key }));
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    closeRedis(this.pub);
    closeRedis(this.sub);
  }
}
