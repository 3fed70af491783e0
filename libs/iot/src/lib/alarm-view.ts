/** An IoT alarm as the monitoring centre and the desk read it (GET /api/iot/alarms): the API answers it, the console shows it. */
export type IotAlarmView = {
  id: number;
  deviceId: string;
  deviceKind: string;
  sensor: string;
  floor: number | null;
  state: 'to_verify' | 'confirmed' | 'cancelled' | 'test';
  rule: string;
  flags: string[];
  verifyBy: string | null;
  incidentId: number | null;
  decidedBy: string | null;
  reason: string | null;
  raisedAt: string;
  building: {
    id: number;
    name: string;
    address: string | null;
    floors: number;
    dutyContact: { name?: string; phone?: string };
    keyUnit: string | null;
    preplan: string | null;
  } | null;
  cityAdcode: number | null;
  countyAdcode: number | null;
  lon: number;
  lat: number;
  falseAlarms30d: number;
};

/** A building with offline, faulty, low-battery or tampered terminals, as the monitoring centre lists it (GET /api/iot/troubles). */
export type BuildingTrouble = {
  buildingId: number | null;
  building: string | null;
  cityAdcode: number | null;
  countyAdcode: number | null;
  dutyContact: { name?: string; phone?: string };
  offline: number;
  faults: number;
  lowBattery: number;
  tampered: number;
  /** the oldest trouble: how long it has waited */
  since: string;
  devices: Array<{
    id: string;
    kind: string;
    floor: number | null;
    state: string;
    fault: string | null;
    batteryLow: boolean;
    tampered: boolean;
    since: string;
  }>;
};

/** The monitoring centre's counts (the tiles). */
export type IotSummary = { devices: number; offline: number; faults: number; lowBattery: number; toVerify: number; confirmed24h: number; cancelled24h: number };
