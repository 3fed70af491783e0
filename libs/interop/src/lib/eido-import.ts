import { INCIDENT_LEVELS, IncidentLevel, IncidentType, isIncidentType } from '@gan119/dispatch';
import { incidentIdFromUrn } from './agencies';
import { EIDO_INCIDENT_STATUS, EIDO_UNIT_STATUS } from './eido-export';
import { parsePidfLo } from './pidf';
import { xmlUnescape } from './xml';

/** What an EIDO tells us about an incident, in our terms. */
export type EidoIncidentView = {
  /** the EIDO's incident identifier (the sender's, or ours when it is about one of our incidents) */
  eidoId: string;
  /** our incident number when the EIDO is about one of ours (an update to what we sent) */
  ourIncidentId: number | null;
  /** the agency that last updated it (its updatedByAgencyReference) */
  agency: string;
  updatedAt: string;
  type: IncidentType;
  typeText: string;
  level: IncidentLevel;
  /** the status in the EIDO's registry terms, and ours where it maps */
  status: string | null;
  location: { lon: number; lat: number; address: string | null } | null;
  callerNumbers: string[];
  notes: Array<{ id: string; at: string; text: string }>;
  units: Array<{ id: string; name: string; status: string; eta: string | null }>;
};

export type EidoProblem = { field: string; message: string };

const TYPE_PREFIXES: Array<[string, IncidentType]> = [
  ['fire.structure.highrise', 'high_rise_fire'],
  ['fire.structure', 'building_fire'],
  ['fire', 'other_fire'],
  ['hazmat', 'hazmat'],
  ['traffic', 'traffic'],
  ['collision', 'traffic'],
  ['disaster.earthquake', 'earthquake'],
  ['earthquake', 'earthquake'],
  ['rescue.water', 'flood'],
  ['flood', 'flood'],
  ['rescue', 'mountain_rescue'],
];

/** An incident type from the registry's text (our own code first, when it is one). */
export function incidentTypeFrom(internalCode: unknown, registryText: string): IncidentType {
  if (isIncidentType(internalCode)) return internalCode;
  const t = registryText.toLowerCase();
  return TYPE_PREFIXES.find(([p]) => t === p || t.startsWith(p + '.') || t.startsWith(p + '-'))?.[1] ?? 'social_assistance';
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const ref = (v: unknown): string | null => str(obj(v).$ref);

/** HTML5 note text back to plain text. */
function plain(html: string): string {
  return xmlUnescape(html.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, '')).trim();
}

/**
 * Reads an EIDO (already valid against the schema) into our terms, or names what we cannot use: an
 * incident component is needed, and a location with a point (PIDF-LO gml:pos) for a new incident.
 */
export function eidoIncidentView(doc: unknown, needLocation: boolean): { view: EidoIncidentView } | { problems: EidoProblem[] } {
  const d = obj(doc);
  const problems: EidoProblem[] = [];
  const eidoId = str(d.$id) ?? '';
  const inc = obj(d.incidentComponent);
  const registry = str(inc.incidentTypeCommonRegistryText);
  if (!registry) problems.push({ field: 'incidentComponent.incidentTypeCommonRegistryText', message: 'the incident component and its type are required' });
  const levelText = Number(str(inc.incidentPriorityInternalText));
  const level = (INCIDENT_LEVELS as readonly number[]).includes(levelText) ? (levelText as IncidentLevel) : 1;
  const locations = arr(d.locationComponent).map(obj);
  const wanted = arr(inc.locationReference).map(ref);
  const loc = locations.find((l) => wanted.includes(str(l.$id))) ?? locations.find((l) => str(l.locationByValue));
  let location: EidoIncidentView['location'] = null;
  const byValue = str(loc?.locationByValue);
  if (byValue) {
    const p = parsePidfLo(byValue);
    if ('problem' in p) problems.push({ field: 'locationComponent.locationByValue', message: p.problem });
    else location = { lon: p.lon, lat: p.lat, address: str(loc?.locationDescriptionText) ?? p.civic?.loc ?? null };
  }
  if (needLocation && !location && !problems.some((p) => p.field.startsWith('locationComponent')))
    problems.push({ field: 'locationComponent', message: 'a new incident needs a location with a point (PIDF-LO gml:pos in locationByValue)' });
  if (problems.length) return { problems };
  const statusText = arr(inc.incidentStatusCommonRegistryText).map(str)[0] ?? null;
  const ourStatus = (Object.entries(EIDO_INCIDENT_STATUS).find(([, v]) => v === statusText)?.[0] as string | undefined) ?? null;
  return {
    view: {
      eidoId,
      ourIncidentId: incidentIdFromUrn(eidoId),
      agency: ref(d.updatedByAgencyReference) ?? '',
      updatedAt: str(d.lastUpdateTimeStamp) ?? '',
      type: incidentTypeFrom(inc.incidentTypeInternalCode, registry as string),
      typeText: str(inc.incidentTypeInternalText) ?? (registry as string),
      level,
      status: ourStatus ?? statusText,
      location,
      callerNumbers: arr(d.callbackComponent)
        .flatMap((c) => arr(obj(c).callBackInformationUri).map(str))
        .filter((u): u is string => !!u && u.startsWith('tel:'))
        .map((u) => u.slice(4)),
      notes: arr(d.notesComponent)
        .map(obj)
        .map((n) => ({ id: str(n.$id) ?? '', at: str(n.lastUpdateTimeStamp) ?? '', text: plain(str(n.notesActionComments) ?? '') })),
      units: arr(d.emergencyResourceComponent)
        .map(obj)
        .map((u) => {
          const internal = arr(u.unitStatusInternal).map(str)[0];
          const registryStatus = str(u.primaryUnitStatusRegistryText) ?? '';
          const mapped = Object.entries(EIDO_UNIT_STATUS).find(([, v]) => v === registryStatus)?.[0];
          return {
            id: str(u.$id) ?? '',
            name: str(u.emergencyResourceName) ?? str(u.$id) ?? '',
            status: internal ?? mapped ?? registryStatus,
            eta: str(u.eta),
          };
        }),
    },
  };
}
