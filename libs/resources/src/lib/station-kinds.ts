import { UnitKind } from './unit-kinds';

/**
 * Station kinds (建标152 and the township/enterprise/volunteer brigades), with the first-due district
 * limit kept for coverage analysis (km²: 特勤/一级 7, 二级 4, 小型站 2, suburban 15) and a typical
 * vehicle set for the demo roster.
 */
export const STATION_KINDS = {
  special_service: {
    zh: '特勤消防站',
    en: 'Special service station',
    firstDueKm2: 7,
    vehicles: ['water_tender', 'water_tender', 'foam_tender', 'aerial_platform', 'aerial_ladder', 'heavy_rescue', 'hazmat', 'smoke_exhaust', 'command'],
  },
  class1: {
    zh: '一级普通消防站',
    en: 'Class 1 station',
    firstDueKm2: 7,
    vehicles: ['water_tender', 'water_tender', 'foam_tender', 'aerial_ladder', 'heavy_rescue', 'command'],
  },
  class2: { zh: '二级普通消防站', en: 'Class 2 station', firstDueKm2: 4, vehicles: ['water_tender', 'water_tender', 'heavy_rescue'] },
  small: { zh: '小型站', en: 'Small station', firstDueKm2: 2, vehicles: ['water_tender', 'heavy_rescue'] },
  township: { zh: '乡镇政府专职队', en: 'Township full-time brigade', firstDueKm2: 15, vehicles: ['water_tender'] },
  enterprise: { zh: '企业专职队', en: 'Enterprise brigade', firstDueKm2: 7, vehicles: ['foam_tender', 'hazmat'] },
  volunteer: { zh: '志愿消防队', en: 'Volunteer brigade', firstDueKm2: 15, vehicles: ['water_tender'] },
  special_team: { zh: '专业救援队驻地', en: 'Special team base', firstDueKm2: 0, vehicles: [] },
} as const satisfies Record<string, { zh: string; en: string; firstDueKm2: number; vehicles: readonly UnitKind[] }>;

export type StationKind = keyof typeof STATION_KINDS;
export const STATION_KIND_NAMES = Object.keys(STATION_KINDS) as StationKind[];

export function isStationKind(v: unknown): v is StationKind {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(STATION_KINDS, v);
}

/** 总队 (province) → 支队 (city) → 大队 (county) → 站 (station). */
export const ORG_LEVELS = ['province', 'city', 'county', 'station'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const HYDRANT_STATUSES = ['in_service', 'out_of_service', 'low_pressure'] as const;
export type HydrantStatus = (typeof HYDRANT_STATUSES)[number];
export const WATER_SOURCE_KINDS = ['hydrant', 'cistern', 'natural', 'pond'] as const;
export type WaterSourceKind = (typeof WATER_SOURCE_KINDS)[number];
