import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import { duration, h } from '../../labels';
import type { Row } from './charts';

export type Column = { head: MessageKey; cell: (r: Row) => string | Node; numeric?: boolean };

/** A share as a percentage (87.5 %), or — with nothing measured. */
export const pct = (v: unknown) => (v === null || v === undefined ? '—' : `${(Number(v) * 100).toFixed(1)}%`);
export const secs = (v: unknown) => (v === null || v === undefined ? '—' : duration(Number(v)));

/** A section's title with its CSV and Excel buttons. */
export function exportHead(title: string, exportAs: (format: 'csv' | 'xlsx') => void): HTMLElement {
  return h(
    'div',
    { className: 'stats-head' },
    h('h3', { textContent: title }),
    h('button', { type: 'button', className: 'export', dataset: { format: 'csv' }, textContent: t('statsCsv'), onclick: () => exportAs('csv') }),
    h('button', { type: 'button', className: 'export', dataset: { format: 'xlsx' }, textContent: t('statsXlsx'), onclick: () => exportAs('xlsx') }),
  );
}

/**
 * A titled table of statistics rows with its CSV and Excel buttons; a row may be picked (to filter by
 * it). Shows the first `shown` rows; the export holds them all.
 */
export function statsTable(opts: {
  id: string;
  title: MessageKey;
  columns: Column[];
  rows: Row[];
  /** still on its way: says so instead of an empty table */
  loading?: boolean;
  shown?: number;
  onPick?: (r: Row) => void;
  /** its CSV and Excel buttons (none when the table cannot be exported) */
  exportAs?: (format: 'csv' | 'xlsx') => void;
}): HTMLElement {
  const shown = opts.rows.slice(0, opts.shown ?? 50);
  return h(
    'section',
    { className: 'section stats-table', id: opts.id },
    ((title: string) => (opts.exportAs ? exportHead(title, opts.exportAs) : h('div', { className: 'stats-head' }, h('h3', { textContent: title }))))(
      opts.loading ? `${t(opts.title)} · ${t('statsLoading')}` : `${t(opts.title)} (${opts.rows.length})`,
    ),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...opts.columns.map((c) => h('th', { textContent: t(c.head), className: c.numeric ? 'num' : '' })))),
      h(
        'tbody',
        {},
        ...shown.map((r) =>
          h(
            'tr',
            {
              className: opts.onPick ? 'pickable' : '',
              onclick: opts.onPick ? () => opts.onPick?.(r) : null,
              dataset: { key: String(r.key ?? r.factId ?? '') },
            },
            ...opts.columns.map((c) => h('td', { className: c.numeric ? 'num' : '' }, c.cell(r))),
          ),
        ),
      ),
    ),
  );
}
