import { Injectable } from '@nestjs/common';
import { OUTSIDE_SERVICE_AREA, SERVICE_MARGIN_M } from '../common/service-area';
import { Db, Tx } from '../infra/db/unit-of-work';
import { conflict, DomainError } from '../common/errors';
import { importRows, refuseRows } from './import-file';
import { RosterRepository } from './roster.repository';
import { checkRow, duplicateCodes, REQUIRED_COLUMNS, RosterKind, RowError, StationIn, UnitIn, WaterIn } from './roster-rows';

export type ImportOutcome = { kind: RosterKind; rows: number; replacedDemo: number; total: number };

async function checkReferences(tx: Tx, kind: RosterKind, rows: Array<{ at: string; row: StationIn | UnitIn | WaterIn }>, errors: RowError[]): Promise<void> {
  if (kind === 'stations') {
    const areas = await tx.get(RosterRepository).adminAreas();
    for (const { at, row } of rows as Array<{ at: string; row: StationIn }>) {
      if (areas.get(row.cityAdcode)?.level !== 'city')
        errors.push({ at, field: 'city_adcode', message: `${row.cityAdcode} is not a city (支队) of the province` });
      const county = row.countyAdcode === null ? null : areas.get(row.countyAdcode);
      if (row.countyAdcode !== null && (county?.level !== 'county' || county.parent !== row.cityAdcode)) {
        errors.push({ at, field: 'county_adcode', message: `${row.countyAdcode} is not a county of city ${row.cityAdcode}` });
      }
    }
  }
  if (kind === 'units') {
    const codes = [...new Set((rows as Array<{ row: UnitIn }>).map((r) => r.row.stationCode))];
    const known = await tx.get(RosterRepository).stationCodes(codes);
    for (const { at, row } of rows as Array<{ at: string; row: UnitIn }>) {
      if (!known.has(row.stationCode)) errors.push({ at, field: 'station_code', message: `no station with code ${row.stationCode}` });
    }
  }
  if (kind !== 'units') {
    const pts = rows as Array<{ at: string; row: StationIn | WaterIn }>;
    for (const i of await tx.get(RosterRepository).outside(
      pts.map((p) => p.row),
      SERVICE_MARGIN_M,
    ))
      errors.push({ at: pts[i].at, field: 'lon/lat', message: OUTSIDE_SERVICE_AREA });
  }
}

/**
 * Imports stations, units or water sources from CSV or GeoJSON, replacing the demo records of that
 * kind. Every row is checked first; any bad row → 422 listing them by line, and nothing changes.
 */
export async function importRoster(db: Db, kind: RosterKind, body: unknown, contentType: string): Promise<ImportOutcome> {
  const raw = importRows(body, contentType, REQUIRED_COLUMNS[kind], kind !== 'units');
  if (raw.length === 0) throw new DomainError('bad_body', 'no rows to import', 400);
  const errors: RowError[] = [];
  const rows = raw
    .map((r) => ({ at: r.at, row: checkRow(kind, r, errors) }))
    .filter((r): r is { at: string; row: StationIn | UnitIn | WaterIn } => r.row !== null);
  duplicateCodes(
    rows.map((r) => ({ at: r.at, code: r.row.code })),
    errors,
  );
  return db.transaction(async (tx) => {
    await checkReferences(tx, kind, rows, errors);
    refuseRows(errors);
    const replaced = await write(
      tx,
      kind,
      rows.map((r) => r.row),
    );
    return { kind, rows: rows.length, replacedDemo: replaced, total: await tx.get(RosterRepository).count(kind) };
  });
}

/**
 * Takes the demo units (of demo stations only, when `ofDemoStations`) out of service for the real
 * roster: refused (409) while one is on an open incident; a demo unit the record refers to (past
 * assignments, orders, positions, an account) is kept but retired (out of service, never proposed);
 * the rest are deleted. Returns how many were removed or retired.
 */
async function retireDemoUnits(tx: Tx, ofDemoStations: boolean): Promise<number> {
  const repo = tx.get(RosterRepository);
  const busy = await repo.busyDemoUnits(ofDemoStations);
  if (busy.length) {
    throw conflict(
      'demo_units_busy',
      `demo units are still on open incidents (${busy.map((b) => `${b.code} on #${b.incident}`).join(', ')}): release them or close the incidents, then import`,
    );
  }
  return (await repo.retireReferencedDemoUnits(ofDemoStations)) + (await repo.deleteUnreferencedDemoUnits(ofDemoStations));
}

async function write(tx: Tx, kind: RosterKind, rows: Array<StationIn | UnitIn | WaterIn>): Promise<number> {
  const repo = tx.get(RosterRepository);
  if (kind === 'stations') {
    const units = await retireDemoUnits(tx, true);
    const n = await repo.deleteEmptyDemoStations();
    await repo.upsertStations(rows as StationIn[]);
    return n + units;
  }
  if (kind === 'units') {
    const n = await retireDemoUnits(tx, false);
    await repo.upsertUnits(rows as UnitIn[]);
    return n;
  }
  const n = await repo.deleteDemoWater();
  await repo.upsertWater(rows as WaterIn[]);
  return n;
}

/** The use case for the controller: one roster import. */
@Injectable()
export class RosterImport {
  constructor(private readonly db: Db) {}
  run(kind: RosterKind, body: unknown, contentType: string): Promise<ImportOutcome> {
    return importRoster(this.db, kind, body, contentType);
  }
}
