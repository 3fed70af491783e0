import { getJson } from '../../api';
import { lang, t } from '../../i18n/i18n';
import { fill } from '../../i18n/errors';
import { h, setChildren } from '../../labels';
import { chartIn, scatterOption } from './charts';

type Summary = { n: number; medianAbsErrS: number | null; p90AbsErrS: number | null; spearman: number | null };
type Stored = {
  region: string;
  source: string;
  fittedAt: string;
  trainFrom: string;
  trainTo: string;
  responses: number;
  inUse: boolean;
  report: {
    test: { rows: number };
    calibrated: Summary;
    uncalibrated: Summary;
    straightLineSpearman: number | null;
    scatter: Array<{ actualS: number; calibratedS: number; postedS: number }>;
  };
};

const day = (iso: string) => new Date(iso).toLocaleDateString(lang());
const s1 = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} ${t('statsSeconds')}`);
const r3 = (v: number | null) => (v === null ? '—' : v.toFixed(3));

/** The ETA calibration in use and its held-out check: the figures beside posted speeds and straight line, and the scatter. */
export function calibrationCard(): { element: HTMLElement; load(): Promise<void>; render(): void } {
  const element = h('section', { className: 'section', id: 'stats-calibration' });
  let last: Stored[] = [];
  let chart: ReturnType<typeof chartIn> | null = null;
  const render = () => {
    chart?.dispose();
    chart = null;
    const c = last[0];
    if (!c) {
      setChildren(element, h('h3', { textContent: t('statsCalibration') }), h('p', { className: 'hint', textContent: t('statsCalibrationNone') }));
      return;
    }
    const r = c.report;
    const box = h('div', { className: 'chart', id: 'chart-calibration' });
    setChildren(
      element,
      h('h3', {
        textContent: `${t('statsCalibration')} · ${c.region === 'sf' ? t('statsRegionSf') : c.region === 'jiangxi' ? t('statsRegionJiangxi') : c.region}`,
      }),
      h('p', {
        className: 'stamp',
        id: 'calibration-stamp',
        textContent: fill(t('statsCalibratedOn'), { source: c.source, from: day(c.trainFrom), to: day(c.trainTo), n: c.responses }),
      }),
      c.inUse ? null : h('p', { className: 'warn', id: 'calibration-rejected', textContent: t('statsCalibrationRejected') }),
      h('p', { className: 'hint', textContent: fill(t('statsHeldOut'), { n: r.test.rows }) }),
      h(
        'table',
        { className: 'list', id: 'calibration-figures' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th'),
            h('th', { textContent: t('statsMedianErr') }),
            h('th', { textContent: t('statsP90Err') }),
            h('th', { textContent: t('statsSpearman') }),
          ),
        ),
        h(
          'tbody',
          {},
          h(
            'tr',
            {},
            h('td', { textContent: t('statsCalibrated') }),
            h('td', { textContent: s1(r.calibrated.medianAbsErrS) }),
            h('td', { textContent: s1(r.calibrated.p90AbsErrS) }),
            h('td', { textContent: r3(r.calibrated.spearman) }),
          ),
          h(
            'tr',
            {},
            h('td', { textContent: t('statsPosted') }),
            h('td', { textContent: s1(r.uncalibrated.medianAbsErrS) }),
            h('td', { textContent: s1(r.uncalibrated.p90AbsErrS) }),
            h('td', { textContent: r3(r.uncalibrated.spearman) }),
          ),
          h(
            'tr',
            {},
            h('td', { textContent: t('statsStraight') }),
            h('td', { textContent: '—' }),
            h('td', { textContent: '—' }),
            h('td', { textContent: r3(r.straightLineSpearman) }),
          ),
        ),
      ),
      box,
    );
    chart = chartIn(box);
    chart.setOption(scatterOption(r.scatter));
  };
  return {
    element,
    render,
    load: async () => {
      last = (await getJson<{ calibrations: Stored[] }>('/api/stats/calibration')).calibrations;
      render();
    },
  };
}
