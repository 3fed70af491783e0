import type { LonLat } from '@gan119/geo';
import { initialsOf, withoutAdminSuffix } from './normalize';
import type { PlaceInput, PlaceKind } from './place-file';

const ESTATES = [
  '阳光花园',
  '翠苑小区',
  '金色家园',
  '锦绣华庭',
  '幸福里',
  '滨江花园',
  '书香门第',
  '香樟苑',
  '紫金城',
  '凤凰花园',
  '湖滨小区',
  '梧桐苑',
  '丽景湾',
  '御景园',
  '教师新村',
  '铁路新村',
  '和平小区',
  '红星小区',
  '天虹花园',
  '盛世家园',
  '电力小区',
  '名门世家',
];
const VILLAGES = ['王家村', '李家村', '新塘村', '石桥村', '枫树村', '下湾村', '上坊村', '黄泥村', '塘头村', '樟树下村', '竹山村', '河口村'];

/** A small deterministic generator, so the demo is the same on every machine. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export type DemoSeat = { adcode: number; name: string; lonLat: LonLat; isDistrict: boolean };

/**
 * The demo gazetteer (marked demo, not real places): around each county seat some 小区 (the same
 * common estate names recur across counties, as they do in life, so results must say their
 * district), schools, hospitals, villages and landmarks named after the county, within a few
 * kilometres of the seat (closer in a city district).
 */
export function demoGazetteer(seats: readonly DemoSeat[]): PlaceInput[] {
  const out: PlaceInput[] = [];
  for (const seat of seats) {
    const rnd = random(seat.adcode);
    const bare = withoutAdminSuffix(seat.name);
    // degrees: about 1.2 km in a city district (they are small, and a place should fall inside its own), 4 km round a county seat
    const spread = seat.isDistrict ? 0.012 : 0.04;
    const at = (far = 1): [number, number] => {
      const a = rnd() * 2 * Math.PI,
        r = spread * far * Math.sqrt(rnd());
      return [seat.lonLat[0] + r * Math.cos(a), seat.lonLat[1] + r * Math.sin(a) * 0.9];
    };
    const add = (kind: PlaceKind, name: string, [lon, lat]: [number, number], aliases: string[] = [], address: string | null = null) =>
      out.push({
        ref: `demo ${seat.adcode}`,
        kind,
        name,
        aliases,
        address,
        lon: round(lon),
        lat: round(lat),
        crs: 'WGS84',
        originalLon: round(lon),
        originalLat: round(lat),
        initials: initialsOf(name),
      });
    const estates = [...ESTATES].sort(() => rnd() - 0.5).slice(0, seat.isDistrict ? 10 : 6);
    estates.forEach((e, k) => add('residential', e, at(), k % 3 === 0 ? [`${bare}${e}`] : [], `${seat.name}${e}${1 + Math.floor(rnd() * 30)}栋`));
    add('school', `${bare}第一中学`, at(0.6), [`${bare}一中`]);
    add('school', `${bare}实验小学`, at(0.6), [`${bare}实小`]);
    add('hospital', `${bare}人民医院`, at(0.5), [`${bare}县医院`, `${bare}人医`]);
    add('hospital', `${bare}中医院`, at(0.7));
    add('poi', `${bare}汽车站`, at(0.8), [`${bare}客运站`]);
    add('poi', `${bare}人民广场`, at(0.3));
    if (!seat.isDistrict) for (const v of [...VILLAGES].sort(() => rnd() - 0.5).slice(0, 4)) add('village', v, at(2.5));
  }
  return out;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
