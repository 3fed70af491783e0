import { DataSource } from 'typeorm';

async function created<T>(url: string, path: string, body: unknown): Promise<T> {
  const r = await fetch(`${url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** A building-fire phone call in central Nanchang at `level`, over REST (demo mode: no login); its incident id. */
export async function newCall(url: string, level = 1): Promise<number> {
  const { incident } = await created<{ incident: { id: number } }>(url, '/incidents', {
    type: 'building_fire',
    level,
    location: { lon: 115.8873, lat: 28.6799, crs: 'WGS84' },
    source: 'phone',
  });
  return incident.id;
}

/** Such a call, and `units` assigned to it for water. */
export async function callAndAssign(url: string, units: number[], level = 1): Promise<{ incidentId: number; orderIds: string[] }> {
  const incidentId = await newCall(url, level);
  const r = await created<{ assignments: Array<{ orderId: string }> }>(url, `/incidents/${incidentId}/assignments`, {
    units: units.map((unitId) => ({ unitId, capability: 'water' })),
  });
  return { incidentId, orderIds: r.assignments.map((a) => a.orderId) };
}

/** How many times each of these orders was escalated (the timeline is the record): one row per escalated order. */
export async function escalationCounts(ds: DataSource, orderIds: string[]): Promise<Array<{ id: string; n: number }>> {
  return (await ds.query(
    `SELECT after->>'orderId' AS id, count(*)::int AS n FROM incident_event WHERE action = 'order_unacknowledged' AND after->>'orderId' = ANY($1) GROUP BY 1 ORDER BY 1`,
    [orderIds],
  )) as Array<{ id: string; n: number }>;
}

/** Available water tenders, newest first: `n` of them, skipping `offset`. */
export async function freeTenders(ds: DataSource, n: number, offset = 0): Promise<number[]> {
  return (
    (await ds.query(`SELECT id FROM unit WHERE status = 'available' AND kind = 'water_tender' ORDER BY id DESC OFFSET $2 LIMIT $1`, [n, offset])) as Array<{
      id: number;
    }>
  ).map((r) => r.id);
}

/** Units with more than one active assignment (the database refuses it; this proves it held). */
export async function doublyAssigned(ds: DataSource): Promise<number[]> {
  return ((await ds.query(`SELECT unit_id FROM assignment WHERE status = 'active' GROUP BY unit_id HAVING count(*) > 1`)) as Array<{ unit_id: number }>).map(
    (r) => r.unit_id,
  );
}
