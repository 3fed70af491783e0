import type { Capability } from '@gan119/resources';
import { Snap } from '@gan119/geo';
import { nearestPerLine } from '@gan119/dispatch';
import { findCandidates } from './candidates';
import { IncidentRepository } from './incident.repository';
import { Deps } from './recommend-units';

export type Replacement = { unitId: number; name: string; etaS: number; crossJurisdiction: boolean } | null;

/** The next-best unit for one capability of an incident, leaving out the given units (by road ETA). */
export async function proposeReplacement(deps: Deps, incidentId: number, capability: Capability, exclude: number[]): Promise<Replacement> {
  const incident = await deps.db.get(IncidentRepository).byId(incidentId);
  if (!incident || incident.state === 'closed') return null;
  const target = deps.routing.trySnap([incident.lon, incident.lat]);
  if (!target) return null;
  const line = [{ capability, count: 1 }];
  // the nearest few by straight line, timed by road (a replacement is proposed, the dispatcher decides)
  const units = nearestPerLine(
    line,
    (await findCandidates(deps.db, deps.avl, [incident.lon, incident.lat], line, { includeReturning: true })).filter((u) => !exclude.includes(u.unitId)),
  );
  const placed = units
    .map((u) => ({ u, s: deps.routing.trySnap(u.at) }))
    .filter((x): x is { u: (typeof units)[number]; s: Snap & { edgeId: number } } => x.s !== null);
  const { times } = deps.routing.manyToOne(
    target,
    placed.map((x) => x.s),
    { paths: false },
  );
  let best: Replacement = null;
  placed.forEach(({ u }, i) => {
    const t = times[i];
    if (!t) return;
    const eta = (u.status === 'returning' ? 0 : u.turnoutS) + t.seconds;
    if (!best || eta < best.etaS) best = { unitId: u.unitId, name: u.name, etaS: eta, crossJurisdiction: u.cityAdcode !== incident.cityAdcode };
  });
  return best;
}
