import { LonLat, RoadGraph, Snap, timeAtPoint } from '@gan119/geo';
import { Capability, UNIT_KINDS, UnitKind } from '@gan119/resources';
import type { CoverageStation } from './coverage.repository';

/** A start of a coverage search: a point on the road and the seconds already spent there (turnout, when counted). */
export type Start = { at: Snap; startSeconds: number };

/** A station's turnout when the user includes it: the quickest of its units' kinds (the first engine out). */
export const turnoutOf = (s: CoverageStation) => Math.min(60, ...s.kinds.map((k) => UNIT_KINDS[k as UnitKind]?.turnoutS ?? 60));
export const capabilitiesOf = (s: CoverageStation) => new Set(s.kinds.flatMap((k) => (UNIT_KINDS[k as UnitKind]?.capabilities ?? []) as readonly Capability[]));

/** The starts on each edge (where on it, and how many seconds in): a point on the same edge is reached straight along it. */
export function onEdgeIndex(from: readonly Start[]): Map<number, Array<{ fraction: number; seconds: number }>> {
  const out = new Map<number, Array<{ fraction: number; seconds: number }>>();
  for (const x of from) {
    const list = out.get(x.at.edge) ?? [];
    list.push({ fraction: x.at.fraction, seconds: x.startSeconds });
    out.set(x.at.edge, list);
  }
  return out;
}

/**
 * The time at a point on the road from a search's node times (from `starts`, up to `upTo`): a time past
 * the search's limit is not known (the edge's far end, not searched, may be nearer) and is Infinity.
 */
export function timeAt(graph: RoadGraph, times: Float64Array, onEdge: ReturnType<typeof onEdgeIndex>, upTo: number, at: Snap | null): number {
  const seconds = at ? timeAtPoint(graph, times, at, onEdge.get(at.edge)) : Infinity;
  return seconds <= upTo ? seconds : Infinity;
}

/** Positions snapped to the road (null: farther than `maxM` from any). */
export const snapper =
  (nearest: (p: LonLat, maxM: number) => Snap | null, maxM: number) =>
  (p: { lon: number; lat: number }): Snap | null =>
    nearest([p.lon, p.lat], maxM);
