import { connect, createServer, Socket } from 'net';

export type Balancer = { url: string; port: number; upstreamOf(local: number): number | undefined; close(): Promise<void> };

/**
 * A TCP load balancer over local servers, as a WebSocket-only deployment runs one (nginx stream,
 * HAProxy mode tcp): each new connection goes to the next upstream in turn, and to the one after when
 * it refuses. A connection stays with its upstream until either side closes it; an upstream that dies
 * takes its connections with it and clients reconnect to the others. No stickiness is needed because
 * socket.io runs over WebSocket only: one connection carries the whole session.
 */
export async function tcpBalancer(upstreamPorts: number[]): Promise<Balancer> {
  let next = 0;
  const sockets = new Set<Socket>();
  /** client-side remote port → upstream port, for tests to see where a connection went */
  const where = new Map<number, number>();
  const server = createServer((client) => {
    client.pause();
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const attempt = (tries: number) => {
      if (tries >= upstreamPorts.length) {
        client.destroy();
        return;
      }
      const port = upstreamPorts[next++ % upstreamPorts.length];
      const up = connect(port, '127.0.0.1');
      up.once('error', () => attempt(tries + 1));
      up.once('connect', () => {
        sockets.add(up);
        where.set(client.remotePort ?? -1, port);
        up.removeAllListeners('error');
        const drop = () => {
          client.destroy();
          up.destroy();
          sockets.delete(up);
        };
        for (const s of [client, up]) s.on('error', drop).on('close', drop);
        client.pipe(up);
        up.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    upstreamOf: (local) => where.get(local),
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
