import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import { fill } from '../../i18n/errors';
import { h } from '../../labels';
import { pct, secs } from './tables';

type Q = { n: number; p50: number | null; p90: number | null };
export type StatsAnswer = {
  period: { from: string; to: string };
  /** rollup: medians and p90s from the rollup's time bins (within 2 s below 2 min) */
  source?: 'rollup' | 'record';
  thresholds: { processingS: number; turnoutFireS: number; turnoutEmsS: number; firstArrivalS: number };
  counts: { incidents: number; synthetic: number; imported: number; unitResponses: number };
  intervals: Record<string, Q>;
  compliance: { processing: number | null; turnout: number | null; firstArrival: number | null };
  byDay: Array<Record<string, unknown>>;
  byHour: Array<Record<string, unknown>>;
  byCounty: Array<Record<string, unknown>>;
  byType: Array<Record<string, unknown>>;
  byStation: Array<Record<string, unknown>>;
  byUnit: Array<Record<string, unknown>>;
  slowest: Array<Record<string, unknown>>;
};

/** Green at 90 % or better (NFPA's bar), amber from 75 %, red below; grey with nothing measured. */
const shareColour = (v: number | null) => (v === null ? '#78909c' : v >= 0.9 ? '#2e7d32' : v >= 0.75 ? '#a15c00' : '#c62828');

/** The headline: how many, and each interval's median and p90 with its compliance share, coloured. */
export function summaryBoard(a: StatsAnswer): HTMLElement {
  const tile = (key: MessageKey, q: Q, share: number | null, within: string | null, id: string) =>
    h(
      'div',
      { className: 'kpi', id, style: `border-top: 4px solid ${shareColour(share)}`, dataset: { share: share === null ? '' : String(share) } },
      h('span', { className: 'kpi-name', textContent: t(key) }),
      h('b', { textContent: secs(q.p50) }),
      h('span', { className: 'hint', textContent: `${t('statsP90')} ${secs(q.p90)} · n=${q.n}` }),
      within ? h('span', { className: 'kpi-share', style: `color: ${shareColour(share)}`, textContent: `${within} ${t('statsWithin')} ${pct(share)}` }) : null,
    );
  const th = a.thresholds;
  return h(
    'section',
    { className: 'section' },
    h(
      'div',
      { className: 'kpis', id: 'stats-kpis' },
      h(
        'div',
        { className: 'kpi', id: 'kpi-count' },
        h('span', { className: 'kpi-name', textContent: t('statsIncidents') }),
        h('b', { textContent: a.counts.incidents.toLocaleString() }),
        h('span', { className: 'hint', textContent: `${t('statsResponses')} ${a.counts.unitResponses.toLocaleString()}` }),
      ),
      tile('statsProcessing', a.intervals.processing, a.compliance.processing, `≤${th.processingS}s`, 'kpi-processing'),
      tile('statsTurnout', a.intervals.turnout, a.compliance.turnout, `≤${th.turnoutFireS}s`, 'kpi-turnout'),
      tile('statsFirstArrival', a.intervals.first_arrival, a.compliance.firstArrival, `≤${Math.round(th.firstArrivalS / 60)}min`, 'kpi-arrival'),
      tile('statsResponse', a.intervals.response, null, null, 'kpi-response'),
      tile('statsCallTaking', a.intervals.call_taking, null, null, 'kpi-call-taking'),
      tile('statsTravel', a.intervals.travel, null, null, 'kpi-travel'),
      tile('statsFullPlan', a.intervals.full_plan, null, null, 'kpi-full-plan'),
    ),
    a.counts.synthetic
      ? h('p', { className: 'synthetic-note', id: 'stats-synthetic', textContent: fill(t('statsSyntheticNote'), { n: a.counts.synthetic.toLocaleString() }) })
      : null,
    a.counts.imported ? h('p', { className: 'hint', textContent: fill(t('statsImportedNote'), { n: a.counts.imported.toLocaleString() }) }) : null,
    a.counts.incidents === 0 ? h('p', { className: 'hint', id: 'stats-empty', textContent: t('statsNoData') }) : null,
    a.source === 'rollup' ? h('p', { className: 'hint', id: 'stats-rollup', textContent: t('statsRollupNote') }) : null,
  );
}
