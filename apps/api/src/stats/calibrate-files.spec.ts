import { DATA_DIR } from '../../test/test-data-source';
import { calibrateSanFrancisco } from './calibrate-files';

describe('ETA calibration on the real San Francisco record (SFFD, 8 days, SF roads and stations)', () => {
  const r = calibrateSanFrancisco(DATA_DIR);

  it('fits on the first four days and scores on the last four, never the same rows', () => {
    expect(r.train.rows).toBeGreaterThan(600);
    expect(r.test.rows).toBeGreaterThan(600);
    expect(r.train.to).toBeLessThan(r.test.from);
    expect(r.train.rows + r.test.rows).toBe(r.responses);
    expect(r.scatter).toHaveLength(r.test.rows);
  });

  it('predicts held-out travel times within 40 s (median) where posted speeds miss by about a minute', () => {
    expect(r.uncalibrated.medianAbsErrS).toBeGreaterThan(50);
    expect(r.calibrated.medianAbsErrS).toBeLessThanOrEqual(40);
    expect(r.calibrated.p90AbsErrS!).toBeLessThan(r.uncalibrated.p90AbsErrS!);
  });

  it('ranks held-out responses at least as well as straight-line distance, and better than posted speeds', () => {
    expect(r.calibrated.spearman!).toBeGreaterThanOrEqual(r.straightLineSpearman!);
    expect(r.calibrated.spearman!).toBeGreaterThan(r.uncalibrated.spearman!);
  });

  it('learns a fixed cost for leaving the station and finding the address, and slower non-emergency driving', () => {
    expect(r.model.fixedS).toBeGreaterThan(20);
    expect(r.model.fixedS).toBeLessThan(120);
    expect(r.model.nonEmergency).toBeGreaterThan(0);
    expect(Object.keys(r.turnout.figures).length).toBeGreaterThan(10);
    expect(r.turnoutHeldOut.medianAbsErrS!).toBeLessThan(40);
  });
});
