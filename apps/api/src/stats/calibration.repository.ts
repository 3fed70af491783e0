import { DataSource, EntityManager } from 'typeorm';
import type { Origin } from './response-facts.repository';

export type StoredCalibration = {
  id: number;
  region: string;
  source: string;
  fittedAt: Date;
  trainFrom: Date;
  trainTo: Date;
  responses: number;
  model: unknown;
  turnout: unknown;
  report: unknown;
  /** its held-out check beat posted speeds: the latest such of a region is what every ETA there uses */
  inUse: boolean;
};

/** SQL for ETA calibrations: each fit kept with its report; the latest of a region is the one in use. */
export class CalibrationRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async save(c: Omit<StoredCalibration, 'id' | 'fittedAt'>): Promise<number> {
    const [r] = (await this.db.query(
      `INSERT INTO eta_calibration (region, source, train_from, train_to, responses, model, turnout, report, in_use) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [c.region, c.source, c.trainFrom, c.trainTo, c.responses, JSON.stringify(c.model), JSON.stringify(c.turnout), JSON.stringify(c.report), c.inUse],
    )) as [{ id: number }];
    return r.id;
  }

  /** Responses with a measured travel time from a roster station to a located incident: at most `limit`, spread over the period (a fixed pseudo-random sample). */
  async recordedResponses(from: Date, to: Date, limit: number): Promise<RecordedResponse[]> {
    return (await this.db.query(
      `SELECT i.ref, u.origin, u.unit_code AS "unitCode", u.kind, s.code AS "stationCode", u.ordered_at AS "orderedAt", u.travel_s AS "travelS",
              u.turnout_s AS "turnoutS", i.lon, i.lat, ST_X(s.geom) AS "stationLon", ST_Y(s.geom) AS "stationLat"
         FROM response_unit u JOIN response_incident i ON i.id = u.fact_id JOIN station s ON s.id = u.station_id
        WHERE u.call_at >= $1 AND u.call_at < $2 AND u.travel_s > 0 AND i.lon IS NOT NULL
        ORDER BY hashtext(i.ref || '/' || u.unit_code), u.call_at LIMIT $3`,
      [from, to, limit],
    )) as RecordedResponse[];
  }

  async latest(): Promise<StoredCalibration[]> {
    return (await this.db.query(
      `SELECT DISTINCT ON (region) id, region, source, fitted_at AS "fittedAt", train_from AS "trainFrom", train_to AS "trainTo", responses, model, turnout, report,
              in_use AS "inUse"
         FROM eta_calibration ORDER BY region, fitted_at DESC, id DESC`,
    )) as StoredCalibration[];
  }
}

/** A unit response of the statistics record as a calibration replays it: from its station to the incident. */
export type RecordedResponse = {
  ref: string;
  /** drill: a 三随三实 drill's unit, only when the fit was asked to take drills */
  origin: Origin | 'drill';
  unitCode: string;
  kind: string | null;
  stationCode: string;
  orderedAt: Date;
  travelS: number;
  turnoutS: number | null;
  lon: number;
  lat: number;
  stationLon: number;
  stationLat: number;
};
