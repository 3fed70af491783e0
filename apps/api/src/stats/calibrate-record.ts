import { localDate, localHour } from '@gan119/dispatch';
import { UNIT_KINDS, UnitKind } from '@gan119/resources';
import { haversineM, LonLat } from '@gan119/geo';
import { DomainError } from '../common/errors';
import { Db } from '../infra/db/unit-of-work';
import { RoadRepository } from '../roads/road.repository';
import { RoutingService } from '../roads/routing.service';
import { beatsPostedSpeeds, calibrateOn, CalibrationReport, ReplayedResponse } from './eta-replay';
import { CalibrationRepository } from './calibration.repository';
import { DrillRepository } from '../drills/drill.repository';
import { drillSamples } from '../drills/drill-results';

const DAY = 86_400_000;
/** routes worked out between two turns of the event loop: a fit never holds up a dispatch for long */
const SLICE = 25;

export type RecordFit = {
  id: number;
  region: string;
  responses: number;
  drills: number;
  inUse: boolean;
  report: Omit<CalibrationReport, 'scatter' | 'turnout' | 'model'>;
};

/**
 * Fits the ETA calibration of a road region on the centre's own statistics record: responses of the
 * last `days` days (at most `limit`, spread over them) that drove from a roster station to an incident in the region, each
 * routed now (split by road group at posted speeds); the earlier half fits, the later half checks.
 * Stored; put in use (announced: every process reloads its graph with the learned speeds) only when
 * the check beats posted speeds.
 */
export async function fitFromRecord(
  db: Db,
  routing: RoutingService,
  opts: { region: string; days: number; limit?: number; now?: number; includeDrills?: boolean },
  log: (m: string) => void = () => undefined,
): Promise<RecordFit> {
  const now = opts.now ?? Date.now();
  const from = new Date(now - opts.days * DAY);
  const rows = await db.get(CalibrationRepository).recordedResponses(from, new Date(now), opts.limit ?? 3000);
  // drills feed the fit as extra samples only when asked (their crews know it is a drill)
  if (opts.includeDrills) rows.push(...drillSamples(await db.get(DrillRepository).partsBetween(from, new Date(now), null)));
  const responses: ReplayedResponse[] = [];
  let synthetic = 0,
    drills = 0;
  for (let i = 0; i < rows.length; i++) {
    if (i % SLICE === 0) await new Promise((r) => setImmediate(r));
    const x = rows[i];
    const home: LonLat = [x.stationLon, x.stationLat],
      scene: LonLat = [x.lon, x.lat];
    const a = routing.trySnap(home),
      b = routing.trySnap(scene);
    if (!a || !b || routing.regionAt(a) !== opts.region || routing.regionAt(b) !== opts.region) continue;
    const route = routing.route(a, b);
    if (!route) continue;
    if (x.origin === 'synthetic') synthetic++;
    if (x.origin === 'drill') drills++;
    const orderedAt = new Date(x.orderedAt).getTime();
    responses.push({
      incident: x.ref,
      unit: x.unitCode,
      station: x.stationCode,
      kind: x.kind ?? '',
      orderedAt,
      hour: localHour(orderedAt),
      groupSeconds: routing.postedGroupSeconds(route),
      straightM: haversineM(home, scene),
      emergency: true,
      actualS: x.travelS,
      turnoutS: x.turnoutS,
    });
  }
  if (responses.length < 100) {
    throw new DomainError(
      'calibration_too_few',
      `only ${responses.length} responses in the last ${opts.days} days drove in region ${opts.region}: at least 100 are needed`,
      422,
      {
        found: responses.length,
      },
    );
  }
  responses.sort((p, q) => p.orderedAt - q.orderedAt);
  const splitAt = responses[Math.floor(responses.length / 2)].orderedAt;
  const defaultTurnout = (kind: string) => UNIT_KINDS[kind as UnitKind]?.turnoutS ?? 80;
  const report = calibrateOn(responses, splitAt, defaultTurnout);
  const { model, turnout, scatter, ...rest } = report;
  const source = `赣119 record ${localDate(report.train.from)}..${localDate(report.test.to)}${synthetic ? ` (${Math.round((100 * synthetic) / responses.length)}% synthetic demo history)` : ''}${drills ? ` + ${drills} drill responses` : ''}`;
  const inUse = beatsPostedSpeeds(report);
  const id = await db.get(CalibrationRepository).save({
    region: opts.region,
    source,
    trainFrom: new Date(report.train.from),
    trainTo: new Date(report.train.to),
    responses: report.train.rows,
    model,
    turnout,
    report: { ...rest, scatter },
    inUse,
  });
  if (inUse) await db.get(RoadRepository).announce({ kind: 'reload', region: opts.region });
  log(
    `ETA calibration for ${opts.region} from ${responses.length} responses: held-out median abs error ${report.calibrated.medianAbsErrS?.toFixed(1)} s (posted speeds ${report.uncalibrated.medianAbsErrS?.toFixed(1)} s): ${inUse ? 'in use' : 'not better than posted speeds, kept out of the ETAs'}`,
  );
  return { id, region: opts.region, responses: responses.length, drills, inUse, report: rest };
}
