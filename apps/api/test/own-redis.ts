import { ChildProcess, spawn } from 'child_process';
import { createConnection } from 'net';
import { waitFor } from './wait';

/** A redis-server of the test's own (the shared one serves other tests): resolves once it answers. */
export async function ownRedis(port: number, args: string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...args], { stdio: 'ignore' });
  await waitFor(
    async () =>
      (await new Promise<boolean>((resolve) => {
        const s = createConnection(port, '127.0.0.1', () => {
          s.end();
          resolve(true);
        }).on('error', () => resolve(false));
      }))
        ? true
        : undefined,
    10000,
    `redis-server on ${port}`,
  );
  return child;
}
