/** What a unit can do on scene; response plans ask for capabilities, not vehicle models. */
export const CAPABILITIES = [
  'water', // 水罐：灭火供水
  'foam', // 泡沫
  'aerial', // 举高（云梯/登高平台）
  'rescue', // 抢险救援
  'hazmat', // 危化品处置/洗消
  'smoke_exhaust', // 排烟
  'water_supply', // 远程供水
  'command', // 指挥/通信
  'logistics', // 战勤保障
  'earthquake_rescue', // 地震救援
  'water_rescue', // 水域救援（舟艇）
  'mobile_brigade', // 机动大队编成力量
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const CAPABILITY_LABELS: Record<Capability, { zh: string; en: string }> = {
  water: { zh: '水罐灭火', en: 'Water tender' },
  foam: { zh: '泡沫灭火', en: 'Foam' },
  aerial: { zh: '举高', en: 'Aerial' },
  rescue: { zh: '抢险救援', en: 'Heavy rescue' },
  hazmat: { zh: '危化/洗消', en: 'Hazmat / decontamination' },
  smoke_exhaust: { zh: '排烟', en: 'Smoke exhaust' },
  water_supply: { zh: '远程供水', en: 'Water supply' },
  command: { zh: '指挥通信', en: 'Command / communications' },
  logistics: { zh: '战勤保障', en: 'Logistics' },
  earthquake_rescue: { zh: '地震救援', en: 'Earthquake rescue' },
  water_rescue: { zh: '水域救援', en: 'Water rescue' },
  mobile_brigade: { zh: '机动大队', en: 'Mobile brigade' },
};

export function isCapability(v: unknown): v is Capability {
  return typeof v === 'string' && (CAPABILITIES as readonly string[]).includes(v);
}
