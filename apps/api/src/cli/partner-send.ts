import 'reflect-metadata';
import { randomUUID } from 'crypto';
import { parseArgs } from 'util';
import { INCIDENT_TYPES, isIncidentType } from '@gan119/dispatch';
import { configFromProcess } from '../config/env';
import { withDb } from '../infra/db/data-source';
import { AdminAreaRepository } from '../admin-areas/admin-area.repository';
import { PartnerRepository } from '../partners/partner.repository';
import { signedHeaders } from '../partners/signature';

const ADDRESSES = ['沿江大道与八一大道交叉口', '高新区火炬大街 88 号', '昌北机场高速 12 公里处', '老城区胜利路步行街', '经开区工业园 3 号厂房'];

/**
 * Sends a transfer (转警) as a partner agency would, signed with its key from the database: `npm run
 * partner-send -- 360100-110 [--type traffic] [--lon 115.9 --lat 28.68] [--note …]` (default: a
 * traffic accident near the partner's city seat). Prints our acknowledgement. For trying the desk.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { type: { type: 'string' }, lon: { type: 'string' }, lat: { type: 'string' }, note: { type: 'string' }, level: { type: 'string' } },
  });
  const id = positionals[0];
  if (!id) throw new Error('name the partner: npm run partner-send -- 360100-110 (GET /api/partners lists them)');
  const type = values.type ?? 'traffic';
  if (!isIncidentType(type)) throw new Error(`--type: one of ${INCIDENT_TYPES.join(', ')}`);
  const config = configFromProcess({ ROLE: 'worker' });
  const { partner, seat } = await withDb(config, async (db) => {
    const p = await db.get(PartnerRepository).partner(id);
    const seats = (await db.get(AdminAreaRepository).seatsAndProvince()).seats;
    return { partner: p, seat: seats.find((s) => s.adcode === p?.cityAdcode)?.lonLat ?? [115.8921, 28.6765] };
  });
  if (!partner) throw new Error(`no partner ${id} (npm run up seeds the demo's: 360100-110, 360100-120 …)`);
  const jitter = () => (Math.random() - 0.5) * 0.04;
  const body = JSON.stringify({
    theirIncidentId: `${id.toUpperCase()}-${Date.now()}`,
    updatedAt: new Date().toISOString(),
    type,
    level: Number(values.level ?? 2),
    location: { lon: Number(values.lon ?? seat[0] + jitter()), lat: Number(values.lat ?? seat[1] + jitter()), crs: 'WGS84' },
    address: ADDRESSES[Math.floor(Math.random() * ADDRESSES.length)],
    callerNumber: '13900000001',
    note: values.note ?? '报警人称有人被困，请消防救援',
  });
  const path = '/api/partners/inbox/simple';
  const r = await fetch(`http://${config.http.host}:${config.http.port}${path}`, {
    method: 'POST',
    headers: signedHeaders(id, partner.secret, { path, idempotencyKey: randomUUID(), body }),
    body,
  });
  console.log(`${r.status} ${await r.text()}`);
  if (!r.ok) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
