import { Db } from '../infra/db/unit-of-work';
import { notFound } from '../common/errors';
import { AssignmentRepository } from './assignment.repository';
import { IncidentRepository } from './incident.repository';

/** Every unit id a timeline entry names: its actor (unit:N), the unit it is about, the units it assigned, a replacement. */
export function unitIdsOf(e: { actor: string; before: unknown; after: unknown }): number[] {
  const ids: number[] = [];
  const m = /^unit:(\d+)$/.exec(e.actor);
  if (m) ids.push(Number(m[1]));
  for (const side of [e.before, e.after] as Array<Record<string, unknown> | null>) {
    if (!side || typeof side !== 'object') continue;
    if (typeof side.unitId === 'number') ids.push(side.unitId);
    if (Array.isArray(side.units)) for (const u of side.units as Array<{ unitId?: unknown }>) if (typeof u?.unitId === 'number') ids.push(u.unitId);
    const r = side.replacedBy as { unitId?: unknown } | null | undefined;
    if (typeof r?.unitId === 'number') ids.push(r.unitId);
  }
  return ids;
}

/** An incident with its callers, the units on it (status, ETA, acknowledgement, time on scene) and its timeline (with its units' status reports), with the names of the units it mentions. */
export async function incidentDetail(db: Db, id: number) {
  const repo = db.get(IncidentRepository);
  const incident = await repo.byId(id);
  if (!incident) throw notFound(`incident ${id}`);
  // the record's own entries and, in time order among them, what its units reported while on it
  // (a report and what it caused share the transaction's time: the report first)
  const timeline = [...(await repo.timeline(id)), ...(await repo.unitStatusesOn(id))].sort(
    (a, b) => new Date(a.at).getTime() - new Date(b.at).getTime() || Number(b.action === 'unit_status') - Number(a.action === 'unit_status'),
  );
  const ids = [...new Set(timeline.flatMap(unitIdsOf))];
  const names = await repo.unitNames(ids);
  return {
    ...incident,
    callers: await repo.callers(id),
    assignments: await db.get(AssignmentRepository).activeFor(id),
    timeline,
    unitNames: Object.fromEntries(names.map((u) => [u.id, u.name])),
  };
}
