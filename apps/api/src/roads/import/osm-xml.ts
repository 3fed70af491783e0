import { createReadStream } from 'fs';
import { Readable } from 'stream';
import sax from 'sax';
import type { Coords, Way } from '@gan119/geo';

export type ParsedOsm = { ways: Way[]; coords: Coords; nodesRead: number; waysRead: number };

/** Keeps only the tags the network builder reads, so a province's ways stay small in memory. */
const KEEP = new Set(['highway', 'name', 'ref', 'oneway', 'junction', 'maxspeed', 'access', 'motor_vehicle', 'motorcar', 'emergency']);

/**
 * Streams OSM XML (0.6): nodes (id → coordinates) then ways with their node refs and tags. Ways that
 * refer to nodes missing from the extract are cut into the runs whose nodes are present.
 */
export function parseOsmXml(input: Readable, onProgress: (nodes: number, ways: number) => void = () => undefined): Promise<ParsedOsm> {
  return new Promise((resolve, reject) => {
    const parser = sax.createStream(true, { trim: false, position: false });
    const index = new Map<number, number>();
    let lonLat = new Float64Array(1 << 16);
    let count = 0;
    const ways: Way[] = [];
    let way: { id: number; refs: number[]; tags: Record<string, string> } | null = null;
    let waysRead = 0;
    parser.on('opentag', (t) => {
      const a = t.attributes as Record<string, string>;
      if (t.name === 'node') {
        if (count * 2 >= lonLat.length) {
          const bigger = new Float64Array(lonLat.length * 2);
          bigger.set(lonLat);
          lonLat = bigger;
        }
        index.set(Number(a.id), count);
        lonLat[2 * count] = Number(a.lon);
        lonLat[2 * count + 1] = Number(a.lat);
        count++;
        if (count % 200000 === 0) onProgress(count, waysRead);
      } else if (t.name === 'way') {
        way = { id: Number(a.id), refs: [], tags: {} };
      } else if (way && t.name === 'nd') {
        way.refs.push(Number(a.ref));
      } else if (way && t.name === 'tag' && KEEP.has(a.k)) {
        way.tags[a.k] = a.v;
      }
    });
    parser.on('closetag', (name) => {
      if (name !== 'way' || !way) return;
      waysRead++;
      const w = way;
      if (w.tags.highway) {
        let run: number[] = [];
        const flush = () => {
          if (run.length >= 2) ways.push({ osmId: w.id, nodes: run, tags: w.tags });
          run = [];
        };
        for (const ref of w.refs) {
          const i = index.get(ref);
          if (i === undefined) flush();
          else run.push(i);
        }
        flush();
      }
      way = null;
      if (waysRead % 50000 === 0) onProgress(count, waysRead);
    });
    parser.on('error', (e) => reject(new Error(`not valid OSM XML: ${e.message.split('\n')[0]}`)));
    parser.on('end', () => {
      onProgress(count, waysRead);
      resolve({ ways, coords: { lonLat: lonLat.subarray(0, 2 * count), count }, nodesRead: count, waysRead });
    });
    input.on('error', reject);
    input.pipe(parser);
  });
}

export function parseOsmXmlFile(path: string, onProgress?: (nodes: number, ways: number) => void): Promise<ParsedOsm> {
  return parseOsmXml(createReadStream(path), onProgress);
}
