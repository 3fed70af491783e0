import { freePort } from '@gan119/testing';
import Redis from 'ioredis';
import { closeRedis, tolerateUnawaitedCommands } from './client-safety';

describe('a Redis client used without awaiting, while Redis is down', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown): void => void unhandled.push(reason);
  beforeAll(() => process.on('unhandledRejection', record));
  afterAll(() => process.off('unhandledRejection', record));

  it('closes for good even between reconnect attempts, leaving no unhandled rejection; an awaiting caller still sees the failure', async () => {
    const failures: Error[] = [];
    const client = tolerateUnawaitedCommands(new Redis(`redis://127.0.0.1:${await freePort()}`, { retryStrategy: () => 60_000 }), (e) => failures.push(e));
    client.on('error', () => undefined);
    void client.psubscribe('gan119#*'); // what the socket.io adapter does
    void client.publish('gan119#', 'x');
    const awaited = client.get('k');
    await new Promise((r) => setTimeout(r, 200));
    expect(client.status).toBe('reconnecting'); // between attempts: the state a plain disconnect() leaves hanging
    closeRedis(client);
    await expect(awaited).rejects.toThrow(/Connection is closed/);
    expect(client.status).toBe('end');
    await new Promise((r) => setTimeout(r, 100));
    expect(unhandled).toEqual([]);
    expect(failures.map((e) => e.message)).toEqual(['Connection is closed.', 'Connection is closed.', 'Connection is closed.']);
  });
});
