import { statusChangeProblem, UnitStatus } from '@gan119/resources';
import { DataSource } from 'typeorm';
import { conflict, notFound } from '../common/errors';
import { ForcesRepository, UnitRow } from './forces.repository';

export type ChangeUnitStatus = { unitId: number; to: UnitStatus; reason?: string; expectedVersion?: number; by: string };

/** Moves a unit to another status if the status machine allows it; the move and its history in one transaction. */
export async function changeUnitStatus(ds: DataSource, cmd: ChangeUnitStatus): Promise<UnitRow> {
  return ds.transaction(async (tx) => {
    const repo = new ForcesRepository(tx);
    const unit = await repo.unit(cmd.unitId, tx, true);
    if (!unit) throw notFound(`unit ${cmd.unitId}`);
    if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== unit.version) {
      throw conflict('version_conflict', `unit ${unit.code} changed meanwhile (version ${unit.version}, expected ${cmd.expectedVersion})`, { version: unit.version, status: unit.status });
    }
    const problem = statusChangeProblem(unit.status, { to: cmd.to, reason: cmd.reason });
    if (problem) throw conflict('illegal_transition', `unit ${unit.code}: ${problem}`, { from: unit.status, to: cmd.to });
    await repo.setStatus(tx, unit, cmd.to, cmd.reason?.trim() || null, cmd.by);
    const after = await repo.unit(cmd.unitId, tx);
    if (!after) throw notFound(`unit ${cmd.unitId}`);
    return after;
  });
}
