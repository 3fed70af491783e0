import { AdminAreaRepository } from '../admin-areas/admin-area.repository';
import {
  AssemblyPoint,
  callFactEffect,
  Candidate,
  recommendWithinBound,
  recommend,
  RecommendationResponse,
  Requirement,
  stopReach,
  turnoutFor,
  localHour,
  withAdditions,
} from '@gan119/dispatch';
import { haversineM, LonLat, Snap } from '@gan119/geo';
import { Db } from '../infra/db/unit-of-work';
import { conflict, notFound } from '../common/errors';
import { AvlService } from '../forces/avl.service';
import { RoutingService } from '../roads/routing.service';
import { AssignmentRepository } from './assignment.repository';
import { findCandidates, UnitAt } from './candidates';
import { IncidentRepository } from './incident.repository';
import { PlanRepository } from './plan.repository';

export type Deps = { db: Db; routing: RoutingService; avl: AvlService };
const ASSEMBLY_CAPS = new Set(['mobile_brigade', 'earthquake_rescue', 'water_rescue', 'logistics']);

/**
 * The dispatcher's proposal for an incident: what its graded plan still needs (minus units already
 * assigned), the units that cover it earliest by road, each explained and with its route; regional
 * coordination flags; for level 4–5 disasters the assembly point (集结点) with the teams' ETAs to it.
 */
export async function recommendUnits(
  deps: Deps,
  incidentId: number,
  /** exhaustive: the plain search to every unit, never stopped early; plainSearch: the plain search, stopped once the plan is settled (both to check the hierarchy against) */
  opts: { includeReturning?: boolean; routes?: boolean; exhaustive?: boolean; plainSearch?: boolean } = {},
): Promise<RecommendationResponse> {
  const { db, routing, avl } = deps;
  const incident = await db.get(IncidentRepository).byId(incidentId);
  if (!incident) throw notFound(`incident ${incidentId}`);
  if (incident.state === 'closed') throw conflict('incident_closed', `incident ${incidentId} is closed`);
  // the reads that do not depend on each other, at once
  const [plan, assigned] = await Promise.all([db.get(PlanRepository).get(incident.type, incident.level), db.get(AssignmentRepository).activeFor(incidentId)]);
  // 接警要素: people trapped, a high floor, gas or chemicals add to whatever the level's plan asks
  const facts = callFactEffect(incident.type, incident.level, incident.callFacts ?? {});
  const requirements = withAdditions(plan.requirements, facts.add);
  const needed: Requirement[] = requirements
    .map((r) => ({ capability: r.capability, count: r.count - assigned.filter((a) => a.capability === r.capability).length }))
    .filter((r) => r.count > 0);
  const scene: LonLat = [incident.lon, incident.lat];
  const target = routing.snap(scene);
  const [free, seatRow] = await Promise.all([
    needed.length ? findCandidates(db, avl, scene, needed, { includeReturning: !!opts.includeReturning }) : [],
    plan.assembly ? db.get(AdminAreaRepository).seatOf(incident.countyAdcode, incident.cityAdcode) : null,
  ]);
  // a calibration learned from the record: its turnout per station, kind and time of day, and its fixed cost per route
  const calibration = routing.calibrationAt(target);
  const hour = localHour(Date.now());
  const fixedS = calibration?.model.fixedS ?? 0;
  const turnoutOf = (u: UnitAt) =>
    u.status === 'returning' ? 0 : calibration ? turnoutFor(calibration.turnout, u.stationCode, u.kind, hour, u.turnoutS).medianS : u.turnoutS; // returning: already rolling
  const time = (units: UnitAt[]) => timeUnits(routing, target, needed, units, turnoutOf, fixedS, incident.cityAdcode ?? -1, opts);
  // the nearest few per line by straight line first, then every unit left out that could still beat a pick
  const slack = target.distanceM + routing.snapMaxM; // how much nearer a unit's road position may be than the unit
  const nearby = free.map((u) => ({
    unitId: u.unitId,
    capabilities: u.capabilities,
    turnoutS: turnoutOf(u),
    straightM: Math.max(0, u.straightM - slack),
    unit: u,
  }));
  const { round } = recommendWithinBound(
    needed,
    nearby,
    routing.topSpeedMps(),
    (us) => time(us.map((x) => x.unit)),
    (us) =>
      us.flatMap((x) => {
        const s = routing.trySnap(x.unit.at);
        return s ? [{ ...x, straightM: haversineM(s.point, target.point) }] : [];
      }),
  );
  const { candidates, rec, search, placed, snapOf } = round;
  // routes come from the same search's result
  const placedIndex = new Map(placed.map((x, k) => [x.u.unitId, k]));
  const picks = rec.picks.map((p) => {
    const k = placedIndex.get(p.unitId);
    const path = k !== undefined ? search.path(k) : null;
    const u = free.find((x) => x.unitId === p.unitId);
    return {
      ...p,
      drillId: u?.drillId ?? null,
      from: u ? { lon: u.at[0], lat: u.at[1], live: u.live } : null,
      route: path ? { type: 'LineString' as const, coordinates: path } : null,
    };
  });
  let assembly: AssemblyPoint | null = null;
  if (plan.assembly) {
    const seat = [seatRow].filter((x): x is NonNullable<typeof x> => x !== null);
    const point = seat[0] ? routing.trySnap([seat[0].lon, seat[0].lat]) : null;
    if (point && seat[0]) {
      const gathering = picks.filter((p) => ASSEMBLY_CAPS.has(p.capability));
      const gs = gathering.map((p) => snapOf.get(p.unitId)).filter((s): s is NonNullable<typeof s> => !!s);
      const toPoint = routing.manyToOne(point, gs, { paths: false }).times;
      const onward = routing.route(point, target);
      const turnoutById = new Map(candidates.map((c) => [c.unitId, c.turnoutS]));
      const arrivals = gathering.map((p, i) => {
        const t = toPoint[i];
        return { unitId: p.unitId, name: p.name, etaToAssemblyS: t ? (turnoutById.get(p.unitId) ?? 0) + fixedS + t.seconds : null };
      });
      const lastIn = Math.max(0, ...arrivals.map((a) => a.etaToAssemblyS ?? 0));
      assembly = {
        name: `${seat[0].name}集结点`,
        lon: point.point[0],
        lat: point.point[1],
        arrivals,
        toSceneS: onward ? fixedS + onward.seconds : null,
        // 三位一体: gather, load the equipment delivered by logistics, deploy together
        deployEtaS: onward ? lastIn + fixedS + onward.seconds : null,
        route: onward ? { type: 'LineString' as const, coordinates: onward.coordinates } : null,
      };
    }
  }
  return {
    incident: { id: incident.id, type: incident.type, level: incident.level, cityAdcode: incident.cityAdcode, cityName: incident.cityName },
    plan: { requirements, source: plan.source, assembly: plan.assembly, callFactReasons: facts.reasons },
    alreadyAssigned: assigned.map((a) => ({
      unitId: a.unitId,
      name: a.unitName,
      capability: a.capability,
      orderId: a.order?.id ?? null,
      acked: !!a.order?.ackedAt,
    })),
    needed,
    picks,
    shortfall: rec.shortfall,
    notifyCities: rec.notifyCities.map((adcode) => ({ adcode, name: candidates.find((c) => c.cityAdcode === adcode)?.cityName ?? String(adcode) })),
    firstWaterEtaS: rec.firstWaterEtaS,
    candidatesConsidered: candidates.length,
    /** every unit considered, with its ETA: what the dispatcher adjusts the proposal from */
    candidates: [...candidates].sort((a, b) => (a.etaS ?? a.etaAtLeastS ?? Infinity) - (b.etaS ?? b.etaAtLeastS ?? Infinity)),
    assembly,
    synthetic: routing.synthetic,
    eta: calibration
      ? {
          calibrated: true,
          calibrationId: calibration.id,
          region: calibration.region,
          source: calibration.source,
          trainFrom: new Date(calibration.trainFrom).toISOString(),
          trainTo: new Date(calibration.trainTo).toISOString(),
          responses: calibration.responses,
          fixedS: Math.round(fixedS * 10) / 10,
          learnedTurnout: Object.keys(calibration.turnout.figures).length > 0,
        }
      : { calibrated: false },
  };
}

