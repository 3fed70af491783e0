/**
 * A binary min-heap of node ids keyed by distance, with decrease-key: each node is in the heap at most
 * once, so a search pops exactly the nodes it settles. Positions live in an array sized to the graph
 * and are reset by the caller's own bookkeeping (`clear` only empties the heap).
 */
export class IndexedMinHeap {
  private readonly nodes: Int32Array;
  private readonly keys: Float64Array;
  /** heap position + 1 of each node; 0 = not in the heap */
  private readonly pos: Int32Array;
  size = 0;

  constructor(nodeCount: number) {
    this.nodes = new Int32Array(nodeCount);
    this.keys = new Float64Array(nodeCount);
    this.pos = new Int32Array(nodeCount);
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.pos[this.nodes[i]] = 0;
    this.size = 0;
  }

  minKey(): number {
    return this.size ? this.keys[0] : Infinity;
  }

  /** Inserts the node, or lowers its key if it is already in the heap with a larger one. */
  push(node: number, key: number): void {
    let i = this.pos[node] - 1;
    if (i < 0) i = this.size++;
    else if (this.keys[i] <= key) return;
    const nodes = this.nodes,
      keys = this.keys,
      pos = this.pos;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p];
      if (pk <= key) break;
      const pn = nodes[p];
      nodes[i] = pn;
      keys[i] = pk;
      pos[pn] = i + 1;
      i = p;
    }
    nodes[i] = node;
    keys[i] = key;
    pos[node] = i + 1;
  }

  /** Removes and returns the node with the smallest key (read minKey() first for its key). */
  pop(): number {
    const nodes = this.nodes,
      keys = this.keys,
      pos = this.pos;
    const top = nodes[0];
    pos[top] = 0;
    const n = --this.size;
    if (n > 0) {
      const node = nodes[n];
      const key = keys[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && keys[c + 1] < keys[c]) c++;
        if (keys[c] >= key) break;
        const cn = nodes[c];
        nodes[i] = cn;
        keys[i] = keys[c];
        pos[cn] = i + 1;
        i = c;
      }
      nodes[i] = node;
      keys[i] = key;
      pos[node] = i + 1;
    }
    return top;
  }
}
