import { spawn, spawnSync } from 'child_process';
import { parseOsmXml, ParsedOsm } from './osm-xml';

/**
 * OSM PBF (e.g. a Geofabrik extract) through Debian's osmium-tool: keep the highway ways and the
 * nodes they use (`osmium tags-filter`), stream that as OSM XML into the same parser.
 */
export async function parseOsmPbfFile(path: string, onProgress?: (nodes: number, ways: number) => void): Promise<ParsedOsm> {
  if (spawnSync('osmium', ['--version']).status !== 0) {
    throw new Error('reading .osm.pbf needs osmium-tool (Debian: apt-get install osmium-tool)');
  }
  const child = spawn('osmium', ['tags-filter', path, 'w/highway', '--output-format=osm', '--output=-', '--no-progress'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const parsed = await parseOsmXml(child.stdout, onProgress);
  const code = await exited;
  if (code !== 0) throw new Error(`osmium could not read ${path}: ${err.trim()}`);
  return parsed;
}
