import { Db } from '../infra/db/unit-of-work';
import { keyHash } from './iot-ingest';
import { IotDemoRepository } from './iot-demo.repository';
import { IotPlatformsRepository } from './iot-platforms.repository';

/** The demo platform's key (demo data only; documented in docs/IOT.md). */
export const DEMO_PLATFORM = 'demo';
export const DEMO_PLATFORM_KEY = 'demo-iot-key';
/** The demo's first transmission device answers to the address of the public GB/T 26875.3 example frames (0x0379). */
export const DEMO_GB_ADDRESS = '889';
const PER_BUILDING = 20;
const HYDRANT_SENSORS = 2000;

/** Registers the demo platform and `devices` terminals (buildings of 20 around the demo places and key units, pressure sensors on hydrants), replacing the earlier demo set. */
export async function loadIotDemo(db: Db, devices: number, log: (m: string) => void): Promise<void> {
  const t0 = Date.now();
  const have = await db.get(IotDemoRepository).count();
  if (have > 0 && Math.abs(have - devices) <= devices * 0.01) {
    await db.transaction(async (tx) => {
      await tx.get(IotPlatformsRepository).upsert(DEMO_PLATFORM, keyHash(DEMO_PLATFORM_KEY), true);
      // the demo hydrants were just replaced (new rows): their pressure sensors follow them
      const demo = tx.get(IotDemoRepository);
      const n = await demo.clearHydrantSensors();
      await demo.hydrantSensors(n);
    });
    return log(`demo IoT terminals: ${have.toLocaleString()} already registered`);
  }
  await db.transaction(async (tx) => {
    await tx.get(IotPlatformsRepository).upsert(DEMO_PLATFORM, keyHash(DEMO_PLATFORM_KEY), true);
    const demo = tx.get(IotDemoRepository);
    await demo.clear();
    const hydrants = await demo.hydrantSensors(Math.min(HYDRANT_SENSORS, Math.floor(devices / 10)));
    const buildings = await demo.buildings(Math.max(1, Math.ceil((devices - hydrants) / PER_BUILDING)));
    // in slices of 5,000 buildings (100,000 terminals), telling how far it is
    const [lo, hi] = await demo.buildingIdRange();
    let n = 0;
    for (let from = lo; from <= hi; from += 5000) {
      n += await demo.devices(PER_BUILDING, [from, Math.min(hi, from + 4999)], lo);
      if (hi - lo > 5000) log(`demo IoT terminals: ${n.toLocaleString()} of about ${(buildings * PER_BUILDING).toLocaleString()}…`);
    }
    await demo.addressFirstUitd(DEMO_GB_ADDRESS);
    await demo.troubles();
    log(
      `demo IoT terminals: ${(n + hydrants).toLocaleString()} (${buildings.toLocaleString()} buildings, ${hydrants} hydrant pressure sensors) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  });
  await db.get(IotDemoRepository).analyze();
}
