import { CrsName, LonLat } from './coords';

// GCJ-02 ("Mars coordinates") is WGS84 with a deliberate, non-linear offset required of maps
// published in mainland China; BD-09 is Baidu's further offset of GCJ-02. Forward formulas are the
// widely published ones; inverses are iterative so a round trip is well under a millimetre.

const A = 6378245.0; // Krasovsky 1940 semi-major axis used by GCJ-02
const EE = 0.006693421622965943; // its first eccentricity squared
const X_PI = (Math.PI * 3000.0) / 180.0;

/** GCJ-02 applies only inside (roughly) mainland China; outside it equals WGS84. */
export function outsideChina([lon, lat]: LonLat): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function offsetLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function offsetLon(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

export function wgs84ToGcj02(p: LonLat): LonLat {
  if (outsideChina(p)) return [p[0], p[1]];
  const [lon, lat] = p;
  let dLat = offsetLat(lon - 105.0, lat - 35.0);
  let dLon = offsetLon(lon - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/** Inverse of wgs84ToGcj02 by fixed-point iteration (converges to < 1e-9 degrees in a few steps). */
export function gcj02ToWgs84(p: LonLat): LonLat {
  if (outsideChina(p)) return [p[0], p[1]];
  let lon = p[0];
  let lat = p[1];
  for (let i = 0; i < 30; i++) {
    const [gLon, gLat] = wgs84ToGcj02([lon, lat]);
    const dLon = p[0] - gLon;
    const dLat = p[1] - gLat;
    lon += dLon;
    lat += dLat;
    if (Math.abs(dLon) < 1e-10 && Math.abs(dLat) < 1e-10) break;
  }
  return [lon, lat];
}

export function gcj02ToBd09([lon, lat]: LonLat): LonLat {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/** Inverse of gcj02ToBd09, iterated to the same precision as the forward transform. */
export function bd09ToGcj02(p: LonLat): LonLat {
  let lon = p[0] - 0.0065;
  let lat = p[1] - 0.006;
  for (let i = 0; i < 30; i++) {
    const [bLon, bLat] = gcj02ToBd09([lon, lat]);
    const dLon = p[0] - bLon;
    const dLat = p[1] - bLat;
    lon += dLon;
    lat += dLat;
    if (Math.abs(dLon) < 1e-10 && Math.abs(dLat) < 1e-10) break;
  }
  return [lon, lat];
}

/** Converts a point from the named system to WGS84 (the system of record). */
export function toWgs84(p: LonLat, from: CrsName): LonLat {
  switch (from) {
    case 'WGS84':
      return [p[0], p[1]];
    case 'GCJ02':
      return gcj02ToWgs84(p);
    case 'BD09':
      return gcj02ToWgs84(bd09ToGcj02(p));
  }
}

/** Converts a WGS84 point to the named system (for maps and SDKs that expect it). */
export function fromWgs84(p: LonLat, to: CrsName): LonLat {
  switch (to) {
    case 'WGS84':
      return [p[0], p[1]];
    case 'GCJ02':
      return wgs84ToGcj02(p);
    case 'BD09':
      return gcj02ToBd09(wgs84ToGcj02(p));
  }
}
