import { Workbook } from 'exceljs';
import { INCIDENT_TYPE_LABELS, IncidentType } from '@gan119/dispatch';
import type { ExportTable } from './stats.dto';
import type { StatsAnswer } from './statistics';

type Lang = 'zh-CN' | 'en';
type Column = [key: string, zh: string, en: string];

const INTERVAL_NAMES: Record<string, [string, string]> = {
  call_taking: ['接警时长', 'Call-taking'],
  processing: ['受理调度时长', 'Processing'],
  first_arrival: ['首车到场(出动起)', 'First arrival (from order)'],
  response: ['响应时长(接警至首车到场)', 'Response (call to first on scene)'],
  full_plan: ['力量到齐', 'Full plan on scene'],
  ack: ['指令确认', 'Acknowledgement'],
  turnout: ['出动时长', 'Turnout'],
  travel: ['行驶时长', 'Travel'],
  order_to_scene: ['出动至到场', 'Order to scene'],
};

const COLUMNS: Record<Exclude<ExportTable, 'summary'>, Column[]> = {
  byDay: [
    ['key', '日期', 'Date'],
    ['incidents', '警情数', 'Incidents'],
    ['processingP50', '受理调度中位(秒)', 'Processing p50 (s)'],
    ['processingShare', '受理达标率', 'Processing within threshold'],
    ['firstArrivalP50', '首车到场中位(秒)', 'First arrival p50 (s)'],
    ['firstArrivalP90', '首车到场P90(秒)', 'First arrival p90 (s)'],
    ['firstArrivalShare', '5分钟到场率', 'First arrival within threshold'],
    ['responseP50', '响应中位(秒)', 'Response p50 (s)'],
  ],
  byHour: [
    ['key', '时段(时)', 'Hour'],
    ['incidents', '警情数', 'Incidents'],
    ['processingP50', '受理调度中位(秒)', 'Processing p50 (s)'],
    ['turnoutP50', '出动中位(秒)', 'Turnout p50 (s)'],
    ['turnoutShare', '出动达标率', 'Turnout within threshold'],
    ['firstArrivalP50', '首车到场中位(秒)', 'First arrival p50 (s)'],
  ],
  byCounty: [
    ['key', '区划代码', 'Adcode'],
    ['cityName', '市', 'City'],
    ['name', '县(市、区)', 'County'],
    ['incidents', '警情数', 'Incidents'],
    ['processingP50', '受理调度中位(秒)', 'Processing p50 (s)'],
    ['firstArrivalP50', '首车到场中位(秒)', 'First arrival p50 (s)'],
    ['firstArrivalP90', '首车到场P90(秒)', 'First arrival p90 (s)'],
    ['firstArrivalShare', '5分钟到场率', 'First arrival within threshold'],
  ],
  byType: [
    ['key', '警情类型', 'Type'],
    ['incidents', '警情数', 'Incidents'],
    ['processingP50', '受理调度中位(秒)', 'Processing p50 (s)'],
    ['firstArrivalP50', '首车到场中位(秒)', 'First arrival p50 (s)'],
    ['firstArrivalShare', '5分钟到场率', 'First arrival within threshold'],
  ],
  byStation: [
    ['stationCode', '消防站编码', 'Station code'],
    ['name', '消防站', 'Station'],
    ['responses', '出动车次', 'Responses'],
    ['ackP50', '确认中位(秒)', 'Ack p50 (s)'],
    ['turnoutP50', '出动中位(秒)', 'Turnout p50 (s)'],
    ['turnoutP90', '出动P90(秒)', 'Turnout p90 (s)'],
    ['turnoutShare', '出动达标率', 'Turnout within threshold'],
    ['travelP50', '行驶中位(秒)', 'Travel p50 (s)'],
  ],
  byUnit: [
    ['unitCode', '车辆编码', 'Unit code'],
    ['name', '车辆', 'Unit'],
    ['kind', '车型', 'Kind'],
    ['stationName', '所属消防站', 'Station'],
    ['responses', '出动车次', 'Responses'],
    ['ackP50', '确认中位(秒)', 'Ack p50 (s)'],
    ['turnoutP50', '出动中位(秒)', 'Turnout p50 (s)'],
    ['turnoutShare', '出动达标率', 'Turnout within threshold'],
    ['travelP50', '行驶中位(秒)', 'Travel p50 (s)'],
  ],
  slowest: [
    ['incidentId', '警情编号', 'Incident'],
    ['ref', '记录号', 'Record'],
    ['origin', '来源', 'Origin'],
    ['type', '警情类型', 'Type'],
    ['level', '等级', 'Level'],
    ['countyName', '县(市、区)', 'County'],
    ['callAt', '接警时间', 'Call received'],
    ['processingS', '受理调度(秒)', 'Processing (s)'],
    ['firstArrivalS', '首车到场(秒)', 'First arrival (s)'],
    ['responseS', '响应(秒)', 'Response (s)'],
    ['units', '出动车辆', 'Units'],
  ],
};

