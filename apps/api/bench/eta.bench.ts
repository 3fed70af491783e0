/**
 * ETA calibration on the real San Francisco record (issue 17): fit on the first four days of SFFD
 * responses, score on the last four, beside the posted speeds and straight-line distance.
 * `npm run bench eta` → bench/results/eta.json.
 */
import { calibrateSanFrancisco } from '../src/stats/calibrate-files';
import { configFromProcess } from '../src/config/env';
import { recordBench } from './record';

const t0 = Date.now();
const r = calibrateSanFrancisco(configFromProcess({ ROLE: 'worker' }).dataDir);
const round = (v: number | null, d = 1) => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);
recordBench('eta', {
  data: 'SFFD Calls for Service 2016-12-31..2017-01-07 (DataSF, real), SF central OSM roads, 45 SFFD stations',
  train_period: `${new Date(r.train.from).toISOString()} .. ${new Date(r.train.to).toISOString()}`,
  test_period: `${new Date(r.test.from).toISOString()} .. ${new Date(r.test.to).toISOString()}`,
  train_rows: r.train.rows,
  test_rows: r.test.rows,
  median_abs_err_s: round(r.calibrated.medianAbsErrS) ?? 'none',
  p90_abs_err_s: round(r.calibrated.p90AbsErrS) ?? 'none',
  spearman: round(r.calibrated.spearman, 3) ?? 'none',
  uncalibrated_median_abs_err_s: round(r.uncalibrated.medianAbsErrS) ?? 'none',
  uncalibrated_p90_abs_err_s: round(r.uncalibrated.p90AbsErrS) ?? 'none',
  uncalibrated_spearman: round(r.uncalibrated.spearman, 3) ?? 'none',
  straight_line_spearman: round(r.straightLineSpearman, 3) ?? 'none',
  turnout_median_abs_err_s: round(r.turnoutHeldOut.medianAbsErrS) ?? 'none',
  model: {
    fixed_s: round(r.model.fixedS),
    factors: Object.fromEntries(Object.entries(r.model.factors).map(([k, v]) => [k, round(v, 3)])),
    non_emergency: round(r.model.nonEmergency, 3),
    night: round(r.model.night, 3),
  },
  skipped: r.skipped,
  seconds: (Date.now() - t0) / 1000,
});