/**
 * One road search from the scene to every unit given (stopped once the plan's lines are settled when
 * the plain search answers, unless asked to reach every unit), the candidates with their ETAs and the
 * cover chosen from them.
 */
function timeUnits(
  routing: RoutingService,
  target: Snap,
  needed: Requirement[],
  units: UnitAt[],
  turnoutOf: (u: UnitAt) => number,
  /** the calibration's fixed cost per route (leaving the station, finding the address); 0 by posted speeds */
  fixedS: number,
  cityAdcode: number,
  opts: { routes?: boolean; exhaustive?: boolean; plainSearch?: boolean },
) {
  const placed = units.map((u) => ({ u, s: routing.trySnap(u.at) })).filter((x): x is { u: UnitAt; s: Snap & { edgeId: number } } => x.s !== null);
  const enough = opts.exhaustive
    ? undefined
    : stopReach(
        needed,
        placed.map((x) => ({ unitId: x.u.unitId, capabilities: x.u.capabilities, turnoutS: turnoutOf(x.u) })),
        units,
      );
  const search = routing.manyToOne(
    target,
    placed.map((x) => x.s),
    { enough, paths: opts.routes !== false, plain: opts.exhaustive || opts.plainSearch },
  );
  const { times, radius } = search;
  const snapOf = new Map(placed.map((x) => [x.u.unitId, x.s]));
  const timeOf = new Map(placed.map((x, k) => [x.u.unitId, times[k]]));
  const candidates: Candidate[] = units.map((u) => {
    const t = timeOf.get(u.unitId) ?? null;
    const turnout = turnoutOf(u);
    const beyond = !t && snapOf.has(u.unitId) && radius < Infinity ? turnout + fixedS + radius : null;
    return {
      unitId: u.unitId,
      name: u.name,
      kind: u.kind,
      capabilities: u.capabilities,
      cityAdcode: u.cityAdcode,
      cityName: u.cityName,
      etaS: t ? turnout + fixedS + t.seconds : null,
      etaAtLeastS: beyond,
      turnoutS: turnout,
      travelS: t ? fixedS + t.seconds : null,
      roadM: t?.meters ?? null,
      straightM: u.straightM,
    };
  });
  return { candidates, rec: recommend(needed, candidates, cityAdcode), search, placed, snapOf };
}
