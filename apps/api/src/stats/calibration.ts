import { Injectable } from '@nestjs/common';
import { Db } from '../infra/db/unit-of-work';
import { RoutingService } from '../roads/routing.service';
import { fitFromRecord } from './calibrate-record';
import { DomainError } from '../common/errors';
import { calibrateSanFrancisco } from './calibrate-files';
import { beatsPostedSpeeds } from './eta-replay';
import { CalibrationRepository } from './calibration.repository';

/** ETA calibrations: fitted on a record, stored with the held-out report that justifies them. */
@Injectable()
export class Calibration {
  private fitting: Promise<unknown> | null = null;

  constructor(
    private readonly db: Db,
    private readonly routing: RoutingService,
  ) {}

  /** Fits a region's calibration on the centre's own record (one fit at a time in this process). */
  async fit(region: string, days: number, includeDrills = false) {
    if (this.fitting) throw new DomainError('calibration_running', 'a calibration is being fitted: try again when it is done', 409);
    const run = fitFromRecord(this.db, this.routing, { region, days, includeDrills });
    this.fitting = run;
    try {
      return await run;
    } finally {
      this.fitting = null;
    }
  }

  /** The latest calibration of each region, with its report. */
  async current() {
    const rows = await this.db.get(CalibrationRepository).latest();
    return {
      calibrations: rows.map((c) => ({ ...c, fittedAt: c.fittedAt.toISOString(), trainFrom: c.trainFrom.toISOString(), trainTo: c.trainTo.toISOString() })),
    };
  }
}

/** Fits the San Francisco replay (the data pack's real SFFD record on the SF roads) and stores it as region "sf". */
export async function storeSanFranciscoCalibration(db: Db, dataDir: string): Promise<{ id: number; medianAbsErrS: number | null }> {
  const r = calibrateSanFrancisco(dataDir);
  const { model, turnout, ...report } = r;
  const id = await db.get(CalibrationRepository).save({
    region: 'sf',
    source: 'SFFD Calls for Service 2016-12-31..2017-01-07 (DataSF), SF central OSM roads, 45 SFFD stations',
    trainFrom: new Date(r.train.from),
    trainTo: new Date(r.train.to),
    responses: r.train.rows,
    model,
    turnout,
    report,
    inUse: beatsPostedSpeeds(r),
  });
  return { id, medianAbsErrS: r.calibrated.medianAbsErrS };
}
