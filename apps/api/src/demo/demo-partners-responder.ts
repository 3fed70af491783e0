import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { randomUUID } from 'crypto';
import { PARTNER_KIND_LABELS, partnerAgencyId, SIGNATURE_HEADERS } from '@gan119/interop';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Db } from '../infra/db/unit-of-work';
import { Partner, PartnerRepository } from '../partners/partner.repository';
import { signedHeaders, signatureMatches } from '../partners/signature';

type Doc = {
  $id?: string;
  dispatchComponent?: Array<{ agencyReference?: { $ref?: string } }>;
  incidentComponent?: { incidentStatusCommonRegistryText?: string[] };
};

/** What each demo agency says as it answers a request: its units' words (Chinese). */
const WORDS: Record<string, { enRoute: string; onScene: string }> = {
  '120': { enRoute: '救护车2辆已出发', onScene: '救护车到场，伤员分诊中' },
  '110': { enRoute: '民警已出警', onScene: '警戒线已拉设，疏散周边群众' },
  '122': { enRoute: '交警已出警', onScene: '已实施交通管制，绕行提示已发布' },
};

/**
 * DEMO ONLY (with the demo simulator): the demo's partner agencies answer on DEMO_PARTNER_PORT as real
 * ones would — each checks our signature with its key and acknowledges with its own incident number;
 * a request is then answered through our signed door: their units en route, then on scene (on the
 * simulator's clock); our incident closing closes theirs.
 */
@Injectable()
export class DemoPartnersResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('DemoPartners');
  private server: Server | null = null;
  private readonly answered = new Map<string, string>();
  /** their incidents whose units were sent (a request answered once, however many updates follow) */
  private readonly started = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private seq = 0;

  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.demoSimulator) return;
    const server = createServer((req, res) => void this.handle(req, res).catch(() => res.writeHead(500).end()));
    server.on('error', (e) =>
      this.log.warn(`demo partners not answering on ${this.config.demoPartnerPort}: ${e.message} (requests to them will wait in the outbox)`),
    );
    server.listen(this.config.demoPartnerPort, '127.0.0.1', () => this.log.log(`demo partner agencies answer on 127.0.0.1:${this.config.demoPartnerPort}`));
    this.server = server;
  }

  onApplicationShutdown(): void {
    for (const t of this.timers) clearTimeout(t);
    this.server?.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = (req.url ?? '').split('?')[0];
    const id = /^\/partner\/([a-z0-9-]{2,40})$/.exec(path)?.[1];
    const p = id ? await this.db.get(PartnerRepository).partner(id) : null;
    const h = (n: string) => (typeof req.headers[n] === 'string' ? (req.headers[n] as string) : '');
    const signed =
      p &&
      signatureMatches(p.secret, h(SIGNATURE_HEADERS.signature), {
        method: 'POST',
        path,
        timestamp: h(SIGNATURE_HEADERS.timestamp),
        idempotencyKey: h(SIGNATURE_HEADERS.idempotencyKey),
        body,
      });
    if (!p || !signed) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad_signature' }));
      return;
    }
    const key = h(SIGNATURE_HEADERS.idempotencyKey);
    const theirs = this.answered.get(key) ?? `${p.id.toUpperCase()}-${String(++this.seq).padStart(4, '0')}`;
    this.answered.set(key, theirs);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ theirIncidentId: theirs, status: 'acknowledged', updatedAt: new Date().toISOString() }));
    if (!h('content-type').startsWith('application/json')) return; // a public alert: read, nothing to answer
    let doc: Doc;
    try {
      doc = JSON.parse(body.toString('utf8')) as Doc;
    } catch {
      return;
    }
    const asked = (doc.dispatchComponent ?? []).some((d) => d.agencyReference?.$ref === partnerAgencyId(p.id));
    const closed = doc.incidentComponent?.incidentStatusCommonRegistryText?.includes('Closed');
    const speed = this.config.demoSimulatorSpeed;
    const words = WORDS[p.kind] ?? { enRoute: `${PARTNER_KIND_LABELS[p.kind].zh}已响应`, onScene: `${PARTNER_KIND_LABELS[p.kind].zh}已到场` };
    if (closed) this.later(10_000 / speed, p, { theirIncidentId: theirs, status: 'closed', note: '我方处置结束' });
    else if (asked && !this.started.has(theirs)) {
      this.started.add(theirs);
      this.later(20_000 / speed, p, { theirIncidentId: theirs, status: 'en_route', unitsEnRoute: 2, note: words.enRoute });
      this.later(90_000 / speed, p, { theirIncidentId: theirs, status: 'on_scene', unitsOnScene: 2, note: words.onScene });
    }
  }

  /** Tells us, signed as the partner, after `ms`. */
  private later(ms: number, p: Partner, m: Record<string, unknown>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.send(p, { ...m, updatedAt: new Date().toISOString() });
    }, ms);
    this.timers.add(t);
  }

  private async send(p: Partner, m: Record<string, unknown>): Promise<void> {
    const path = '/api/partners/inbox/simple';
    const body = JSON.stringify(m);
    try {
      const r = await fetch(`http://127.0.0.1:${this.config.http.port}${path}`, {
        method: 'POST',
        headers: signedHeaders(p.id, p.secret, { path, idempotencyKey: randomUUID(), body }),
        body,
      });
      if (!r.ok) this.log.warn(`${p.id}'s update refused: ${r.status} ${(await r.text()).slice(0, 200)}`);
    } catch (e) {
      this.log.warn(`${p.id}'s update not sent: ${(e as Error).message}`);
    }
  }
}
