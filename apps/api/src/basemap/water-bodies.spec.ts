import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readWaterBodies } from './water-bodies';

describe('lakes and rivers for the offline basemap', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gan119-water-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the data set’s lakes and rivers when the data directory has them', () => {
    mkdirSync(join(dir, 'water'));
    const lake = {
      type: 'Feature',
      properties: { name_zh: '鄱阳湖', name_en: 'Poyang Lake' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [116.1, 29.0],
            [116.5, 29.0],
            [116.5, 29.4],
            [116.1, 29.0],
          ],
        ],
      },
    };
    writeFileSync(join(dir, 'water/jiangxi_lakes.ne10m.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [lake] }));
    const w = readWaterBodies(dir);
    expect(w.available).toBe(true);
    expect(w.lakes.features.map((f) => f.properties?.name_zh)).toEqual(['鄱阳湖']);
    expect(w.rivers.features).toEqual([]);
    expect(w.attribution).toBe('Natural Earth');
  });

  it('says so, and draws nothing, when they are not there', () => {
    expect(readWaterBodies(dir)).toEqual({
      available: false,
      lakes: { type: 'FeatureCollection', features: [] },
      rivers: { type: 'FeatureCollection', features: [] },
      attribution: null,
    });
  });

  it('ignores a file that is not a FeatureCollection', () => {
    mkdirSync(join(dir, 'water'));
    writeFileSync(join(dir, 'water/jiangxi_rivers.ne10m.geojson'), JSON.stringify({ type: 'Feature' }));
    expect(readWaterBodies(dir).available).toBe(false);
  });
});
