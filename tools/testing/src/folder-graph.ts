import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve, sep } from 'path';

/** The folders of one source root and which import which (production files only: no specs). */
export type FolderGraph = Map<string, Set<string>>;

const isSource = (f: string) => f.endsWith('.ts') && !/\.(spec|integration-spec|e2e-spec)\.ts$/.test(f);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : isSource(p) ? [p] : [];
  });
}

/** Top-level folder of a file under root ('.' for files directly in root). */
const folderOf = (root: string, file: string) => {
  const rel = relative(root, file).split(sep);
  return rel.length > 1 ? rel[0] : '.';
};

/** Reads every relative import of the source root's files and keeps the edges between its top-level folders. */
export function folderGraph(root: string): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const f of files(root)) {
    const from = folderOf(root, f);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const m of readFileSync(f, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = resolve(dirname(f), m[1]);
      if (!target.startsWith(root + sep)) continue;
      const to = folderOf(root, target);
      if (to !== from && to !== '.') edges.add(to);
    }
  }
  return graph;
}

/** Every pair of folders that import each other, directly or through others (each cycle once, as a path). */
export function folderCycles(graph: FolderGraph): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (start: string, node: string, path: string[]) => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) {
        const key = [...path].sort().join('>');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push([...path, start]);
        }
      } else if (!path.includes(next) && next > start) visit(start, next, [...path, next]);
    }
  };
  for (const start of [...graph.keys()].sort()) visit(start, start, [start]);
  return cycles;
}

/** The graph as lines "folder → a, b, c" (for the docs and the closing notes). */
export function describeGraph(graph: FolderGraph): string {
  return [...graph.keys()]
    .sort()
    .map((k) => `${k} → ${[...(graph.get(k) ?? [])].sort().join(', ') || '(nothing)'}`)
    .join('\n');
}
