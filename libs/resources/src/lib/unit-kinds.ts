import { Capability } from './capabilities';

/**
 * Vehicle and team kinds with their capabilities, crew and turnout time (出动时间: from the alarm to
 * the wheels turning, which ETA adds to road travel time).
 */
export const UNIT_KINDS = {
  water_tender: { zh: '水罐消防车', en: 'Water tender', capabilities: ['water'], crew: 6, turnoutS: 60 },
  foam_tender: { zh: '泡沫消防车', en: 'Foam tender', capabilities: ['foam', 'water'], crew: 6, turnoutS: 60 },
  aerial_ladder: { zh: '云梯消防车', en: 'Aerial ladder', capabilities: ['aerial'], crew: 3, turnoutS: 90 },
  aerial_platform: { zh: '登高平台消防车', en: 'Aerial platform', capabilities: ['aerial', 'water'], crew: 3, turnoutS: 90 },
  heavy_rescue: { zh: '抢险救援消防车', en: 'Heavy rescue', capabilities: ['rescue'], crew: 5, turnoutS: 60 },
  hazmat: { zh: '危化品救援车', en: 'Hazmat unit', capabilities: ['hazmat', 'rescue'], crew: 5, turnoutS: 90 },
  decontamination: { zh: '洗消车', en: 'Decontamination', capabilities: ['hazmat'], crew: 4, turnoutS: 120 },
  smoke_exhaust: { zh: '排烟消防车', en: 'Smoke exhaust', capabilities: ['smoke_exhaust'], crew: 3, turnoutS: 90 },
  water_supply: { zh: '供水消防车', en: 'Water supply', capabilities: ['water_supply', 'water'], crew: 3, turnoutS: 90 },
  command: { zh: '指挥/通信车', en: 'Command vehicle', capabilities: ['command'], crew: 4, turnoutS: 90 },
  logistics: { zh: '战勤保障车', en: 'Logistics', capabilities: ['logistics'], crew: 3, turnoutS: 180 },
  mobile_brigade: { zh: '机动大队', en: 'Mobile brigade', capabilities: ['mobile_brigade', 'rescue', 'water', 'command'], crew: 40, turnoutS: 600 },
  earthquake_team: { zh: '地震救援队', en: 'Earthquake rescue team', capabilities: ['earthquake_rescue', 'rescue'], crew: 30, turnoutS: 900 },
  flood_team: { zh: '抗洪抢险队', en: 'Flood rescue team', capabilities: ['water_rescue', 'rescue'], crew: 25, turnoutS: 900 },
} as const satisfies Record<string, { zh: string; en: string; capabilities: readonly Capability[]; crew: number; turnoutS: number }>;

export type UnitKind = keyof typeof UNIT_KINDS;
export const UNIT_KIND_NAMES = Object.keys(UNIT_KINDS) as UnitKind[];

export function isUnitKind(v: unknown): v is UnitKind {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(UNIT_KINDS, v);
}

export function capabilitiesOf(kind: UnitKind): readonly Capability[] {
  return UNIT_KINDS[kind].capabilities;
}

/** Special provincial teams: their kinds, and how many the province fields. */
export const SPECIAL_TEAMS = { mobile_brigade: 17, earthquake_team: 19, flood_team: 12 } as const;
