import { fromLonLat } from 'ol/proj';
import { download, getJson } from '../api';
import { errorText } from '../i18n/errors';
import { onLang, t } from '../i18n/i18n';
import { duration, h, kindLabel, setChildren, typeLabel } from '../labels';
import { CountyChoroplethLayer } from '../layers/CountyChoroplethLayer';
import type { Shell } from '../shell';
import { calibrationCard } from './stats/calibration-card';
import { Chart, chartIn, dayOption, hourOption, Row, shareOption } from './stats/charts';
import { localDate } from '@gan119/dispatch';
import { StatsFilters, StatsParams } from './stats/StatsFilters';
import { StatsAnswer, summaryBoard } from './stats/summary';
import { exportHead, pct, secs, statsTable } from './stats/tables';

/** The answer as shown: the station and unit tables may still be on their way. */
type Shown = StatsAnswer & { tablesPending?: boolean };
/** Every part but the station and unit tables (the slowest), asked for first; those two second. */
const TABLES = 'byStation,byUnit';
const FIRST = 'incidents,units,byDay,byHour,turnoutByHour,byCounty,byType,slowest';

const num = (v: unknown) => (v === null || v === undefined ? '—' : String(v));

/**
 * 统计: how the centre did over a period, for commanders and the 支队 leadership — the headline times
 * and compliance, trends by day and hour, first arrival by county on the map, stations, units and the
 * slowest incidents (each opens its timeline), every table exported; and the ETA calibration's check.
 */
