import { INCIDENT_TYPE_LABELS, IncidentState, IncidentSummary, IncidentType } from '@gan119/dispatch';
import { OUR_AGENCY_ID, OUR_ISSUING_ELEMENT, ourIncidentUrn, PARTNER_KIND_LABELS, PartnerKind, partnerAgencyId } from './agencies';
import type { EidoAgency, EidoDocument, EidoNote, EidoPrologue, EidoResource } from './eido-types';
import { pidfLo } from './pidf';
import { xmlText } from './xml';

/** An incident as the record holds it, in the plain shape the EIDO mapping reads. */
export type IncidentSnapshot = Omit<IncidentSummary, 'callFacts'> & {
  updatedAt: string;
  /** who took it (a dispatcher's login, or the partner that transferred it) */
  createdBy: string;
  callers: Array<{ number: string | null; source: string; reportedAt: string }>;
  units: Array<{ unitId: number; name: string; kind: string; status: string; assignedAt: string; etaAt: string | null }>;
  /** notes on the timeline; a partner's carry its id (stamped as theirs, and never sent back to them) */
  notes: Array<{ id: string; at: string; by: string; text: string; partnerId?: string | null }>;
  /** the agencies party to it: those asked for help (with what) and the one it came from */
  partners: Array<{ id: string; kind: PartnerKind; name: string; request?: { id: number; kind: string; note: string; at: string } }>;
};

/** Our incident types in the EIDO incident type registry's terms (our own code travels beside it). */
export const EIDO_INCIDENT_TYPES: Record<IncidentType, string> = {
  building_fire: 'Fire.Structure',
  high_rise_fire: 'Fire.Structure.HighRise',
  hazmat: 'HazMat',
  traffic: 'Traffic.Collision',
  earthquake: 'Disaster.Earthquake',
  flood: 'Rescue.Water',
  mountain_rescue: 'Rescue.Technical',
  social_assistance: 'PublicService',
  other_fire: 'Fire.Other',
};

export const EIDO_INCIDENT_STATUS: Record<IncidentState, string> = {
  new: 'Received',
  dispatched: 'Dispatched',
  on_scene: 'OnScene',
  under_control: 'UnderControl',
  closed: 'Closed',
};

export const EIDO_UNIT_STATUS: Record<string, string> = {
  dispatched: 'Dispatched',
  en_route: 'Enroute',
  on_scene: 'OnScene',
  returning: 'Returning',
  available: 'Available',
  out_of_service: 'OutOfService',
};

function resourceType(kind: string): string {
  if (kind.startsWith('aerial')) return 'Ladder';
  if (kind.endsWith('_tender')) return 'Engine';
  if (kind === 'hazmat' || kind === 'decontamination') return 'HazMat';
  if (kind === 'heavy_rescue') return 'Rescue';
  if (kind === 'command') return 'Command';
  if (kind.endsWith('_team') || kind === 'mobile_brigade') return 'Team';
  return 'Support';
}

/** Notes are HTML5 in EIDO: the text escaped, line breaks kept. */
function noteHtml(text: string): string {
  return xmlText(text).replace(/\n/g, '<br>');
}

/**
 * The incident as one EIDO: the incident component (type in the registry's terms and ours, 火警分级
 * as the internal priority, status), its location as PIDF-LO with the civic address, the callers and
 * how to call them back, our units as emergency resources under one dispatch component, every party
 * agency (with a dispatch component per request made of it) and the notes. Each component is stamped
 * with when it last changed and by which agency.
 */
