import { Logger } from '@nestjs/common';
import { contractGraph, hierarchyBytes, HierarchySearch, RoadGraph } from '@gan119/geo';
import { performance } from 'perf_hooks';

export type FastIndexStatus = {
  /** ready: answering; building: the plain search answers meanwhile; off: disabled by configuration */
  state: 'building' | 'ready' | 'off';
  /** share of nodes contracted by the build under way */
  progress?: number;
  buildSeconds?: number;
  shortcuts?: number;
  memoryMb?: number;
  /** seconds the last closure or reopening took to reach the fast structure */
  lastCatchUpSeconds?: number;
};

/** How long one slice of the build may hold the event loop before letting requests through. */
const SLICE_MS = 12;
/** Contractions per step of the build (a step is never split: it bounds how long one slice can overrun). */
export const STEP_NODES = 100;

/**
 * The contraction hierarchy of one resident graph, built in the background in slices of a few
 * milliseconds so the process keeps answering. It answers only while no road has closed or reopened
 * since its build (`search()` is null otherwise, and the plain search answers); a closure starts a
 * rebuild at once, and one more if another change lands during it.
 */
export class FastIndex {
  private readonly log = new Logger('FastIndex');
  private current: HierarchySearch | null = null;
  private status: FastIndexStatus;
  private running = false;
  private disposed = false;
  /** when the oldest change not yet in the structure was made */
  private pendingSince: number | null = null;

  constructor(
    private readonly graph: RoadGraph,
    enabled: boolean,
  ) {
    this.status = { state: enabled ? 'building' : 'off' };
    if (enabled) void this.build();
  }

  /** The hierarchy search when it is up to date with every closure; null while a rebuild runs. */
  search(): HierarchySearch | null {
    return this.current && !this.current.stale ? this.current : null;
  }

  state(): FastIndexStatus {
    return this.status.state === 'ready' && !this.search() ? { ...this.status, state: 'building' } : this.status;
  }

  /** A road closed or reopened: the structure is stale from now until a rebuild with it is done. */
  changed(): void {
    if (this.status.state === 'off' || this.disposed) return;
    this.pendingSince ??= performance.now();
    void this.build();
  }

  /** Stops any build under way (the graph is being replaced). */
  dispose(): void {
    this.disposed = true;
  }

  private async build(): Promise<void> {
    if (this.running) return; // the build under way checks the closure version when it ends
    this.running = true;
    try {
      while (!this.disposed && (!this.current || this.current.stale)) {
        const t0 = performance.now();
        const startedFor = this.pendingSince;
        const it = contractGraph(this.graph, STEP_NODES);
        let step = it.next();
        while (!step.done) {
          if (this.disposed) return;
          const sliceEnd = performance.now() + SLICE_MS;
          while (!step.done && performance.now() < sliceEnd) step = it.next();
          if (!step.done) {
            this.status = { ...this.status, progress: +(step.value.contracted / step.value.nodeCount).toFixed(3) };
            await new Promise((r) => setImmediate(r));
          }
        }
        const h = step.value;
        this.current = new HierarchySearch(this.graph, h);
        const buildSeconds = +((performance.now() - t0) / 1000).toFixed(1);
        const caughtUp = !this.current.stale;
        this.status = {
          state: 'ready',
          buildSeconds,
          shortcuts: h.shortcuts,
          memoryMb: Math.round(hierarchyBytes(h) / 1e6),
          lastCatchUpSeconds: startedFor !== null && caughtUp ? +((performance.now() - startedFor) / 1000).toFixed(1) : this.status.lastCatchUpSeconds,
        };
        if (caughtUp) this.pendingSince = null;
        this.log.log(
          `contraction hierarchy ${caughtUp ? 'ready' : 'stale already (a road changed during the build): building again'}: ${h.shortcuts} shortcuts in ${buildSeconds} s`,
        );
      }
    } finally {
      this.running = false;
    }
  }
}
