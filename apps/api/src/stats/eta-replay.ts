import {
  fitTravel,
  fitTurnout,
  HistoryIncident,
  postedSeconds,
  predictTravel,
  quantile,
  RoadGroup,
  roadGroupOf,
  ROAD_GROUPS,
  scorePredictions,
  spearman,
  TravelFeatures,
  TravelModel,
  TurnoutTable,
  turnoutFor,
  UNCALIBRATED,
  ErrorSummary,
} from '@gan119/dispatch';
import { haversineM, LonLat, RoadGraph, RoadNetwork, graphInputOf, RoadSearch, SnapIndex, secondsByEdgeKey } from '@gan119/geo';

/** A road network held for replays: the graph, its snapping index and each edge's road group. */
export type ReplayNetwork = { graph: RoadGraph; snap: SnapIndex; search: RoadSearch; groupOf: (edge: number) => RoadGroup };

export function replayNetwork(net: RoadNetwork): ReplayNetwork {
  const graph = new RoadGraph(graphInputOf(net));
  const groups = net.edges.map((e) => roadGroupOf(e.cls));
  return { graph, snap: new SnapIndex(graph), search: new RoadSearch(graph), groupOf: (e) => groups[e] };
}

/** One past unit response replayed on the roads: the route by posted speeds from its station, and what it took. */
export type ReplayedResponse = TravelFeatures & {
  incident: string;
  unit: string;
  station: string;
  kind: string;
  /** the order, ms since the epoch */
  orderedAt: number;
  actualS: number;
  turnoutS: number | null;
};

export type ReplaySkips = { noStation: number; noTimes: number; offNetwork: number };

/**
 * Every unit response that drove from its home station to the incident and has both an en-route and an
 * on-scene time, with the fastest route by posted speeds split by road group. Responses whose station or
 * incident lies off the network (farther than `maxSnapM` from a road) are counted, not guessed.
 */
export function replayHistory(
  incidents: readonly HistoryIncident[],
  stations: ReadonlyMap<string, LonLat>,
  net: ReplayNetwork,
  opts: { utcOffsetMinutes: number; maxSnapM?: number },
): { responses: ReplayedResponse[]; skipped: ReplaySkips } {
  const maxSnap = opts.maxSnapM ?? 300;
  const skipped: ReplaySkips = { noStation: 0, noTimes: 0, offNetwork: 0 };
  const responses: ReplayedResponse[] = [];
  const snapCache = new Map<string, ReturnType<SnapIndex['nearest']>>();
  const snapAt = (p: LonLat) => {
    const k = `${p[0]},${p[1]}`;
    if (!snapCache.has(k)) snapCache.set(k, net.snap.nearest(p, maxSnap));
    return snapCache.get(k) ?? null;
  };
  for (const inc of incidents) {
    const scene: LonLat = [inc.lon, inc.lat];
    for (const u of inc.units) {
      const home = u.station === null ? undefined : stations.get(u.station);
      if (!home || u.station === null) {
        skipped.noStation++;
        continue;
      }
      if (u.enRouteAt === null || u.onSceneAt === null || u.onSceneAt <= u.enRouteAt) {
        skipped.noTimes++;
        continue;
      }
      const from = snapAt(home),
        to = snapAt(scene);
      const route = from && to ? net.search.route(from, to) : null;
      if (!route) {
        skipped.offNetwork++;
        continue;
      }
      const split = secondsByEdgeKey(net.graph, route, net.groupOf);
      const groupSeconds = Object.fromEntries(ROAD_GROUPS.map((g) => [g, split.get(g) ?? 0])) as Record<RoadGroup, number>;
      responses.push({
        incident: inc.incident,
        unit: u.unit,
        station: u.station,
        kind: u.unitType,
        orderedAt: u.orderedAt,
        hour: new Date(u.orderedAt + opts.utcOffsetMinutes * 60_000).getUTCHours(),
        groupSeconds,
        straightM: haversineM(home, scene),
        emergency: u.emergency,
        actualS: (u.onSceneAt - u.enRouteAt) / 1000,
        turnoutS: u.enRouteAt >= u.orderedAt ? (u.enRouteAt - u.orderedAt) / 1000 : null,
      });
    }
  }
  return { responses, skipped };
}

/** A fitted model and how it did on responses it never saw. */
export type CalibrationReport = {
  train: { from: number; to: number; rows: number };
  test: { from: number; to: number; rows: number };
  model: TravelModel;
  turnout: TurnoutTable;
  calibrated: ErrorSummary;
  uncalibrated: ErrorSummary;
  /** straight-line distance ranks the responses this well (it predicts no seconds) */
  straightLineSpearman: number | null;
  /** held-out responses: predicted (calibrated, posted speeds) against actual seconds */
  scatter: Array<{ actualS: number; calibratedS: number; postedS: number; straightM: number }>;
  turnoutHeldOut: { medianAbsErrS: number | null; rows: number };
};

/**
 * Fits on the responses ordered before `splitAt` and scores on those from it on, never on the same
 * rows. Turnout is learned on the training rows too, and its median is scored on the held-out ones.
 */
export function calibrateOn(responses: readonly ReplayedResponse[], splitAt: number, defaultTurnoutS: (kind: string) => number): CalibrationReport {
  const train = responses.filter((r) => r.orderedAt < splitAt);
  const test = responses.filter((r) => r.orderedAt >= splitAt);
  const model = fitTravel(train);
  const span = (rs: readonly ReplayedResponse[]) => ({
    from: rs.length ? Math.min(...rs.map((r) => r.orderedAt)) : splitAt,
    to: rs.length ? Math.max(...rs.map((r) => r.orderedAt)) : splitAt,
    rows: rs.length,
  });
  const actual = test.map((r) => r.actualS);
  const calibrated = test.map((r) => predictTravel(model, r));
  const posted = test.map((r) => predictTravel(UNCALIBRATED, r));
  const turnout = fitTurnout(
    train.filter((r) => r.turnoutS !== null).map((r) => ({ station: r.station, kind: r.kind, hour: r.hour, turnoutS: r.turnoutS as number })),
  );
  const turnoutErr = test
    .filter((r) => r.turnoutS !== null)
    .map((r) => Math.abs(turnoutFor(turnout, r.station, r.kind, r.hour, defaultTurnoutS(r.kind)).medianS - (r.turnoutS as number)));
  return {
    train: span(train),
    test: span(test),
    model,
    turnout,
    calibrated: scorePredictions(calibrated, actual),
    uncalibrated: scorePredictions(posted, actual),
    straightLineSpearman: spearman(
      test.map((r) => r.straightM),
      actual,
    ),
    scatter: test.map((r, i) => ({
      actualS: r.actualS,
      calibratedS: round1(calibrated[i]),
      postedS: round1(postedSeconds(r)),
      straightM: Math.round(r.straightM),
    })),
    turnoutHeldOut: { medianAbsErrS: quantile(turnoutErr, 0.5), rows: turnoutErr.length },
  };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** A calibration is worth using only if, on responses it never saw, it misses by less than posted speeds do. */
export const beatsPostedSpeeds = (r: Pick<CalibrationReport, 'calibrated' | 'uncalibrated'>): boolean =>
  r.calibrated.medianAbsErrS !== null && r.uncalibrated.medianAbsErrS !== null && r.calibrated.medianAbsErrS < r.uncalibrated.medianAbsErrS;