export function incidentToEido(s: IncidentSnapshot, now: string): EidoDocument {
  const root = ourIncidentUrn(s.id);
  const us = { $ref: OUR_AGENCY_ID };
  const stamp = (id: string, at: string): EidoPrologue => ({ $id: id, lastUpdateTimeStamp: at, updatedByAgencyReference: us });
  const agentId = (login: string) => `${login.replace(/[^\w.@-]/g, '_')}@${OUR_AGENCY_ID}`;
  const agents = new Map<string, string>([[s.createdBy, s.reportedAt]]);
  for (const n of s.notes) if (!n.partnerId && !agents.has(n.by)) agents.set(n.by, n.at);

  const notes: EidoNote[] = s.notes.map((n) =>
    n.partnerId
      ? {
          $id: `${root}:note:${n.id}`,
          lastUpdateTimeStamp: n.at,
          updatedByAgencyReference: { $ref: partnerAgencyId(n.partnerId) },
          notesActionComments: noteHtml(n.text),
        }
      : { ...stamp(`${root}:note:${n.id}`, n.at), notesActionComments: noteHtml(n.text), agentReference: { $ref: agentId(n.by) } },
  );
  const requestNotes: EidoNote[] = s.partners
    .filter((p) => p.request)
    .map((p) => {
      const r = p.request as NonNullable<typeof p.request>;
      return { ...stamp(`${root}:request:${r.id}`, r.at), notesActionComments: noteHtml(r.note ? `[${r.kind}] ${r.note}` : `[${r.kind}]`) };
    });
  const resources: EidoResource[] = s.units.map((u) => ({
    ...stamp(`${root}:unit:${u.unitId}`, u.assignedAt),
    emergencyResourceTypeCommonRegistryText: resourceType(u.kind),
    emergencyResourceTypeInternalText: u.kind,
    resourceAttributeRegistryText: [],
    emergencyResourceName: u.name,
    primaryUnitStatusRegistryText: EIDO_UNIT_STATUS[u.status] ?? 'Other',
    secondaryUnitStatusRegistryText: [],
    unitStatusInternal: [u.status],
    agentReference: [],
    ...(u.etaAt ? { eta: u.etaAt } : {}),
  }));
  // one agency component per partner, however many requests were made of it
  const parties = [...new Map(s.partners.map((p) => [p.id, { ...p, request: s.partners.find((q) => q.id === p.id && q.request)?.request }])).values()];
  const partnerAgencies: EidoAgency[] = parties.map((p) => ({
    ...stamp(partnerAgencyId(p.id), s.updatedAt),
    agencyRoleDescriptionRegistryText: [p.request ? 'Responding' : 'CallReceiving'],
    agencyType: [PARTNER_KIND_LABELS[p.kind].eidoAgencyType],
    agencyJcard: p.name,
    incidentOwningAgencyIndicator: false,
  }));
  const callbacks = s.callers.filter((c) => c.number);
  const civic = { country: 'CN', a1: '江西省', a2: s.cityName ?? undefined, a3: s.countyName ?? undefined, loc: s.address ?? undefined };
  return {
    ...stamp(root, s.updatedAt),
    eidoVersion: '1.0',
    issuingElementIdentification: OUR_ISSUING_ELEMENT,
    incidentComponent: {
      ...stamp(`${root}:incident`, s.updatedAt),
      incidentTypeCommonRegistryText: EIDO_INCIDENT_TYPES[s.type],
      incidentTypeInternalCode: s.type,
      incidentTypeInternalText: INCIDENT_TYPE_LABELS[s.type].zh,
      incidentStatusCommonRegistryText: [EIDO_INCIDENT_STATUS[s.state]],
      incidentStatusInternalText: [s.state],
      internalIncidentId: String(s.id),
      incidentPriorityInternalText: String(s.level),
      locationReference: [{ $ref: `${root}:location` }],
      agentReference: [...agents.keys()].map((a) => ({ $ref: agentId(a) })),
      notesReference: notes.map((n) => ({ $ref: n.$id })),
    },
    callComponent: s.callers.map((c, i) => ({
      ...stamp(`${root}:call:${i + 1}`, c.reportedAt),
      callStateRegistryText: 'callEnded',
      standardPrimaryCallType: 'emergency',
      direction: 'incoming',
      callStartTimestamp: c.reportedAt,
      ...(c.number ? { callBackReference: { $ref: `${root}:callback:${i + 1}` } } : {}),
    })),
    callbackComponent: callbacks.map((c) => ({
      ...stamp(`${root}:callback:${s.callers.indexOf(c) + 1}`, c.reportedAt),
      callBackInformationUri: [`tel:${(c.number as string).replace(/[^\d+]/g, '')}`],
    })),
    dispatchComponent: [
      ...(resources.length
        ? [{ ...stamp(`${root}:dispatch:fire`, s.updatedAt), agencyReference: us, emergencyResourceReference: resources.map((r) => ({ $ref: r.$id })) }]
        : []),
      ...s.partners
        .filter((p) => p.request)
        .map((p) => ({
          ...stamp(`${root}:dispatch:${p.id}:${p.request?.id}`, p.request?.at ?? now),
          agencyReference: { $ref: partnerAgencyId(p.id) },
          notesReference: [{ $ref: `${root}:request:${p.request?.id}` }],
        })),
    ],
    notesComponent: [...notes, ...requestNotes],
    emergencyResourceComponent: resources,
    agencyComponent: [
      {
        ...stamp(OUR_AGENCY_ID, s.reportedAt),
        agencyRoleDescriptionRegistryText: ['Dispatching'],
        agencyType: ['fire'],
        agencyJcard: '江西省消防救援总队 119 指挥中心',
        incidentOwningAgencyIndicator: true,
      },
      ...partnerAgencies,
    ],
    agentComponent: [...agents.entries()].map(([a, at]) => ({ ...stamp(agentId(a), at), agentRoleRegistryText: ['Dispatcher'], agencyReference: us })),
    locationComponent: [
      {
        ...stamp(`${root}:location`, s.reportedAt),
        locationTypeDescriptionRegistryText: 'Incident',
        locationByValue: pidfLo(root, { lon: s.lon, lat: s.lat, civic }),
        ...(s.address ? { locationDescriptionText: s.address } : {}),
      },
    ],
  };
}
