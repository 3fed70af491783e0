import { Injectable } from '@nestjs/common';
import { OUTSIDE_SERVICE_AREA, SERVICE_MARGIN_M } from '../common/service-area';
import { DomainError } from '../common/errors';
import { Db } from '../infra/db/unit-of-work';
import { importRows, refuseRows } from '../roster/import-file';
import type { RowError } from '../roster/roster-rows';
import { RosterRepository } from '../roster/roster.repository';
import { checkDeviceRow, DEVICE_COLUMNS, DeviceIn, duplicateDevices } from './device-rows';
import { IotRegistryRepository } from './iot-registry.repository';

export type DeviceImport = { devices: number; created: number; updated: number; buildings: number };

/**
 * Registers terminals from CSV or GeoJSON (the roster's rule): every row is checked first — its own
 * fields, ids and addresses given twice, addresses other devices hold, points outside the service
 * area — and any bad row is a 422 naming each by line, with nothing changed. Then the buildings they
 * name and the devices are written in one transaction (a device already registered is updated).
 */
export async function importDevices(db: Db, body: unknown, contentType: string): Promise<DeviceImport> {
  const raw = importRows(body, contentType, DEVICE_COLUMNS, true);
  if (raw.length === 0) throw new DomainError('bad_body', 'no rows to import', 400);
  const errors: RowError[] = [];
  const rows = raw.map((r) => ({ at: r.at, row: checkDeviceRow(r, errors) })).filter((r): r is { at: string; row: DeviceIn } => r.row !== null);
  duplicateDevices(rows, errors);
  return db.transaction(async (tx) => {
    const registry = tx.get(IotRegistryRepository);
    const withAddress = rows.filter((r) => r.row.gbAddress !== null);
    const taken = await registry.addressesTaken(withAddress.map((r) => ({ id: r.row.id, gbAddress: r.row.gbAddress as string })));
    for (const r of withAddress) {
      const other = taken.get(r.row.gbAddress as string);
      if (other) errors.push({ at: r.at, field: 'gb_address', message: `${r.row.gbAddress} is already the address of device ${other}` });
    }
    for (const i of await tx.get(RosterRepository).outside(
      rows.map((r) => r.row),
      SERVICE_MARGIN_M,
    ))
      errors.push({ at: rows[i].at, field: 'lon/lat', message: OUTSIDE_SERVICE_AREA });
    refuseRows(errors);
    const devices = rows.map((r) => r.row);
    const buildings = await registry.upsertBuildings(devices);
    const n = await registry.upsertDevices(devices, (d) => buildings.get(`${d.building}|${d.address ?? ''}`) as number);
    await registry.recount();
    return { devices: devices.length, ...n, buildings: buildings.size };
  });
}

@Injectable()
export class DeviceImports {
  constructor(private readonly db: Db) {}
  run(body: unknown, contentType: string): Promise<DeviceImport> {
    return importDevices(this.db, body, contentType);
  }
}
