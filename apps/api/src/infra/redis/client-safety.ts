import type Redis from 'ioredis';
import { closeHandler } from 'ioredis/built/redis/event_handler';

/**
 * For clients used by libraries that send commands without awaiting them (the socket.io Redis
 * adapter's subscribe/publish, the Redis emitter's publish): a command that fails while Redis is
 * down would otherwise be an unhandled promise rejection, which ends a Node process. Every command's
 * promise gets a handler; a caller that awaits it still sees the failure. Returns the same client.
 * Give such clients `disableClientInfo: true`: Redis before 7.2 refuses the CLIENT SETINFO that ioredis
 * sends on connect, which would be reported here as a failed command.
 */
export function tolerateUnawaitedCommands(client: Redis, onFailure: (e: Error) => void = () => undefined): Redis {
  const send = client.sendCommand.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { sendCommand: (...args: unknown[]) => unknown }).sendCommand = (...args: unknown[]) => {
    const result = send(...args);
    if (result && typeof (result as Promise<unknown>).catch === 'function') (result as Promise<unknown>).catch(onFailure);
    return result;
  };
  return client;
}

/**
 * Closes a client for good, whatever its state. ioredis 5 (redis/ioredis PR #2169, open) leaves a
 * client that is waiting between reconnect attempts in 'reconnecting' after disconnect(), with its
 * queued commands pending for ever; this settles them ("Connection is closed.") and ends the client.
 */
export function closeRedis(client: Redis): void {
  const waitingToReconnect = client.status === 'reconnecting';
  client.disconnect();
  if (waitingToReconnect && client.status === 'reconnecting') closeHandler(client)();
}
