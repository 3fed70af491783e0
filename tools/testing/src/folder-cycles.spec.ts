import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeGraph, folderCycles, folderGraph } from './folder-graph';

const API_SRC = join(__dirname, '..', '..', '..', 'apps', 'api', 'src');

describe('folders of apps/api import each other one way only', () => {
  it('has no cycle between its top-level folders (see `node -r @swc-node/register scripts/folder-graph.ts`)', () => {
    const graph = folderGraph(API_SRC);
    const cycles = folderCycles(graph);
    if (cycles.length) console.log(describeGraph(graph));
    expect(cycles.map((c) => c.join(' → '))).toEqual([]);
    // the layering it holds today: transport below accounts, orders below dispatch, escalation above it
    expect(graph.get('live')).not.toContain('dispatch');
    expect(graph.get('orders')).not.toContain('dispatch');
  });

  it('finds a cycle, direct or through a third folder (a probe tree)', () => {
    const root = mkdtempSync(join(tmpdir(), 'folders-'));
    try {
      const file = (path: string, text: string) => {
        mkdirSync(join(root, path, '..'), { recursive: true });
        writeFileSync(join(root, path), text);
      };
      file('a/x.ts', "import { y } from '../b/y';\nexport const x = y;\n");
      file('b/y.ts', "import { z } from '../c/z';\nexport const y = z;\n");
      file('c/z.ts', "import type { x } from '../a/x';\nexport const z = 1 as unknown as typeof x;\n");
      file('c/z.spec.ts', "import { x } from '../a/x';\n"); // specs do not count
      file('d/w.ts', "export * from '../a/x';\n");
      expect(folderCycles(folderGraph(root)).map((c) => c.join(' → '))).toEqual(['a → b → c → a']);
      file('c/z.ts', 'export const z = 1;\n');
      expect(folderCycles(folderGraph(root))).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
