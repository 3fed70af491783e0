import { DRILL_POINT_MAX_S, DRILL_POINT_MIN_S } from '@gan119/dispatch';
import { LonLat, nodePosition, seedsOf } from '@gan119/geo';
import type { RoutingService } from '../roads/routing.service';

/** How far a station may stand from the road and still be drilled (its apron and access road). */
const STATION_SNAP_M = 500;

/**
 * A drill point in the station's district: a road vertex it reaches by road (driving only, on the
 * resident graph with its closures) in DRILL_POINT_MIN_S to DRILL_POINT_MAX_S, drawn at random; where
 * the district has none that far (a station at the end of a short road), the farthest it reaches.
 * Null: the station is off the road network.
 */
export function drillPoint(routing: RoutingService, station: LonLat, random: () => number): { at: LonLat; roadS: number } | null {
  const { graph, search, nearest } = routing.reachContext();
  const start = nearest(station, STATION_SNAP_M);
  if (!start) return null;
  const r = search.run(seedsOf(graph, start, 0), DRILL_POINT_MAX_S);
  const inBand: number[] = [];
  let farthest = -1;
  for (let i = 0; i < r.count; i++) {
    if (r.seconds[i] >= DRILL_POINT_MIN_S) inBand.push(i);
    if (farthest < 0 || r.seconds[i] > r.seconds[farthest]) farthest = i;
  }
  const pick = inBand.length ? inBand[Math.floor(random() * inBand.length)] : farthest;
  if (pick < 0) return null;
  const at = nodePosition(graph, r.nodes[pick]);
  return at ? { at, roadS: Math.round(r.seconds[pick]) } : null;
}
