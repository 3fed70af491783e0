import { Client } from 'pg';

/** One LISTEN connection: its notifications go to `onPayload`; `lost` settles when the connection ends for any reason. */
export type Listener = { lost: Promise<void>; close(): Promise<void> };

/**
 * Opens a dedicated connection (LISTEN cannot share the pool) and listens on `channel`. Throws when it
 * cannot connect; the caller decides how to retry and what a missed notification means to it.
 */
export async function listen(url: string, applicationName: string, channel: string, onPayload: (payload: string | undefined) => void): Promise<Listener> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const client = new Client({ connectionString: url, application_name: applicationName });
  const lost = new Promise<void>((resolve) => {
    client.on('error', () => resolve());
    client.on('end', () => resolve());
  });
  try {
    await client.connect();
    client.on('notification', (n) => onPayload(n.payload));
    await client.query(`LISTEN ${channel}`);
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
  return { lost, close: () => client.end().catch(() => undefined) };
}
