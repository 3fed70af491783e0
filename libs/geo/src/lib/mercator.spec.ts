import { fromMercator, gcj02Mercator, toMercator } from './mercator';

describe('Web Mercator and GCJ-02 tiles', () => {
  it('converts lon/lat to EPSG:3857 metres and back', () => {
    const [x, y] = toMercator([115.8873, 28.6799]);
    expect(x).toBeCloseTo(12900515.23, 1); // 115.8873 × 111,319.49 m per degree
    expect(y).toBeCloseTo(3334967.22, 1);
    const [lon, lat] = fromMercator([x, y]);
    expect(lon).toBeCloseTo(115.8873, 9);
    expect(lat).toBeCloseTo(28.6799, 9);
  });

  it('shifts a Nanchang point by the few hundred metres GCJ-02 tiles are off, and back within centimetres', () => {
    const wgs = toMercator([115.8873, 28.6799]);
    const gcj = gcj02Mercator.fromWgs84(wgs);
    const shift = Math.hypot(gcj[0] - wgs[0], gcj[1] - wgs[1]);
    expect(shift).toBeGreaterThan(300);
    expect(shift).toBeLessThan(1000);
    const back = gcj02Mercator.toWgs84(gcj);
    expect(Math.hypot(back[0] - wgs[0], back[1] - wgs[1])).toBeLessThan(0.05);
  });
});
