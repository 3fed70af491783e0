/**
 * One computation per key at a time: callers asking for a key whose computation is under way get the
 * same promise (two planners, or a retry, asking for the same heavy analysis while it runs), and the
 * next call after it settles computes afresh (nothing is kept: the record may have changed).
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, compute: () => Promise<T>): Promise<T> {
    const known = this.running.get(key);
    if (known) return known;
    const p = compute().finally(() => this.running.delete(key));
    this.running.set(key, p);
    return p;
  }
}
