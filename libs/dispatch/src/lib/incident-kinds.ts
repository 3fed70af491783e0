/** Incident types handled by the 119 centre. */
export const INCIDENT_TYPES = [
  'building_fire', // 建筑火灾
  'high_rise_fire', // 高层建筑火灾
  'hazmat', // 化工/危化品
  'traffic', // 交通事故
  'earthquake', // 地震
  'flood', // 洪涝/水域救援
  'mountain_rescue', // 山岳及其他救援
  'social_assistance', // 社会救助
  'other_fire', // 其他火灾（室外、车辆、草木）
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const INCIDENT_TYPE_LABELS: Record<IncidentType, { zh: string; en: string }> = {
  building_fire: { zh: '建筑火灾', en: 'Building fire' },
  high_rise_fire: { zh: '高层建筑火灾', en: 'High-rise fire' },
  hazmat: { zh: '化工/危化品', en: 'Hazardous materials' },
  traffic: { zh: '交通事故', en: 'Traffic accident' },
  earthquake: { zh: '地震', en: 'Earthquake' },
  flood: { zh: '洪涝/水域救援', en: 'Flood / water rescue' },
  mountain_rescue: { zh: '山岳及其他救援', en: 'Mountain and other rescue' },
  social_assistance: { zh: '社会救助', en: 'Social assistance' },
  other_fire: { zh: '其他火灾', en: 'Other fire' },
};

export function isIncidentType(v: unknown): v is IncidentType {
  return typeof v === 'string' && (INCIDENT_TYPES as readonly string[]).includes(v);
}

/** 火警分级: level 1 (smallest) to 5 (largest). */
export const INCIDENT_LEVELS = [1, 2, 3, 4, 5] as const;
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];

/**
 * The colour of each level as drawn on every map and list. Follows the national warning-colour order
 * (蓝 → 黄 → 橙 → 红) with a fifth, darkest step for the province-wide disaster response.
 */
export const LEVEL_STYLE: Record<IncidentLevel, { zh: string; en: string; colour: string }> = {
  1: { zh: '一级（蓝）', en: 'Level 1 (blue)', colour: '#1e88e5' },
  2: { zh: '二级（黄）', en: 'Level 2 (yellow)', colour: '#fbc02d' },
  3: { zh: '三级（橙）', en: 'Level 3 (orange)', colour: '#fb8c00' },
  4: { zh: '四级（红）', en: 'Level 4 (red)', colour: '#e53935' },
  5: { zh: '五级（紫）', en: 'Level 5 (purple)', colour: '#6a1b9a' },
};

export function isIncidentLevel(v: unknown): v is IncidentLevel {
  return typeof v === 'number' && (INCIDENT_LEVELS as readonly number[]).includes(v);
}
