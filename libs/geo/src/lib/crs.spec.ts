import { dataPackDir } from '@gan119/testing';
import { readFileSync } from 'fs';
import { join } from 'path';
import { bd09ToGcj02, fromWgs84, gcj02ToBd09, gcj02ToWgs84, toWgs84, wgs84ToGcj02 } from './crs';
import { haversineM } from './distance';
import { LonLat } from './coords';

// Golden pairs: the 111 seats of Jiangxi in GCJ-02 (original DataV data) and WGS84 as converted by
// an independent implementation (npm gcoord), rounded to 6 decimals (about 0.1 m).
// the data pack's seats (DATA_DIR: jest.preset.js)
const csv = readFileSync(join(dataPackDir(), 'admin_boundaries/jiangxi_admin_centers.csv'), 'utf8').trim().split('\n').slice(1);
const seats = csv.map((l) => {
  const c = l.split(',');
  return { name: c[1], gcj: [Number(c[4]), Number(c[5])] as LonLat, wgs: [Number(c[6]), Number(c[7])] as LonLat };
});

describe('CRS conversion', () => {
  it('agrees with an independent GCJ-02 → WGS84 conversion of all 111 Jiangxi seats within 0.5 m', () => {
    expect(seats.length).toBe(111);
    for (const s of seats) expect(haversineM(gcj02ToWgs84(s.gcj), s.wgs)).toBeLessThan(0.5);
  });

  it('round-trips GCJ-02 → WGS84 → GCJ-02 within a centimetre', () => {
    for (const s of seats) expect(haversineM(wgs84ToGcj02(gcj02ToWgs84(s.gcj)), s.gcj)).toBeLessThan(0.01);
  });

  it('shifts Nanchang by the expected few hundred metres between WGS84 and GCJ-02', () => {
    const nanchang = seats.find((s) => s.name === '南昌市')!;
    const d = haversineM(nanchang.gcj, nanchang.wgs);
    expect(d).toBeGreaterThan(300);
    expect(d).toBeLessThan(800);
  });

  it('round-trips BD-09 within a centimetre, and toWgs84/fromWgs84 are inverses for every system', () => {
    const p: LonLat = [115.8873, 28.679857];
    expect(haversineM(bd09ToGcj02(gcj02ToBd09(p)), p)).toBeLessThan(0.01);
    for (const crs of ['WGS84', 'GCJ02', 'BD09'] as const) {
      expect(haversineM(toWgs84(fromWgs84(p, crs), crs), p)).toBeLessThan(0.01);
    }
  });

  it('leaves points outside China unchanged', () => {
    const sf: LonLat = [-122.4194, 37.7749];
    expect(wgs84ToGcj02(sf)).toEqual(sf);
    expect(gcj02ToWgs84(sf)).toEqual(sf);
  });
});
