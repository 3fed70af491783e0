import { statusChangeProblem, UnitStatus } from '@gan119/resources';
import { DataSource } from 'typeorm';
import { conflict, notFound } from '../common/errors';
import { ForcesRepository, UnitRow } from './forces.repository';

const FREE: readonly UnitStatus[] = ['available', 'out_of_service', 'in_drill'];

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
    if (FREE.includes(cmd.to)) {
      // a unit on an incident is freed by the incident (release or close), not by a status button
      const [on] = (await tx.query(`SELECT incident_id AS id FROM assignment WHERE unit_id = $1 AND status = 'active'`, [unit.id])) as Array<{ id: number }>;
      if (on) throw conflict('still_assigned', `unit ${unit.code} is still assigned to incident ${on.id}: the dispatcher releases it`, { incidentId: on.id });
    }
    await repo.setStatus(tx, unit, cmd.to, cmd.reason?.trim() || null, cmd.by);
    const after = await repo.unit(cmd.unitId, tx);
    if (!after) throw notFound(`unit ${cmd.unitId}`);
    return after;
  });
}
