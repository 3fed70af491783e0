import { historyFromRows, HistoryIncident, HistoryMapping, mappingColumns, SFFD_MAPPING } from '@gan119/dispatch';
import { readFileSync } from 'fs';
import { parseCsv } from '../roster/csv';

/**
 * A past response record from a CSV file (one row per unit response), read with a column mapping
 * (the SFFD one by default) at the record's local UTC offset. Rows that cannot be read are named,
 * with their line, and their incidents left out.
 */
export function readHistoryFile(
  path: string,
  opts: { mapping?: HistoryMapping; utcOffsetMinutes?: number } = {},
): { incidents: HistoryIncident[]; rejected: Array<{ line: number; error: string }>; rows: number } {
  const mapping = opts.mapping ?? SFFD_MAPPING;
  const { header, rows } = parseCsv(readFileSync(path, 'utf8'));
  const missing = mappingColumns(mapping).filter((c) => !header.includes(c));
  if (missing.length) throw new Error(`the file has no column ${missing.map((c) => `"${c}"`).join(', ')}`);
  return { ...historyFromRows(rows, mapping, opts.utcOffsetMinutes ?? -480), rows: rows.length };
}