export async function statsView(shell: Shell): Promise<void> {
  const counties = new CountyChoroplethLayer(shell.showError);
  shell.map.addLayer(counties);
  const body = h('div', { id: 'stats-body' });
  const status = h('div', { className: 'section hint', id: 'stats-status' });
  const calibration = calibrationCard();
  const legend = h('div', { className: 'section hint', id: 'stats-legend' });
  let charts: Chart[] = [];
  let answer: Shown | null = null;
  let params: StatsParams = {};
  let seq = 0;

  const exportAs = (table: string) => (format: 'csv' | 'xlsx') =>
    void download(
      `/api/stats/export?${StatsFilters.query(params)}&table=${table}&format=${format}&lang=${document.documentElement.lang || 'zh-CN'}`,
      `${table}.${format}`,
    ).catch((e: unknown) => (status.textContent = errorText(e)));

  /** The station and unit tables: asked for after the rest (the slowest part), shown as loading until they come. */
  const stationTable = (a: Shown) =>
    statsTable({
      id: 'stats-station',
      title: 'statsByStation',
      loading: a.tablesPending,
      rows: a.byStation,
      columns: [
        { head: 'statsStation', cell: (r) => num(r.name ?? r.stationCode) },
        { head: 'statsResponses', cell: (r) => num(r.responses), numeric: true },
        { head: 'statsAck', cell: (r) => secs(r.ackP50), numeric: true },
        { head: 'statsTurnout', cell: (r) => secs(r.turnoutP50), numeric: true },
        { head: 'statsWithin', cell: (r) => pct(r.turnoutShare), numeric: true },
        { head: 'statsTravel', cell: (r) => secs(r.travelP50), numeric: true },
      ],
      onPick: (r) => r.stationId && filters.pick({ station: String(r.stationId), stationName: String(r.name ?? r.stationCode) }),
      exportAs: exportAs('byStation'),
    });
  const unitTable = (a: Shown) =>
    statsTable({
      id: 'stats-unit',
      title: 'statsByUnit',
      loading: a.tablesPending,
      rows: a.byUnit,
      shown: 30,
      columns: [
        { head: 'statsUnit', cell: (r) => num(r.name ?? r.unitCode) },
        { head: 'statsKind', cell: (r) => (r.kind ? kindLabel(String(r.kind)) : '—') },
        { head: 'statsResponses', cell: (r) => num(r.responses), numeric: true },
        { head: 'statsTurnout', cell: (r) => secs(r.turnoutP50), numeric: true },
        { head: 'statsWithin', cell: (r) => pct(r.turnoutShare), numeric: true },
        { head: 'statsTravel', cell: (r) => secs(r.travelP50), numeric: true },
      ],
      onPick: (r) => r.unitId && filters.pick({ unit: String(r.unitId), unitName: String(r.name ?? r.unitCode) }),
      exportAs: exportAs('byUnit'),
    });

  const render = () => {
    charts.forEach((c) => c.dispose());
    charts = [];
    if (!answer) return setChildren(body);
    const a = answer;
    const dayBox = h('div', { className: 'chart', id: 'chart-day' });
    const shareBox = h('div', { className: 'chart', id: 'chart-share' });
    const hourBox = h('div', { className: 'chart', id: 'chart-hour' });
    setChildren(
      body,
      h('section', { className: 'section', id: 'stats-summary' }, exportHead(t('statsSummary'), exportAs('summary'))),
      summaryBoard(a),
      h('section', { className: 'section', id: 'stats-day' }, exportHead(t('statsByDay'), exportAs('byDay')), dayBox, shareBox),
      h('section', { className: 'section', id: 'stats-hour' }, exportHead(t('statsByHour'), exportAs('byHour')), hourBox),
      statsTable({
        id: 'stats-type',
        title: 'statsByType',
        rows: a.byType,
        columns: [
          { head: 'statsType', cell: (r) => typeLabel(String(r.key)) },
          { head: 'statsIncidents', cell: (r) => num(r.incidents), numeric: true },
          { head: 'statsProcessing', cell: (r) => secs(r.processingP50), numeric: true },
          { head: 'statsFirstArrival', cell: (r) => secs(r.firstArrivalP50), numeric: true },
          { head: 'statsWithin', cell: (r) => pct(r.firstArrivalShare), numeric: true },
        ],
        onPick: (r) => filters.pick({ type: String(r.key) }),
        exportAs: exportAs('byType'),
      }),
      statsTable({
        id: 'stats-county',
        title: 'statsByCounty',
        rows: a.byCounty,
        shown: 200,
        columns: [
          { head: 'statsCounty', cell: (r) => (r.key === null ? t('statsNoCounty') : `${num(r.cityName)} ${num(r.name)}`) },
          { head: 'statsIncidents', cell: (r) => num(r.incidents), numeric: true },
          { head: 'statsProcessing', cell: (r) => secs(r.processingP50), numeric: true },
          { head: 'statsFirstArrival', cell: (r) => secs(r.firstArrivalP50), numeric: true },
          { head: 'statsP90', cell: (r) => secs(r.firstArrivalP90), numeric: true },
          { head: 'statsWithin', cell: (r) => pct(r.firstArrivalShare), numeric: true },
        ],
        onPick: (r) => r.key !== null && filters.pick({ county: String(r.key) }),
        exportAs: exportAs('byCounty'),
      }),
      stationTable(a),
      unitTable(a),
      statsTable({
        id: 'stats-slowest',
        title: 'statsSlowest',
        rows: a.slowest,
        columns: [
          { head: 'statsCallAt', cell: (r) => new Date(String(r.callAt)).toLocaleString(document.documentElement.lang || 'zh-CN', { hour12: false }) },
          { head: 'statsType', cell: (r) => typeLabel(String(r.type)) },
          { head: 'statsCounty', cell: (r) => num(r.countyName) },
          { head: 'statsProcessing', cell: (r) => secs(r.processingS), numeric: true },
          { head: 'statsResponse', cell: (r) => duration(Number(r.responseS)), numeric: true },
          {
            head: 'statsOpenTimeline',
            cell: (r) =>
              r.incidentId
                ? h('a', {
                    href: `?view=dispatch&incident=${String(r.incidentId)}`,
                    target: '_blank',
                    textContent: `#${String(r.incidentId)}`,
                    className: 'timeline-link',
                  })
                : h('span', { className: 'hint', textContent: String(r.origin === 'synthetic' ? t('statsOriginSynthetic') : r.ref) }),
          },
        ],
        exportAs: exportAs('slowest'),
      }),
      calibration.element,
    );
    for (const [box, option] of [
      [dayBox, dayOption(a.byDay as Row[], a.thresholds.firstArrivalS)],
      [shareBox, shareOption(a.byDay as Row[])],
      [hourBox, hourOption(a.byHour as Row[])],
    ] as const) {
      const c = chartIn(box);
      c.setOption(option);
      charts.push(c);
    }
    calibration.render();
    counties.show(
      new Map(
        a.byCounty
          .filter((r) => r.key !== null)
          .map((r) => [
            Number(r.key),
            {
              value: r.firstArrivalP50 === null ? null : Number(r.firstArrivalP50),
              label: r.firstArrivalP50 === null ? '—' : `${(Number(r.firstArrivalP50) / 60).toFixed(1)}′ ${pct(r.firstArrivalShare)}`,
            },
          ]),
      ),
      a.thresholds.firstArrivalS,
    );
  };

  const load = async (p: StatsParams) => {
    params = p;
    const mine = ++seq;
    status.textContent = t('statsLoading');
    document.body.dataset.statsLoading = 'true';
    const t0 = performance.now();
    try {
      const q = StatsFilters.query(p);
      const tables = getJson<Pick<StatsAnswer, 'byStation' | 'byUnit'>>(`/api/stats?${q}&parts=${TABLES}`);
      tables.catch(() => undefined); // its failure is reported where it is awaited, below
      const a = await getJson<StatsAnswer>(`/api/stats?${q}&parts=${FIRST}`);
      if (mine !== seq) return; // a later request overtook this one
      answer = { ...a, tablesPending: true };
      status.textContent = `${localDate(Date.parse(a.period.from))} – ${localDate(Date.parse(a.period.to) - 1)} · ${((performance.now() - t0) / 1000).toFixed(2)} s`;
      render();
      document.body.dataset.statsIncidents = String(a.counts.incidents);
      document.body.dataset.statsQuery = q;
      const u = await tables;
      if (mine !== seq || !answer) return;
      answer = { ...answer, byStation: u.byStation, byUnit: u.byUnit, tablesPending: false };
      document.getElementById('stats-station')?.replaceWith(stationTable(answer));
      document.getElementById('stats-unit')?.replaceWith(unitTable(answer));
    } catch (e) {
      if (mine === seq) status.textContent = errorText(e);
    } finally {
      if (mine === seq) delete document.body.dataset.statsLoading;
    }
  };

  const filters = new StatsFilters((p) => void load(p));
  setChildren(shell.panel, filters.element, status, body, legend);
  onLang(() => {
    filters.render();
    legend.textContent = t('statsMapLegend');
    render();
  });
  shell.map.getView().animate({ center: fromLonLat([115.7, 27.6]), zoom: 7, duration: 0 });
  await Promise.all([calibration.load().catch(shell.showError), load(filters.params)]);
}
