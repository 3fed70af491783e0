/**
 * The service area, one rule for every input that says where something is (an incident, a key unit,
 * a station or water source imported, a unit's position): Jiangxi's boundary and this margin around
 * it — GNSS error, roads that run along the border, an engine refuelling just over it. A place in the
 * margin belongs to the nearest city and county (for the jurisdiction rule).
 */
export const SERVICE_MARGIN_M = 5000;

export const OUTSIDE_SERVICE_AREA = `outside the service area (Jiangxi and ${SERVICE_MARGIN_M / 1000} km around it)`;
