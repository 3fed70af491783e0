import { gcj02ToBd09, wgs84ToGcj02 } from '@gan119/geo';
import { readPlaceFile } from './place-file';

describe('gazetteer files', () => {
  it('reads CSV with English or Chinese headers, aliases, kinds in words, and the three CRS', () => {
    const gcj = wgs84ToGcj02([115.95, 28.69]);
    const bd = gcj02ToBd09(gcj);
    const csv = `名称,类型,别名,地址,经度,纬度,坐标系\n阳光花园,小区,老阳光|阳光小区,北京东路88号,115.95,28.69,WGS84\n南昌一中,school,,,${gcj[0]},${gcj[1]},GCJ-02\n省人民医院,hospital,,,${bd[0]},${bd[1]},bd09\n`;
    const r = readPlaceFile('places.csv', csv);
    expect(r.errors).toEqual([]);
    expect(r.places.map((p) => [p.name, p.kind, p.crs])).toEqual([
      ['阳光花园', 'residential', 'WGS84'],
      ['南昌一中', 'school', 'GCJ02'],
      ['省人民医院', 'hospital', 'BD09'],
    ]);
    expect(r.places[0]).toMatchObject({ aliases: ['老阳光', '阳光小区'], address: '北京东路88号', initials: 'yghy', ref: 'line 2' });
    for (const p of r.places) {
      expect(p.lon).toBeCloseTo(115.95, 5);
      expect(p.lat).toBeCloseTo(28.69, 5);
    }
  });

  it('reads a GeoJSON FeatureCollection of points', () => {
    const doc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [115.9, 28.7] }, properties: { name: '翠苑小区', kind: 'residential', aliases: ['翠苑'] } },
      ],
    };
    expect(readPlaceFile('x.geojson', JSON.stringify(doc)).places).toEqual([
      expect.objectContaining({ name: '翠苑小区', aliases: ['翠苑'], lon: 115.9, lat: 28.7, ref: 'feature 1' }),
    ]);
  });

  it('names every bad line and keeps nothing of a file that has one', () => {
    const csv = [
      'name,lon,lat,kind',
      '好的,115.9,28.7,poi',
      ',115.9,28.7,poi',
      '坐标错,abc,28.7,poi',
      '在北京,116.4,39.9,poi',
      '经纬颠倒,28.7,115.9,poi',
      '类型错,115.9,28.7,castle',
      '少一列,115.9,28.7',
    ].join('\n');
    const r = readPlaceFile('p.csv', csv);
    expect(r.errors).toEqual([
      'line 3: name is missing',
      'line 4: lon and lat must be numbers',
      'line 5: 116.4, 39.9 (WGS84) is outside Jiangxi (lon and lat swapped?)',
      'line 6: lon 28.7, lat 115.9 are not a position on Earth (swapped?)',
      'line 7: kind "castle" is not one of address, residential, building, poi, school, hospital, village, other',
      'line 8: 3 fields, but the header has 4',
    ]);
  });

  it('refuses a file it cannot read, naming why', () => {
    expect(readPlaceFile('p.csv', 'name,lng,lat,height\nx,1,2,3').errors).toEqual([
      'line 1: unknown column "height" (known: name, kind, aliases, address, lon, lat, crs)',
    ]);
    expect(readPlaceFile('p.csv', 'name,lat\nx,1').errors).toEqual(['line 1: the header has no lon column']);
    expect(readPlaceFile('p.geojson', '{"type":"Feature"}').errors).toEqual(['a GeoJSON file must be a FeatureCollection']);
    expect(readPlaceFile('p.geojson', '{oops').errors[0]).toMatch(/^not valid JSON/);
    expect(readPlaceFile('p.csv', 'name,lon,lat\n').errors).toEqual(['the file has no places']);
    expect(readPlaceFile('p.csv', 'name,lon,lat\n"x,1,2\n').errors).toEqual(['line 2: a quoted field is not closed']);
  });
});
