import { LonLat } from '@gan119/geo';
import { SPECIAL_TEAMS, UnitKind } from './unit-kinds';
import { STATION_KINDS, StationKind } from './station-kinds';

/** A town the demo roster grows from (the same towns the synthetic roads grow from). */
export type Town = { adcode: number; name: string; level: 'city' | 'county'; cityAdcode: number; lonLat: LonLat; capital: boolean };
export type DemoStation = { code: string; name: string; kind: StationKind; cityAdcode: number; countyAdcode: number | null; lonLat: LonLat };
export type DemoUnit = { code: string; name: string; kind: UnitKind; stationCode: string };
export type DemoRoster = { stations: DemoStation[]; units: DemoUnit[] };

function rng(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => (a = (Math.imul(a, 48271) % 2147483647) >>> 0) / 2147483647;
}

const M_PER_DEG = 111_195;
const around = (p: LonLat, r: () => number, radiusM: number): LonLat => {
  const ang = r() * 2 * Math.PI,
    d = Math.sqrt(r()) * radiusM;
  return [p[0] + (d * Math.cos(ang)) / (M_PER_DEG * Math.cos((p[1] * Math.PI) / 180)), p[1] + (d * Math.sin(ang)) / M_PER_DEG];
};
const short = (name: string) => name.replace(/(市|县|区)$/, '');
const KIND_SHORT: Record<StationKind, string> = {
  special_service: '特勤站',
  class1: '消防站',
  class2: '消防站',
  small: '小型站',
  township: '乡镇专职队',
  enterprise: '企业专职队',
  volunteer: '志愿队',
  special_team: '',
};

/**
 * The demo roster of the Jiangxi service: stations at the real seats (the capital 19, other city seats
 * 7, each county seat 2–3, one enterprise brigade per city), each with the vehicle set of its kind,
 * and the provincial teams (17 mobile brigades, 19 earthquake and 12 flood teams) spread over the 11
 * cities. Deterministic; every record is demo data.
 */
export function demoRoster(towns: Town[]): DemoRoster {
  const stations: DemoStation[] = [];
  const units: DemoUnit[] = [];
  const add = (t: Town, kind: StationKind, n: number, radiusM: number, r: () => number, label?: string) => {
    const code = `JX${t.adcode}-${String(n).padStart(2, '0')}`;
    const name = label ?? `${short(t.name)}${n === 1 && kind !== 'township' ? '' : `第${n}`}${KIND_SHORT[kind]}`;
    stations.push({
      code,
      name,
      kind,
      cityAdcode: t.cityAdcode,
      countyAdcode: t.level === 'county' ? t.adcode : null,
      lonLat: n === 1 ? t.lonLat : around(t.lonLat, r, radiusM),
    });
    const count = new Map<UnitKind, number>();
    for (const k of STATION_KINDS[kind].vehicles as readonly UnitKind[]) {
      const c = (count.get(k) ?? 0) + 1;
      count.set(k, c);
      units.push({ code: `${code}-${k}-${c}`, name: `${name}${unitShort(k)}${c > 1 ? c : ''}`, kind: k, stationCode: code });
    }
    return code;
  };
  for (const t of towns) {
    const r = rng(t.adcode);
    if (t.level === 'city') {
      const plan: StationKind[] = t.capital
        ? ['special_service', ...Array<StationKind>(11).fill('class1'), ...Array<StationKind>(6).fill('class2'), 'small']
        : ['special_service', 'class1', 'class1', 'class1', 'class2', 'class2', 'small'];
      plan.forEach((k, i) => add(t, k, i + 1, t.capital ? 8000 : 5000, r));
      add(t, 'enterprise', plan.length + 1, 12000, r, `${short(t.name)}工业园区企业专职队`);
    } else {
      add(t, 'class1', 1, 0, r);
      add(t, 'township', 2, 15000, r);
      if (t.adcode % 3 === 0) add(t, 'volunteer', 3, 20000, r);
    }
  }
  // provincial teams, dealt round-robin over the city seats, capital first
  const cities = towns.filter((t) => t.level === 'city').sort((a, b) => Number(b.capital) - Number(a.capital) || a.adcode - b.adcode);
  let n = 90;
  for (const [kind, total] of Object.entries(SPECIAL_TEAMS) as Array<[UnitKind, number]>) {
    for (let i = 0; i < total; i++) {
      const city = cities[i % cities.length];
      const code = add(city, 'special_team', n++, 6000, rng(city.adcode * 31 + i), `${short(city.name)}${unitShort(kind)}${Math.floor(i / cities.length) + 1}`);
      units.push({ code: `${code}-${kind}`, name: stations[stations.length - 1].name, kind, stationCode: code });
    }
  }
  return { stations, units };
}

function unitShort(k: UnitKind): string {
  const map: Record<UnitKind, string> = {
    water_tender: '水罐',
    foam_tender: '泡沫',
    aerial_ladder: '云梯',
    aerial_platform: '登高',
    heavy_rescue: '抢险',
    hazmat: '危化',
    decontamination: '洗消',
    smoke_exhaust: '排烟',
    water_supply: '供水',
    command: '指挥',
    logistics: '保障',
    mobile_brigade: '机动大队',
    earthquake_team: '地震救援队',
    flood_team: '抗洪抢险队',
  };
  return map[k];
}
