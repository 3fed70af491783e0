/**
 * The parts of a NENA EIDO (NENA-STA-021.1a, JSON) this system writes and reads. Every component
 * carries the prologue: `$id`, `lastUpdateTimeStamp` and `updatedByAgencyReference` (the owning agency).
 */
export type EidoRef = { $ref: string };
export type EidoPrologue = { $id: string; lastUpdateTimeStamp: string; updatedByAgencyReference: EidoRef; updatedByAgentReference?: EidoRef };

export type EidoAgency = EidoPrologue & {
  agencyRoleDescriptionRegistryText: string[];
  agencyType: string[];
  agencyJcard?: string;
  incidentOwningAgencyIndicator?: boolean;
};
export type EidoAgent = EidoPrologue & { agentRoleRegistryText: string[]; agencyReference: EidoRef };
export type EidoNote = EidoPrologue & { notesActionComments: string; agentReference?: EidoRef };
export type EidoLocation = EidoPrologue & {
  locationTypeDescriptionRegistryText: string;
  locationByValue?: string;
  locationDescriptionText?: string;
};
export type EidoIncident = EidoPrologue & {
  incidentTypeCommonRegistryText: string;
  incidentTypeInternalCode?: string;
  incidentTypeInternalText?: string;
  incidentStatusCommonRegistryText?: string[];
  incidentStatusInternalText?: string[];
  internalIncidentId?: string;
  incidentPriorityInternalText?: string;
  locationReference?: EidoRef[];
  agentReference?: EidoRef[];
  notesReference?: EidoRef[];
};
export type EidoResource = EidoPrologue & {
  emergencyResourceTypeCommonRegistryText: string;
  emergencyResourceTypeInternalText?: string;
  resourceAttributeRegistryText: string[];
  emergencyResourceName?: string;
  primaryUnitStatusRegistryText: string;
  secondaryUnitStatusRegistryText: string[];
  unitStatusInternal?: string[];
  agentReference: EidoRef[];
  eta?: string;
};
export type EidoDispatch = EidoPrologue & {
  agencyReference?: EidoRef;
  agentReference?: EidoRef;
  emergencyResourceReference?: EidoRef[];
  notesReference?: EidoRef[];
};
export type EidoCall = EidoPrologue & {
  callStateRegistryText: string;
  standardPrimaryCallType: string;
  direction: string;
  callStartTimestamp: string;
  callBackReference?: EidoRef;
};
export type EidoCallback = EidoPrologue & { callBackInformationUri?: string[] };

export type EidoDocument = EidoPrologue & {
  eidoVersion: '1.0';
  issuingElementIdentification: string;
  incidentComponent?: EidoIncident;
  callComponent?: EidoCall[];
  callbackComponent?: EidoCallback[];
  dispatchComponent?: EidoDispatch[];
  notesComponent?: EidoNote[];
  emergencyResourceComponent?: EidoResource[];
  agencyComponent: EidoAgency[];
  agentComponent?: EidoAgent[];
  locationComponent?: EidoLocation[];
};
