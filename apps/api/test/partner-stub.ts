import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import type { AddressInfo, Socket } from 'net';
import { SIGNATURE_HEADERS } from '@gan119/interop';
import { signedHeaders, signatureMatches } from '../src/partners/signature';

export type StubMessage = {
  key: string;
  path: string;
  body: string;
  firstAt: number;
  count: number;
  contentType: string;
  answer?: { status: number; body: unknown };
};

/**
 * A partner agency's endpoint for tests and the bench: a real HTTP server that checks our signature
 * with the partner's key, counts each message by its idempotency key (a second delivery of a key is
 * a duplicate, answered as the first), and answers as a partner does. It can go down (every
 * connection closed, the port refused) and come back on the same port.
 */
export class PartnerStub {
  readonly messages = new Map<string, StubMessage>();
  deliveries = 0;
  duplicates = 0;
  badSignatures = 0;
  /** how the partner answers a new message (default: 200, their incident id, acknowledged) */
  answer: (m: StubMessage) => { status: number; body: unknown } = (m) => ({
    status: 200,
    body: { theirIncidentId: `STUB-${m.key.slice(0, 8)}`, status: 'acknowledged', updatedAt: new Date().toISOString() },
  });
  onMessage: ((m: StubMessage) => void) | null = null;
  /** how long the partner takes to answer (it has the message from the moment it arrives) */
  delayMs = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly holding = new Set<() => void>();
  port = 0;

  constructor(private readonly secret: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/eido`;
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this.url;
  }

  /** The partner goes down: connections are cut and the port refuses. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    for (const c of this.sockets) c.destroy();
    for (const release of this.holding) release();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Waits `ms`, or until the partner goes down. */
  private hold(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.holding.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.holding.add(release);
    });
  }

  /** Messages counted once each (by idempotency key), oldest first. */
  list(): StubMessage[] {
    return [...this.messages.values()].sort((a, b) => a.firstAt - b.firstAt);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const h = (n: string) => (typeof req.headers[n] === 'string' ? (req.headers[n] as string) : '');
    const key = h(SIGNATURE_HEADERS.idempotencyKey);
    const path = (req.url ?? '/').split('?')[0];
    const ok = signatureMatches(this.secret, h(SIGNATURE_HEADERS.signature), {
      method: req.method ?? 'POST',
      path,
      timestamp: h(SIGNATURE_HEADERS.timestamp),
      idempotencyKey: key,
      body,
    });
    if (!ok) {
      this.badSignatures++;
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad_signature' }));
      return;
    }
    this.deliveries++;
    const seen = this.messages.get(key);
    if (seen) {
      seen.count++;
      this.duplicates++;
      // a partner answers a message it already has as it did the first time (idempotent)
      const first = seen.answer ?? { status: 200, body: {} };
      res.writeHead(first.status, { 'content-type': 'application/json' }).end(JSON.stringify(first.body));
      return;
    }
    const m: StubMessage = { key, path, body: body.toString('utf8'), firstAt: Date.now(), count: 1, contentType: h('content-type') };
    this.messages.set(key, m);
    this.onMessage?.(m);
    const a = this.answer(m);
    m.answer = a;
    if (this.delayMs) await this.hold(this.delayMs);
    if (!this.server) return; // went down while holding it
    res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
  }
}

/** Headers a partner signs a message to us with (its own key). */
export function partnerHeaders(partnerId: string, secret: string, path: string, body: string, key: string, method = 'POST'): Record<string, string> {
  return signedHeaders(partnerId, secret, { method, path, idempotencyKey: key, body });
}
