import type { LonLat } from './coords';
import { gcj02ToWgs84, wgs84ToGcj02 } from './crs';

const R = 6378137;
const MAX_LAT = 85.05112878;

/** Web Mercator (EPSG:3857) metres of a lon/lat. */
export function toMercator([lon, lat]: LonLat): [number, number] {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return [(lon * Math.PI * R) / 180, R * Math.log(Math.tan(Math.PI / 4 + phi / 2))];
}

export function fromMercator([x, y]: [number, number]): LonLat {
  return [(x / R) * (180 / Math.PI), (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI)];
}

/**
 * Map tiles drawn in GCJ-02 (高德, 腾讯 and other Chinese online maps) are Web Mercator tiles of
 * shifted coordinates. These two functions move a Web Mercator point of true (WGS84) coordinates to
 * where a GCJ-02 tile draws it, and back, so a GCJ-02 basemap can be warped onto WGS84 data.
 */
export const gcj02Mercator = {
  fromWgs84: (xy: [number, number]): [number, number] => toMercator(wgs84ToGcj02(fromMercator(xy))),
  toWgs84: (xy: [number, number]): [number, number] => toMercator(gcj02ToWgs84(fromMercator(xy))),
};
