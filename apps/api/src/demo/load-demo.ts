import { DataSource } from 'typeorm';
import { AdminAreaRepository } from '../admin-areas/admin-area.repository';
import { readJiangxiBoundaries } from '../admin-areas/load-boundaries';
import { RoadRepository } from '../roads/road.repository';
import { importRoads } from '../roads/import/import-roads';

export type DemoOptions = { roads: 'small' | 'full' | 'none' };

/** The demo data set: real boundaries, and the synthetic Jiangxi network until a real one is imported. */
export async function loadDemo(ds: DataSource, dataDir: string, opts: DemoOptions, log: (m: string) => void = () => undefined): Promise<void> {
  await ds.transaction(async (tx) => {
    const areas = new AdminAreaRepository(tx);
    await areas.upsert(readJiangxiBoundaries(dataDir));
    log(`admin areas: ${await areas.count()} (province, 11 cities, 100 counties)`);
  });
  if (opts.roads !== 'none') {
    const regions = await new RoadRepository(ds).regions();
    if (regions.length === 0) {
      const r = await importRoads(ds, 'jiangxi', { kind: 'synthetic', size: opts.roads }, log);
      log(`synthetic Jiangxi road network (${opts.roads}): ${r.edges.toLocaleString()} edges, ${r.directedEdges.toLocaleString()} directed, in ${r.seconds.toFixed(1)} s`);
    } else {
      log(`road network present: ${regions.map((r) => `${r.name}${r.synthetic ? ' (synthetic)' : ''}`).join(', ')}`);
    }
  }
}
