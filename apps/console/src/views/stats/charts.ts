import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { t } from '../../i18n/i18n';

// only what the statistics draw: the console bundle stays small
echarts.use([BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, DataZoomComponent, CanvasRenderer]);

export type Chart = echarts.ECharts;
export type Row = Record<string, unknown>;

/** A chart in a box that follows the box's size. */
export function chartIn(box: HTMLElement): Chart {
  const c = echarts.init(box, undefined, { renderer: 'canvas' });
  new ResizeObserver(() => c.resize()).observe(box);
  return c;
}

const minutes = (s: unknown) => (s === null || s === undefined ? null : Math.round((Number(s) / 60) * 100) / 100);
const percent = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 10);
const COLOURS = { bars: '#90a4ae', arrival: '#d84315', share: '#2e7d32', processing: '#1565c0', turnout: '#6a1b9a' };

/** By day: incidents as bars and the median first arrival (minutes) as a line, with the standard dashed. */
export function dayOption(rows: Row[], arrivalThresholdS: number): echarts.EChartsCoreOption {
  const median = `${t('statsFirstArrival')} ${t('statsMedian')}`;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('statsIncidents'), median] },
    grid: { left: 40, right: 44, top: 30, bottom: rows.length > 31 ? 50 : 24 },
    xAxis: { type: 'category', data: rows.map((r) => String(r.key).slice(5)) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', name: 'min', nameGap: 8, min: 0, splitLine: { show: false } },
    ],
    dataZoom: rows.length > 31 ? [{ type: 'slider', height: 14, bottom: 8 }] : [],
    series: [
      { name: t('statsIncidents'), type: 'bar', data: rows.map((r) => r.incidents), itemStyle: { color: COLOURS.bars } },
      {
        name: median,
        type: 'line',
        yAxisIndex: 1,
        data: rows.map((r) => minutes(r.firstArrivalP50)),
        itemStyle: { color: COLOURS.arrival },
        markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: COLOURS.arrival }, data: [{ yAxis: arrivalThresholdS / 60 }] },
      },
    ],
  };
}

/** By day: the compliance shares (processing, first arrival) in percent, 0–100. */
export function shareOption(rows: Row[]): echarts.EChartsCoreOption {
  const processing = `${t('statsProcessing')} ${t('statsWithin')}`,
    arrival = `${t('statsFirstArrival')} ${t('statsWithin')}`;
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
    legend: { top: 0, data: [processing, arrival] },
    grid: { left: 40, right: 44, top: 30, bottom: rows.length > 31 ? 50 : 24 },
    xAxis: { type: 'category', data: rows.map((r) => String(r.key).slice(5)) },
    yAxis: { type: 'value', min: 0, max: 100, name: '%', nameGap: 8 },
    dataZoom: rows.length > 31 ? [{ type: 'slider', height: 14, bottom: 8 }] : [],
    series: [
      {
        name: processing,
        type: 'line',
        data: rows.map((r) => percent(r.processingShare)),
        itemStyle: { color: COLOURS.processing },
        markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#546e7a' }, data: [{ yAxis: 90 }] },
      },
      { name: arrival, type: 'line', data: rows.map((r) => percent(r.firstArrivalShare)), itemStyle: { color: COLOURS.share } },
    ],
  };
}

/** By hour of day: incidents as bars, median processing and turnout (seconds) as lines. */
export function hourOption(rows: Row[]): echarts.EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('statsIncidents'), `${t('statsProcessing')} ${t('statsMedian')}`, `${t('statsTurnout')} ${t('statsMedian')}`] },
    grid: { left: 40, right: 44, top: 30, bottom: 24 },
    xAxis: { type: 'category', data: rows.map((r) => `${String(r.key)}${t('statsHour')}`) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', name: t('statsSeconds'), nameGap: 8, splitLine: { show: false } },
    ],
    series: [
      { name: t('statsIncidents'), type: 'bar', data: rows.map((r) => r.incidents), itemStyle: { color: COLOURS.bars } },
      {
        name: `${t('statsProcessing')} ${t('statsMedian')}`,
        type: 'line',
        yAxisIndex: 1,
        data: rows.map((r) => r.processingP50),
        itemStyle: { color: COLOURS.processing },
      },
      {
        name: `${t('statsTurnout')} ${t('statsMedian')}`,
        type: 'line',
        yAxisIndex: 1,
        data: rows.map((r) => r.turnoutP50),
        itemStyle: { color: COLOURS.turnout },
      },
    ],
  };
}

/** Held-out responses: actual travel against the calibrated and the posted-speed prediction, with the diagonal. */
export function scatterOption(points: Array<{ actualS: number; calibratedS: number; postedS: number }>): echarts.EChartsCoreOption {
  // the axes end where 98 % of the responses lie: a few hour-long outliers would squash the rest into a corner
  const sorted = points.map((p) => p.actualS).sort((a, b) => a - b);
  const max = Math.max(60, Math.ceil((sorted[Math.floor(sorted.length * 0.98)] ?? 60) / 100) * 100);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { value: number[]; seriesName: string }) => `${p.seriesName}: ${p.value[0]} / ${p.value[1]} ${t('statsSeconds')}`,
    },
    legend: { top: 0, data: [t('statsCalibrated'), t('statsPosted')] },
    grid: { left: 48, right: 16, top: 30, bottom: 40 },
    xAxis: { type: 'value', name: t('statsPredicted'), nameLocation: 'middle', nameGap: 24, max },
    yAxis: { type: 'value', name: t('statsActual'), nameGap: 8, max },
    series: [
      {
        name: t('statsPosted'),
        type: 'scatter',
        symbolSize: 3,
        itemStyle: { color: 'rgba(120,144,156,0.45)' },
        data: points.map((p) => [p.postedS, p.actualS]),
      },
      {
        name: t('statsCalibrated'),
        type: 'scatter',
        symbolSize: 3,
        itemStyle: { color: 'rgba(216,67,21,0.6)' },
        data: points.map((p) => [p.calibratedS, p.actualS]),
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#263238' }, data: [[{ coord: [0, 0] }, { coord: [max, max] }]] },
      },
    ],
  };
}
