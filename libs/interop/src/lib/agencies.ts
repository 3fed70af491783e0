/**
 * The other agencies the 119 centre works with, and what may pass between them. A partner is data
 * (a row per centre: its kind, city, endpoint, key and permissions); this file holds the kinds, the
 * message kinds and the requests a dispatcher can make of each.
 */
export const PARTNER_KINDS = ['110', '120', '122', 'emergency_mgmt', 'water_resources', 'meteorology'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const PARTNER_KIND_LABELS: Record<PartnerKind, { zh: string; en: string; eidoAgencyType: string }> = {
  '110': { zh: '110 公安指挥中心', en: '110 police command centre', eidoAgencyType: 'police' },
  '120': { zh: '120 急救指挥中心', en: '120 emergency medical centre', eidoAgencyType: 'ems' },
  '122': { zh: '122 交警指挥中心', en: '122 traffic police centre', eidoAgencyType: 'police.traffic' },
  emergency_mgmt: { zh: '应急管理厅', en: 'Emergency management department', eidoAgencyType: 'emergency_management' },
  water_resources: { zh: '水利厅', en: 'Water resources department', eidoAgencyType: 'water' },
  meteorology: { zh: '气象局', en: 'Meteorological bureau', eidoAgencyType: 'weather' },
};

export function isPartnerKind(v: unknown): v is PartnerKind {
  return typeof v === 'string' && (PARTNER_KINDS as readonly string[]).includes(v);
}

/** What a partner may send us or be sent: a new incident (转警), updates to a shared one, public alerts (CAP). */
export const MESSAGE_KINDS = ['incident', 'update', 'cap'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** What a dispatcher asks of another agency, and of which kind of agency by default. */
export const REQUEST_KINDS = {
  ambulance: { zh: '派救护车', en: 'Send ambulances', partner: '120' },
  traffic_control: { zh: '交通管制', en: 'Traffic control', partner: '122' },
  police_cordon: { zh: '警戒/疏散', en: 'Cordon and evacuation', partner: '110' },
  road_clearance: { zh: '道路清障', en: 'Clear the road', partner: '122' },
  hazmat_monitoring: { zh: '环境监测', en: 'Hazmat monitoring', partner: 'emergency_mgmt' },
  water_level: { zh: '水情信息', en: 'Water levels', partner: 'water_resources' },
  weather: { zh: '气象保障', en: 'Weather support', partner: 'meteorology' },
} as const satisfies Record<string, { zh: string; en: string; partner: PartnerKind }>;
export type RequestKind = keyof typeof REQUEST_KINDS;

export function isRequestKind(v: unknown): v is RequestKind {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_KINDS, v);
}

/** The 119 centre's identity in EIDO (the agency and the functional element that issues our EIDOs). */
export const OUR_AGENCY_ID = 'fire.jx119.cn';
export const OUR_ISSUING_ELEMENT = 'dispatch.fire.jx119.cn';

/** A partner's EIDO agency identifier: its own id under the province's partner domain. */
export function partnerAgencyId(partnerId: string): string {
  return `${partnerId}.partners.jx119.cn`;
}

/** Our EIDO identifier of an incident, stable across every EIDO we send about it. */
export function ourIncidentUrn(incidentId: number): string {
  return `urn:emergency:uid:incidentid:${incidentId}:${OUR_AGENCY_ID}`;
}

/** Our incident number from one of our own incident URNs (null for anyone else's). */
export function incidentIdFromUrn(urn: string): number | null {
  const m = /^urn:emergency:uid:incidentid:(\d{1,12}):(.+)$/.exec(urn);
  if (!m || m[2] !== OUR_AGENCY_ID) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
