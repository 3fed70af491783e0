import { ForcesRepository, FreeUnit } from '../forces/forces.repository';
import { Capability, DISPATCHABLE_STATUSES } from '@gan119/resources';
import { haversineM, LonLat } from '@gan119/geo';
import { Db } from '../infra/db/unit-of-work';
import { AvlService } from '../forces/avl.service';

/** A free unit where it is now (its live position when fresh, else its station) and how far from the incident in a straight line. */
export type UnitAt = Omit<FreeUnit, 'lon' | 'lat'> & { at: LonLat; live: boolean; straightM: number };

/**
 * Units that could be sent now: dispatchable status (available; returning when asked), not on an
 * active assignment, with a capability asked; at their live AVL position when it is fresh, else at
 * their station; nearest first by straight line. The caller times by road the nearest few per line
 * (nearestPerLine) and then any other that could still beat them (couldBeatPicks).
 */
export async function findCandidates(
  db: Db,
  avl: AvlService,
  incident: LonLat,
  wanted: ReadonlyArray<{ capability: Capability; count: number }>,
  opts: { includeReturning: boolean },
): Promise<UnitAt[]> {
  const capabilities = wanted.map((w) => w.capability);
  const statuses = DISPATCHABLE_STATUSES.filter((s) => s !== 'returning' || opts.includeReturning).filter((s) => s !== 'in_drill');
  const [rows, positions] = await Promise.all([db.get(ForcesRepository).freeUnits(statuses, capabilities), avl.live()]);
  const live = new Map(positions.filter((p) => !p.stale).map((p) => [p.unitId, p]));
  const all: UnitAt[] = rows.map((r) => {
    const p = live.get(r.unitId);
    const at: LonLat = p ? [p.lon, p.lat] : [r.lon, r.lat];
    return {
      unitId: r.unitId,
      name: r.name,
      kind: r.kind,
      status: r.status,
      capabilities: r.capabilities,
      turnoutS: r.turnoutS,
      stationCode: r.stationCode,
      cityAdcode: r.cityAdcode,
      cityName: r.cityName,
      drillId: r.drillId,
      at,
      live: !!p,
      straightM: haversineM(at, incident),
    };
  });
  return all.sort((a, b) => a.straightM - b.straightM);
}
