import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A calibration is put in use only when its held-out check beats posted speeds: a fit on a record that
 * does not support it (too little, or times that do not follow the roads) is kept with its report and
 * left out of every ETA.
 */
export class CalibrationInUse1764400001700 implements MigrationInterface {
  name = 'CalibrationInUse1764400001700';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE eta_calibration ADD COLUMN in_use boolean NOT NULL DEFAULT true');
    await q.query(`UPDATE eta_calibration SET in_use = (report->'calibrated'->>'medianAbsErrS')::float8 < (report->'uncalibrated'->>'medianAbsErrS')::float8`);
    await q.query('ALTER TABLE eta_calibration ALTER COLUMN in_use DROP DEFAULT');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE eta_calibration DROP COLUMN in_use');
  }
}
