import { Db } from '../infra/db/unit-of-work';
import { AdminAreaRepository } from '../admin-areas/admin-area.repository';
import { readJiangxiBoundaries } from '../admin-areas/load-boundaries';
import { RoadRepository } from '../roads/road.repository';
import { readWater } from '../roads/import/water';
import { importRoads } from '../roads/import/import-roads';
import { demoRoster, Town } from '@gan119/resources';
import { ForcesRepository } from '../forces/forces.repository';
import { WaterRepository } from '../forces/water.repository';
import { KeyUnitRepository } from '../forces/key-units.repository';
import { demoKeyUnits } from '../forces/demo-key-units';
import { loadDemoPlaces } from '../places/import-places';
import { loadIotDemo } from '../iot/iot-demo';
import { storeSanFranciscoCalibration } from '../stats/calibration';

const NANCHANG = 360100;
const HYDRANT_TARGET = 11000;

/** `iotDevices`: how many demo 智赣119 terminals (none when left out) */
export type DemoOptions = {
  roads: 'small' | 'full' | 'none';
  iotDevices?: number;
  /** fit and store the San Francisco ETA calibration from the data pack's real record */
  calibration?: boolean;
};

/** The demo data set: real boundaries, and the synthetic Jiangxi network until a real one is imported. */
export async function loadDemo(db: Db, dataDir: string, opts: DemoOptions, log: (m: string) => void = () => undefined): Promise<void> {
  await db.transaction(async (tx) => {
    const areas = tx.get(AdminAreaRepository);
    await areas.upsert(readJiangxiBoundaries(dataDir));
    log(`admin areas: ${await areas.count()} (province, 11 cities, 100 counties)`);
  });
  if (opts.roads !== 'none') {
    const regions = await db.get(RoadRepository).regions();
    if (regions.length === 0) {
      const r = await importRoads(db, 'jiangxi', { kind: 'synthetic', size: opts.roads, water: readWater(dataDir) }, log);
      log(
        `synthetic Jiangxi road network (${opts.roads}): ${r.edges.toLocaleString()} edges, ${r.directedEdges.toLocaleString()} directed, in ${r.seconds.toFixed(1)} s`,
      );
    } else {
      log(`road network present: ${regions.map((r) => `${r.name}${r.synthetic ? ' (synthetic)' : ''}`).join(', ')}`);
    }
  }
  await db.transaction(async (tx) => {
    const { seats } = await tx.get(AdminAreaRepository).seatsAndProvince();
    const cities = seats.filter((s) => s.level === 'city');
    // a district near its city seat is served by the city's stations
    const towns: Town[] = seats
      .filter(
        (s) =>
          s.level === 'city' ||
          !(s.isDistrict && cities.some((c) => c.adcode === s.parent && Math.hypot(c.lonLat[0] - s.lonLat[0], c.lonLat[1] - s.lonLat[1]) < 0.14)),
      )
      .map((s) => ({
        adcode: s.adcode,
        name: s.name,
        level: s.level,
        cityAdcode: s.level === 'city' ? s.adcode : s.parent,
        lonLat: s.lonLat,
        capital: s.adcode === NANCHANG,
      }));
    const roster = await tx.get(ForcesRepository).replaceDemoRoster(demoRoster(towns));
    log(`demo roster: ${roster.stations} stations, ${roster.units} units`);
    const water = await tx.get(WaterRepository).replaceDemoWater(HYDRANT_TARGET);
    log(`demo water sources: ${water.hydrants} hydrants, ${water.natural} natural`);
    const keyUnits = tx.get(KeyUnitRepository);
    await keyUnits.deleteDemo();
    const demoKeys = demoKeyUnits(cities.map((c) => ({ name: c.name, lonLat: c.lonLat as [number, number] })));
    for (const k of demoKeys) await keyUnits.insert(k);
    log(`demo key units: ${demoKeys.length}`);
  });
  const { seats } = await db.get(AdminAreaRepository).seatsAndProvince();
  log(`demo gazetteer: ${(await loadDemoPlaces(db, seats)).toLocaleString()} places (小区, schools, hospitals, villages, landmarks; marked demo)`);
  if (opts.iotDevices) await loadIotDemo(db, opts.iotDevices, log);
  if (opts.calibration) {
    const c = await storeSanFranciscoCalibration(db, dataDir);
    log(`ETA calibration on the real SF record stored: held-out median abs error ${c.medianAbsErrS?.toFixed(1)} s`);
  }
}
