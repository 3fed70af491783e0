import type { LonLat } from '@gan119/geo';
import type { CallFactEffect } from './call-facts';
import type { IncidentLevel, IncidentType } from './incident-kinds';
import type { IncidentState } from './incident-lifecycle';
import type { Candidate, Pick } from './recommend';
import type { Requirement } from './response-plans';

/** What the dispatcher must deal with: an order nobody acknowledged in time; a crew reporting itself free while still on an incident. */
export const DESK_ALERT_KINDS = ['unacknowledged', 'release_requested'] as const;
export type DeskAlertKind = (typeof DESK_ALERT_KINDS)[number];
/** How an alert was dealt with. */
export const DESK_ALERT_RESOLUTIONS = ['acked_late', 'replaced', 'released', 'closed', 'dismissed'] as const;
export type DeskAlertResolution = (typeof DESK_ALERT_RESOLUTIONS)[number];

/** An open alert as GET /api/alerts lists it: named by the unit's name and station. */
export type DeskAlert = {
  id: number;
  kind: DeskAlertKind;
  incidentId: number;
  unitId: number;
  orderId: string | null;
  unitName: string;
  unitCode: string;
  stationName: string;
  /** the capability the unit was sent for (unacknowledged orders) */
  capability: string | null;
  incidentType: IncidentType;
  incidentLevel: IncidentLevel;
  incidentAddress: string | null;
  createdAt: string;
  details: {
    /** the next-best unit for the same capability, for the dispatcher to send instead */
    proposal?: { unitId: number; name: string; etaS: number; crossJurisdiction: boolean } | null;
    /** the plan sent the proposal by itself (自动增派) */
    autoDispatched?: { unitId: number; orderId: string } | null;
    /** the status the crew reported (release requests) */
    reported?: string;
  };
};

/** An incident as the queue and the map list it. */
export type IncidentSummary = {
  id: number;
  type: IncidentType;
  level: IncidentLevel;
  state: IncidentState;
  lon: number;
  lat: number;
  address: string | null;
  cityName: string | null;
  countyName: string | null;
  reportedAt: string;
  /** 接警要素: what the caller said that changes the plan */
  callFacts?: CallFacts;
};

/** 接警要素: the call-taker's questions whose answers change the plan. */
export type CallFacts = {
  /** people trapped (被困人员), how many when known (0: none, null: not asked) */
  trapped?: number | null;
  /** the floor the fire or the people are on */
  floor?: number | null;
  /** the building's height in floors */
  buildingFloors?: number | null;
  hazards?: Array<'gas' | 'chemicals' | 'electricity'>;
  buildingUse?: 'residential' | 'commercial' | 'industrial' | 'warehouse' | 'public' | 'school' | 'hospital' | 'other' | null;
};

/** A unit on an incident, as the incident panel shows it. */
export type AssignedUnit = {
  unitId: number;
  unitName: string;
  stationName?: string;
  unitStatus: string;
  capability: string;
  etaS: number | null;
  crossJurisdiction: boolean;
  assignedAt: string;
  /** when the unit reported on scene for this incident */
  onSceneAt?: string | null;
  order: { id: string; state: string; ackedAt: string | null } | null;
};

/** A REST error: a stable code the console translates, the server's sentence, and what it names. */
export type ApiErrorBody = { statusCode: number; error: string; message: string | string[]; details?: Record<string, unknown> };

/** The assembly point (集结点) of a level 4–5 disaster: each team's ETA to it, then together to the scene. */
export type AssemblyPoint = {
  name: string;
  lon: number;
  lat: number;
  arrivals: Array<{ unitId: number; name: string; etaToAssemblyS: number | null }>;
  toSceneS: number | null;
  deployEtaS: number | null;
  route: { type: 'LineString'; coordinates: ReadonlyArray<LonLat> } | null;
};

/** A pick as the desk receives it: where the unit starts and its road route. */
export type RecommendedPick = Pick & {
  /** the live drill (演练) the unit is on: it is sent all the same, and its drill ends */
  drillId: number | null;
  from: { lon: number; lat: number; live: boolean } | null;
  route: { type: 'LineString'; coordinates: ReadonlyArray<LonLat> } | null;
};

/** POST /api/incidents/:id/recommendation: what the plan still needs and who covers it earliest. */
export type RecommendationResponse = {
  incident: { id: number; type: IncidentType; level: IncidentLevel; cityAdcode: number | null; cityName: string | null };
  plan: { requirements: Requirement[]; source: string; assembly: boolean; callFactReasons: CallFactEffect['reasons'] };
  alreadyAssigned: Array<{ unitId: number; name: string; capability: string; orderId: string | null; acked: boolean }>;
  needed: Requirement[];
  picks: RecommendedPick[];
  shortfall: Array<{ capability: string; wanted: number; found: number }>;
  notifyCities: Array<{ adcode: number; name: string }>;
  firstWaterEtaS: number | null;
  candidatesConsidered: number;
  candidates: Candidate[];
  assembly: AssemblyPoint | null;
  synthetic: boolean;
  /** what the ETAs are from: posted speeds, or a calibration learned from a response record (the desk says which) */
  eta: EtaBasis;
};

/** The ETAs' basis: a calibration (fitted on which record, over which days, from how many responses) or posted speeds. */
export type EtaBasis =
  | { calibrated: false }
  | {
      calibrated: true;
      calibrationId: number;
      region: string;
      source: string;
      trainFrom: string;
      trainTo: string;
      responses: number;
      fixedS: number;
      learnedTurnout: boolean;
    };
