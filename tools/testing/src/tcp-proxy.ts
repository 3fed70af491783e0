import { connect, createServer, Socket } from 'net';

export type TcpProxy = { port: number; url: string; blackhole(): void; restore(): void; close(): Promise<void> };

/**
 * A TCP proxy in front of a local server, for network faults. `blackhole()` stops every byte both
 * ways without closing anything, and new connections hang: what a tablet in a dead zone sees (no FIN,
 * no RST; each side finds out only through its own timeouts). `restore()` lets the held bytes (and
 * any close held with them) through and carries on.
 */
export async function tcpProxy(targetPort: number): Promise<TcpProxy> {
  let down = false;
  const pairs = new Set<[Socket, Socket]>();
  const join = ([a, b]: [Socket, Socket]) => {
    a.pipe(b);
    b.pipe(a);
  };
  const split = ([a, b]: [Socket, Socket]) => {
    a.unpipe(b);
    b.unpipe(a);
    a.pause();
    b.pause();
  };
  const server = createServer((a) => {
    const b = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [a, b];
    const drop = () => {
      a.destroy();
      b.destroy();
      pairs.delete(pair);
    };
    for (const s of pair) s.on('error', drop).on('close', drop);
    pairs.add(pair);
    if (down) split(pair);
    else join(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    blackhole: () => {
      down = true;
      pairs.forEach(split);
    },
    restore: () => {
      down = false;
      pairs.forEach(join);
    },
    close: () =>
      new Promise<void>((resolve) => {
        pairs.forEach(([a, b]) => (a.destroy(), b.destroy()));
        server.close(() => resolve());
      }),
  };
}
