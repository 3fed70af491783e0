import { h } from './labels';

/** Downloads rows as a CSV file Excel opens as UTF-8 (a byte-order mark, CRLF, every cell quoted). */
export function downloadCsv(fileName: string, head: string[], rows: Array<Array<string | number>>): void {
  const text = '\ufeff' + [head, ...rows].map((r) => r.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(',')).join('\r\n');
  const a = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' })), download: fileName });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