const typeName = (v: unknown, lang: Lang) => {
  const l = INCIDENT_TYPE_LABELS[v as IncidentType];
  return l ? (lang === 'en' ? l.en : l.zh) : v;
};

/** A table of the statistics as a header and rows of cells, in the reader's language. */
export function exportTable(a: StatsAnswer, table: ExportTable, lang: Lang): { header: string[]; rows: unknown[][] } {
  const en = lang === 'en';
  if (table === 'summary') {
    const rows: unknown[][] = Object.entries(a.intervals).map(([k, q]) => [INTERVAL_NAMES[k]?.[en ? 1 : 0] ?? k, q.n, q.p50, q.p90]);
    const c = a.compliance;
    rows.push(
      [en ? `Processing ≤ ${a.thresholds.processingS} s (share)` : `受理调度 ≤ ${a.thresholds.processingS} 秒 (比例)`, null, c.processing, null],
      [en ? `Turnout ≤ ${a.thresholds.turnoutFireS} s (share)` : `出动 ≤ ${a.thresholds.turnoutFireS} 秒 (比例)`, null, c.turnout, null],
      [en ? `First arrival ≤ ${a.thresholds.firstArrivalS} s (share)` : `首车到场 ≤ ${a.thresholds.firstArrivalS} 秒 (比例)`, null, c.firstArrival, null],
    );
    return { header: en ? ['Figure', 'Measured', 'p50 (s) / share', 'p90 (s)'] : ['指标', '样本数', '中位数(秒)/比例', 'P90(秒)'], rows };
  }
  const cols = COLUMNS[table];
  const src = a[table] as Array<Record<string, unknown>>;
  return {
    header: cols.map((c) => (en ? c[2] : c[1])),
    rows: src.map((r) => cols.map(([k]) => (k === 'type' || (table === 'byType' && k === 'key') ? typeName(r[k], lang) : (r[k] ?? null)))),
  };
}

const csvCell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // a cell that a spreadsheet would run as a formula is quoted as text
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** CSV with a UTF-8 byte-order mark, so that Excel opens the Chinese headers as Chinese. */
export function toCsv(t: { header: string[]; rows: unknown[][] }): Buffer {
  const lines = [t.header, ...t.rows].map((r) => r.map(csvCell).join(','));
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function toXlsx(t: { header: string[]; rows: unknown[][] }, sheet: string, note: string): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = '赣119';
  const ws = wb.addWorksheet(sheet.slice(0, 31));
  ws.addRow(t.header).font = { bold: true };
  for (const r of t.rows) ws.addRow(r.map((v) => (v === null || v === undefined ? null : v)));
  ws.columns.forEach((c) => (c.width = 16));
  ws.addRow([]);
  ws.addRow([note]).font = { italic: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
