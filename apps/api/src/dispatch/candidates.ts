import { ForcesRepository, FreeUnit } from '../forces/forces.repository';
import { Capability, DISPATCHABLE_STATUSES } from '@gan119/resources';
import { haversineM, LonLat } from '@gan119/geo';
import { Db } from '../infra/db/unit-of-work';
import { AvlService } from '../forces/avl.service';

/** A free unit where it is now (its live position when fresh, else its station) and how far from the incident in a straight line. */
export type UnitAt = Omit<FreeUnit, 'lon' | 'lat'> & { at: LonLat; live: boolean; straightM: number };

/**
 * Units that could be sent now: dispatchable status (available; returning when asked), not on an
 * active assignment; at their live AVL position when it is fresh, else at their station. For each
 * capability asked only the nearest by straight line are kept — three times the count wanted plus
 * six — and the road ETA ranks those: a road detour rarely beats that margin, and every unit more
 * widens the search.
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
  const rows = await db.get(ForcesRepository).freeUnits(statuses, capabilities);
  const live = new Map((await avl.live()).filter((p) => !p.stale).map((p) => [p.unitId, p]));
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
      cityAdcode: r.cityAdcode,
      cityName: r.cityName,
      at,
      live: !!p,
      straightM: haversineM(at, incident),
    };
  });
  const keep = new Set<number>();
  for (const w of wanted) {
    all
      .filter((u) => u.capabilities.includes(w.capability))
      .sort((a, b) => a.straightM - b.straightM)
      .slice(0, w.count * 3 + 6)
      .forEach((u) => keep.add(u.unitId));
  }
  return all.filter((u) => keep.has(u.unitId));
}
