import { Injectable } from '@nestjs/common';
import { drillLeague, DrillScore, scoreDrill } from '@gan119/dispatch';
import { notFound } from '../common/errors';
import { Db } from '../infra/db/unit-of-work';
import { DrillRepository, DrillUnitRow } from './drill.repository';

const ms = (d: Date | null) => (d ? new Date(d).getTime() : null);
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** One unit's part as the 演练 view shows it: the times recorded, what its positions say, and its score. */
export function partView(p: DrillUnitRow) {
  const score: DrillScore = scoreDrill({
    orderedAt: new Date(p.orderedAt).getTime(),
    ackedAt: ms(p.ackedAt),
    enRouteAt: ms(p.enRouteAt),
    leftAt: ms(p.leftAt),
    onSceneAt: ms(p.onSceneAt),
    reachedAt: ms(p.reachedAt),
    outcome: p.outcome,
  });
  return {
    drillId: p.drillId,
    unitId: p.unitId,
    unitCode: p.unitCode,
    unitName: p.unitName,
    kind: p.kind,
    station: { id: p.stationId, code: p.stationCode, name: p.stationName, lon: p.stationLon, lat: p.stationLat },
    cityAdcode: p.cityAdcode,
    cityName: p.cityName,
    countyAdcode: p.countyAdcode,
    point: { type: p.type, level: p.level, lon: p.lon, lat: p.lat, address: p.address, roadS: p.roadS },
    orderedAt: iso(p.orderedAt),
    ackedAt: iso(p.ackedAt),
    enRouteAt: iso(p.enRouteAt),
    leftAt: iso(p.leftAt),
    onSceneAt: iso(p.onSceneAt),
    reachedAt: iso(p.reachedAt),
    endedAt: iso(p.endedAt),
    outcome: p.outcome,
    preemptedBy: p.preemptedBy,
    score,
  };
}

const DAY = 86_400_000;

/** Drill results: one drill whole, and the league tables over a period (支队, station, the worst units). */
@Injectable()
export class DrillResults {
  constructor(private readonly db: Db) {}

  async detail(id: number) {
    const repo = this.db.get(DrillRepository);
    const d = await repo.byId(id);
    if (!d) throw notFound(`drill ${id}`);
    const parts = (await repo.units(id)).map(partView);
    return { ...d, units: parts, stations: drillLeague(parts.map((p) => ({ key: p.station.id, label: p.station.name, score: p.score }))) };
  }

  async list(scope: number | null, limit: number) {
    return { drills: await this.db.get(DrillRepository).list(scope, limit) };
  }

  /** League tables over the last `days` days in the scope: by 支队 (city), by station, and the worst-scoring unit parts. */
  async results(days: number, scope: number | null, now = Date.now()) {
    const parts = (await this.db.get(DrillRepository).partsBetween(new Date(now - days * DAY), new Date(now + 1000), scope)).map(partView);
    const scored = parts.filter((p) => p.score.score !== null);
    return {
      days,
      parts: parts.length,
      scored: scored.length,
      preempted: parts.filter((p) => p.outcome === 'preempted').length,
      byDetachment: drillLeague(scored.map((p) => ({ key: p.cityAdcode ?? 0, label: p.cityName ?? '—', score: p.score }))),
      byStation: drillLeague(scored.map((p) => ({ key: p.station.id, label: p.station.name, score: p.score }))),
      worst: [...scored].sort((a, b) => (a.score.score ?? 0) - (b.score.score ?? 0) || (b.score.arrivalS ?? 1e9) - (a.score.arrivalS ?? 1e9)).slice(0, 10),
    };
  }
}

/**
 * Drills as ETA calibration samples (only when the user asks for them): each unit that rolled and
 * arrived, driven from its station to the drill point, with its turnout and travel time.
 */
export function drillSamples(parts: DrillUnitRow[]) {
  return parts.flatMap((p) => {
    const v = partView(p);
    if (p.outcome !== 'arrived' || v.score.travelS === null || v.score.travelS <= 0) return [];
    return [
      {
        ref: `drill-${p.drillId}`,
        origin: 'drill' as const,
        unitCode: p.unitCode,
        kind: p.kind,
        stationCode: p.stationCode,
        orderedAt: new Date(p.orderedAt),
        travelS: v.score.travelS,
        turnoutS: v.score.turnoutS,
        lon: p.lon,
        lat: p.lat,
        stationLon: p.stationLon,
        stationLat: p.stationLat,
      },
    ];
  });
}
