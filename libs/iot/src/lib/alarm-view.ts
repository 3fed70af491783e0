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
