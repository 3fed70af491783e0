// `node -r @swc-node/register scripts/folder-graph.ts [root]`: which top-level folders of apps/api/src import
// which, and the cycles between them (the folder-cycles spec fails on any).
import { resolve } from 'path';
import { describeGraph, folderCycles, folderGraph } from '../tools/testing/src/folder-graph';

const root = resolve(process.argv[2] ?? 'apps/api/src');
const graph = folderGraph(root);
console.log(describeGraph(graph));
const cycles = folderCycles(graph);
console.log(cycles.length ? `\n${cycles.length} cycles:\n${cycles.map((c) => c.join(' → ')).join('\n')}` : '\nno cycles');
