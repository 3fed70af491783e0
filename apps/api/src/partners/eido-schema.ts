import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'worker_threads';
import { existsSync } from 'fs';
import { join } from 'path';
import type { EidoProblem } from '@gan119/interop';
import { APP_CONFIG, AppConfig } from '../config/config';

/**
 * The EIDO check for partners' messages. The schema is compiled in a worker thread at the first EIDO
 * (about 3 s of work that would otherwise hold the event loop), and messages are checked there; that
 * first message waits for it. Without the standards directory, messages are checked by our own
 * reading only, and the log says so once.
 */
@Injectable()
export class EidoSchema implements OnApplicationShutdown {
  private readonly log = new Logger('EidoSchema');
  private worker: Worker | null = null;
  private ready: Promise<boolean> | null = null;
  private next = 0;
  private readonly waiting = new Map<number, (problems: EidoProblem[]) => void>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private start(): Promise<boolean> {
    this.ready ??= new Promise<boolean>((resolve) => {
      if (!existsSync(join(this.config.standardsDir, 'eido', 'openapi.yaml'))) {
        this.log.warn(`no EIDO schema at ${this.config.standardsDir}/eido (set STANDARDS_DIR): partners' EIDOs are checked by our reading only`);
        return resolve(false);
      }
      const swc = process.execArgv.some((a) => a.includes('@swc-node/register'));
      const w = new Worker(join(__dirname, 'eido-schema.worker.ts'), {
        workerData: { standardsDir: this.config.standardsDir },
        execArgv: swc ? process.execArgv : [...process.execArgv, '-r', '@swc-node/register'],
      });
      w.unref();
      w.on('message', (m: { ready?: { ms: number; minItems: number; refs: number }; failed?: string; id?: number; problems?: EidoProblem[] }) => {
        if (m.ready) {
          this.log.log(`EIDO schema compiled in ${m.ready.ms} ms (repaired upstream: ${m.ready.minItems} minItems, ${m.ready.refs} $ref)`);
          resolve(true);
        } else if (m.failed) {
          this.log.warn(`EIDO schema not compiled (${m.failed}): partners' EIDOs are checked by our reading only`);
          resolve(false);
        } else if (m.id !== undefined) {
          this.waiting.get(m.id)?.(m.problems ?? []);
          this.waiting.delete(m.id);
        }
      });
      w.on('error', (e) => {
        this.log.warn(`EIDO schema worker failed (${e.message}): partners' EIDOs are checked by our reading only`);
        for (const done of this.waiting.values()) done([]);
        this.waiting.clear();
        this.worker = null;
        resolve(false);
      });
      this.worker = w;
    });
    return this.ready;
  }

  /** The document's problems against the schema (none when it is valid or no schema is at hand). */
  async problems(doc: unknown): Promise<EidoProblem[]> {
    if (!(await this.start()) || !this.worker) return [];
    const id = ++this.next;
    const w = this.worker;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      w.postMessage({ id, doc });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.terminate();
  }
}
