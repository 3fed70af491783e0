import { readFileSync } from 'fs';
import { dataFile } from '../config/config';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { AdminAreaRow, AdminLevel } from './admin-area.repository';

const SOURCE = 'Aliyun DataV.GeoAtlas / AutoNavi via lizhiqianduan/geojson-of-china-full (2020-10), GCJ-02 converted to WGS84';

type Props = { adcode: number; name: string; level: string; parent_adcode?: number; center_wgs84: [number, number] };

/** Reads the province, its 11 cities and 100 counties from the data pack's admin_boundaries/wgs84. */
export function readJiangxiBoundaries(dataDir: string): AdminAreaRow[] {
  const file = (n: string) => dataFile(dataDir, 'admin_boundaries', 'wgs84', `jiangxi_${n}.wgs84.geojson`);
  const read = (n: string, level: AdminLevel): AdminAreaRow[] => {
    const fc = JSON.parse(readFileSync(file(n), 'utf8')) as FeatureCollection<MultiPolygon, Props>;
    return fc.features.map((f) => ({
      adcode: f.properties.adcode,
      name: f.properties.name,
      level,
      parentAdcode: f.properties.parent_adcode ?? null,
      seat: f.properties.center_wgs84,
      geom: f.geometry,
      source: SOURCE,
    }));
  };
  return [...read('province', 'province'), ...read('prefectures', 'city'), ...read('counties', 'county')];
}
