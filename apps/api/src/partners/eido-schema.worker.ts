import { parentPort, workerData } from 'worker_threads';
import { eidoProblems, loadEidoValidator } from './eido-validator';

/** The EIDO schema's thread: compiles it once, then answers each document's problems. */
const port = parentPort;
if (port) {
  try {
    const t = Date.now();
    const { validate, repaired } = loadEidoValidator((workerData as { standardsDir: string }).standardsDir);
    port.postMessage({ ready: { ms: Date.now() - t, ...repaired } });
    port.on('message', (m: { id: number; doc: unknown }) => {
      port.postMessage({ id: m.id, problems: validate(m.doc) ? [] : eidoProblems(validate) });
    });
  } catch (e) {
    port.postMessage({ failed: (e as Error).message });
  }
}
