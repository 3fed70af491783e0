import { INCIDENT_TYPE_LABELS, IncidentType } from '@gan119/dispatch';
import { CAP_CERTAINTIES, CAP_SEVERITIES, CAP_URGENCIES, CapArea, CapCertainty, CapContent, CapSeverity, CapUrgency } from './cap';
import type { EidoProblem } from './eido-import';

/** What a commander starts from for each kind of incident: the usual instruction and radius (editable). */
export function suggestedCap(type: IncidentType, address: string | null): Omit<CapContent, 'area'> & { radiusM: number } {
  const place = address ?? '事故地点';
  const common = { event: INCIDENT_TYPE_LABELS[type].zh, urgency: 'Immediate' as CapUrgency, certainty: 'Observed' as CapCertainty, expiresMin: 240 };
  switch (type) {
    case 'hazmat':
      return {
        ...common,
        severity: 'Severe',
        radiusM: 2000,
        headline: `${place}危化品事故：2公里内就地避险`,
        description: `${place}发生危险化学品事故，消防救援力量正在处置。`,
        instruction: '距事故点2公里范围内的居民请立即关闭门窗、关停空调新风，留在室内就地避险；不要前往围观，听从现场指挥。',
        areaDesc: `${place}周边2公里`,
      };
    case 'flood':
      return {
        ...common,
        severity: 'Severe',
        radiusM: 3000,
        headline: `${place}洪涝险情：请立即向高处转移`,
        description: `${place}发生洪涝险情，水位仍在上涨。`,
        instruction: '下列区域群众请立即向高处、安置点转移，不要涉水、不要在河边停留，等待救援时拨打119。',
        areaDesc: `${place}周边`,
      };
    case 'earthquake':
      return {
        ...common,
        severity: 'Extreme',
        radiusM: 10000,
        headline: `${place}地震：远离受损建筑`,
        description: `${place}发生地震，救援力量正在赶赴。`,
        instruction: '请到开阔地带避险，远离受损建筑和边坡，不要返回危房取物；被困请敲击求救并拨打119。',
        areaDesc: `${place}周边10公里`,
      };
    case 'building_fire':
    case 'high_rise_fire':
    case 'other_fire':
      return {
        ...common,
        severity: 'Moderate',
        radiusM: 1000,
        headline: `${place}火灾：周边群众请远离`,
        description: `${place}发生火灾，消防救援力量正在扑救。`,
        instruction: '周边群众请远离火场和下风向，关闭门窗避免吸入烟气，为消防车让出通道。',
        areaDesc: `${place}周边1公里`,
      };
    case 'traffic':
    case 'mountain_rescue':
    case 'social_assistance':
      return {
        ...common,
        severity: 'Minor',
        radiusM: 1000,
        headline: `${place}${INCIDENT_TYPE_LABELS[type].zh}：请绕行`,
        description: `${place}发生${INCIDENT_TYPE_LABELS[type].zh}，救援力量正在处置。`,
        instruction: '请绕行并为救援车辆让出通道，不要围观。',
        areaDesc: `${place}周边1公里`,
      };
  }
}

const TEXT_LIMITS = { event: 60, headline: 140, description: 1000, instruction: 1000, areaDesc: 200 } as const;
const lonLat = (p: unknown): p is [number, number] =>
  Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'number' && Number.isFinite(x)) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;

function areaProblems(a: unknown): { area: CapArea } | { problem: EidoProblem } {
  const o = (a && typeof a === 'object' ? a : {}) as Record<string, unknown>;
  if (o.kind === 'circle') {
    if (!lonLat(o.center)) return { problem: { field: 'area.center', message: 'must be [lon, lat] (WGS84)' } };
    if (typeof o.radiusM !== 'number' || !(o.radiusM >= 50 && o.radiusM <= 50_000))
      return { problem: { field: 'area.radiusM', message: 'must be 50–50,000 m' } };
    return { area: { kind: 'circle', center: o.center, radiusM: o.radiusM } };
  }
  if (o.kind === 'polygon') {
    const ring = o.ring;
    if (!Array.isArray(ring) || ring.length < 3 || ring.length > 500 || !ring.every(lonLat))
      return { problem: { field: 'area.ring', message: 'must be 3–500 points [lon, lat] (WGS84)' } };
    const distinct = new Set(ring.map((p) => p.join(','))).size;
    if (distinct < 3) return { problem: { field: 'area.ring', message: 'needs at least 3 different points' } };
    return { area: { kind: 'polygon', ring } };
  }
  if (o.kind === 'counties') {
    const c = o.counties;
    if (!Array.isArray(c) || !c.length || c.length > 100 || !c.every((k) => Number.isInteger(k) && k >= 100000 && k <= 999999))
      return { problem: { field: 'area.counties', message: 'must be 1–100 county codes (GB/T 2260, six digits)' } };
    // names are filled from the record by the caller
    return { area: { kind: 'counties', counties: [...new Set(c as number[])].map((adcode) => ({ adcode, name: '' })) } };
  }
  return { problem: { field: 'area.kind', message: 'must be circle, polygon or counties' } };
}

/** A commander's draft checked field by field (enumerations, lengths, the area's shape). */
export function capContentFrom(body: unknown): { content: CapContent } | { problems: EidoProblem[] } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const problems: EidoProblem[] = [];
  const pick = <T extends string>(k: string, values: readonly T[]): T => {
    if (!values.includes(b[k] as T)) problems.push({ field: k, message: `must be one of ${values.join(', ')}` });
    return b[k] as T;
  };
  const severity = pick<CapSeverity>('severity', CAP_SEVERITIES);
  const urgency = pick<CapUrgency>('urgency', CAP_URGENCIES);
  const certainty = pick<CapCertainty>('certainty', CAP_CERTAINTIES);
  const texts = {} as Record<keyof typeof TEXT_LIMITS, string>;
  for (const [k, max] of Object.entries(TEXT_LIMITS) as Array<[keyof typeof TEXT_LIMITS, number]>) {
    const v = b[k];
    if (typeof v !== 'string' || !v.trim() || v.length > max) problems.push({ field: k, message: `must be text of 1–${max} characters` });
    else texts[k] = v.trim();
  }
  const expiresMin = b.expiresMin ?? 240;
  if (!Number.isInteger(expiresMin) || (expiresMin as number) < 10 || (expiresMin as number) > 7 * 24 * 60)
    problems.push({ field: 'expiresMin', message: 'must be 10–10,080 minutes' });
  const a = areaProblems(b.area);
  if ('problem' in a) problems.push(a.problem);
  if (problems.length || 'problem' in a) return { problems };
  return { content: { severity, urgency, certainty, ...texts, area: a.area, expiresMin: expiresMin as number } };
}
