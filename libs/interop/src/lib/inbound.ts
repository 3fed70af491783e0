import { CRS_NAMES, CrsName } from '@gan119/geo';
import { INCIDENT_LEVELS, INCIDENT_TYPE_LABELS, IncidentLevel, IncidentType, isIncidentType } from '@gan119/dispatch';
import type { EidoIncidentView, EidoProblem } from './eido-import';
import { incidentTypeFrom } from './eido-import';
import { isPartnerStatus, PartnerStatus, statusFromReport } from './partner-link';

/** A partner's message in our terms, whichever format it came in (EIDO or the simple JSON). */
export type InboundMessage = {
  theirIncidentId: string;
  /** our incident it is about (an update to a request we made), when it says so */
  ourIncidentId: number | null;
  /** when the sender last changed it (the last-writer rule orders by it) */
  at: string;
  /** what a new incident needs (a transfer); null in a pure status update */
  incident: {
    type: IncidentType;
    level: IncidentLevel;
    lon: number;
    lat: number;
    crs: CrsName;
    address: string | null;
    callerNumber: string | null;
    typeText: string;
  } | null;
  status: PartnerStatus | null;
  unitsEnRoute: number;
  unitsOnScene: number;
  notes: Array<{ id: string; at: string; text: string }>;
};

export function inboundFromEido(v: EidoIncidentView): InboundMessage {
  const statuses = v.units.map((u) => u.status);
  return {
    theirIncidentId: v.eidoId,
    ourIncidentId: v.ourIncidentId,
    at: v.updatedAt,
    incident: v.location
      ? {
          type: v.type,
          level: v.level,
          lon: v.location.lon,
          lat: v.location.lat,
          crs: 'WGS84',
          address: v.location.address,
          callerNumber: v.callerNumbers[0] ?? null,
          typeText: v.typeText,
        }
      : null,
    status: v.units.length || v.status ? statusFromReport(v.status, statuses) : null,
    unitsEnRoute: statuses.filter((s) => s === 'en_route' || s === 'dispatched').length,
    unitsOnScene: statuses.filter((s) => s === 'on_scene').length,
    notes: v.notes.filter((n) => n.text),
  };
}

const SIMPLE_FIELDS = new Set([
  'theirIncidentId',
  'ourIncidentId',
  'updatedAt',
  'type',
  'level',
  'location',
  'address',
  'callerNumber',
  'note',
  'status',
  'unitsEnRoute',
  'unitsOnScene',
]);
const MAX_TEXT = 2000;

/**
 * The simple JSON for partners without EIDO (docs/INTEROP.md): a transfer names its incident id,
 * type, location and optionally level, address, caller and a note; an update names their id (or our
 * incident's number) and its status and units. Every problem is named by its field.
 */
export function parseSimpleMessage(body: unknown): { message: InboundMessage } | { problems: EidoProblem[] } {
  const problems: EidoProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { problems: [{ field: '(body)', message: 'must be a JSON object' }] };
  const b = body as Record<string, unknown>;
  for (const k of Object.keys(b)) if (!SIMPLE_FIELDS.has(k)) bad(k, 'is not a field of the simple format');
  const text = (k: string, max: number, required: boolean): string | null => {
    const v = b[k];
    if (v === undefined || v === null) {
      if (required) bad(k, 'is required');
      return null;
    }
    if (typeof v !== 'string' || !v.trim() || v.length > max) {
      bad(k, `must be text of 1–${max} characters`);
      return null;
    }
    return v.trim();
  };
  const count = (k: string): number => {
    const v = b[k];
    if (v === undefined) return 0;
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 500) bad(k, 'must be a whole number 0–500');
    return Number.isInteger(v) ? (v as number) : 0;
  };
  const theirIncidentId = text('theirIncidentId', 200, true) ?? '';
  const updatedAt = text('updatedAt', 40, true);
  if (updatedAt !== null && !(Number.isFinite(Date.parse(updatedAt)) && /T.*(Z|[+-]\d\d:\d\d)$/.test(updatedAt)))
    bad('updatedAt', 'must be an ISO 8601 time with its offset');
  const our = b.ourIncidentId;
  if (our !== undefined && !(Number.isSafeInteger(our) && (our as number) > 0))
    bad('ourIncidentId', 'must be one of our incident numbers (a positive whole number)');
  const status = b.status;
  if (status !== undefined && !isPartnerStatus(status)) bad('status', 'must be one of acknowledged, en_route, on_scene, closed, declined');
  const typeRaw = text('type', 60, false);
  const level = b.level;
  if (level !== undefined && !(INCIDENT_LEVELS as readonly unknown[]).includes(level)) bad('level', 'must be 1–5 (火警分级)');
  let incident: InboundMessage['incident'] = null;
  if (b.location !== undefined) {
    const l = b.location as Record<string, unknown> | null;
    const crs = l?.crs ?? 'WGS84';
    if (!l || typeof l !== 'object' || typeof l.lon !== 'number' || typeof l.lat !== 'number' || !Number.isFinite(l.lon) || !Number.isFinite(l.lat))
      bad('location', 'must be {lon, lat, crs?} with numbers');
    else if (Math.abs(l.lat) > 90 || Math.abs(l.lon) > 180) bad('location', 'lon must be within ±180 and lat within ±90');
    else if (!(CRS_NAMES as readonly unknown[]).includes(crs)) bad('location.crs', `must be one of ${CRS_NAMES.join(', ')}`);
    else if (!typeRaw) bad('type', 'a transfer with a location needs its type');
    else
      incident = {
        type: isIncidentType(typeRaw) ? typeRaw : incidentTypeFrom(null, typeRaw),
        level: (level as IncidentLevel | undefined) ?? 1,
        lon: l.lon,
        lat: l.lat,
        crs: crs as CrsName,
        address: null,
        callerNumber: null,
        typeText: isIncidentType(typeRaw) ? INCIDENT_TYPE_LABELS[typeRaw].zh : typeRaw,
      };
  }
  const address = text('address', 300, false);
  const callerNumber = text('callerNumber', 40, false);
  if (callerNumber && !/^[\d+\-() ]{3,40}$/.test(callerNumber)) bad('callerNumber', 'must be a telephone number');
  const note = text('note', MAX_TEXT, false);
  const unitsEnRoute = count('unitsEnRoute');
  const unitsOnScene = count('unitsOnScene');
  if (!incident && status === undefined && !note && b.location === undefined)
    bad('(body)', 'says nothing: a transfer needs type and location, an update a status or a note');
  if (problems.length) return { problems };
  const at = updatedAt as string;
  return {
    message: {
      theirIncidentId,
      ourIncidentId: (our as number | undefined) ?? null,
      at,
      incident: incident ? { ...incident, address, callerNumber } : null,
      status: (status as PartnerStatus | undefined) ?? null,
      unitsEnRoute,
      unitsOnScene,
      notes: note ? [{ id: `${theirIncidentId}:${at}`, at, text: note }] : [],
    },
  };
}
