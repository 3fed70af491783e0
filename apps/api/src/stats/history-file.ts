import { historyFromRows, HistoryIncident, HistoryMapping, mappingColumns, SFFD_MAPPING } from '@gan119/dispatch';
import { readFileSync } from 'fs';
import { parseCsv } from '../roster/csv';

export type ReadHistory = { incidents: HistoryIncident[]; rejected: Array<{ line: number; error: string }>; rows: number; missingColumns: string[] };

/**
 * A past response record as CSV text (one row per unit response), read with a column mapping at the
 * record's local UTC offset: the columns the mapping needs and the file lacks, or the incidents, with
 * the rows that cannot be read named by their line (their incidents left out). Throws when the text
 * is not CSV at all.
 */
export function historyFromCsv(content: string, mapping: HistoryMapping, utcOffsetMinutes: number): ReadHistory {
  const { header, rows } = parseCsv(content);
  const missingColumns = mappingColumns(mapping).filter((c) => !header.includes(c));
  if (missingColumns.length) return { incidents: [], rejected: [], rows: rows.length, missingColumns };
  return { ...historyFromRows(rows, mapping, utcOffsetMinutes), rows: rows.length, missingColumns };
}

/** A past response record from a CSV file (the SFFD mapping at San Francisco's winter offset by default); a file without the mapping's columns is an error naming them. */
export function readHistoryFile(path: string, opts: { mapping?: HistoryMapping; utcOffsetMinutes?: number } = {}): ReadHistory {
  const r = historyFromCsv(readFileSync(path, 'utf8'), opts.mapping ?? SFFD_MAPPING, opts.utcOffsetMinutes ?? -480);
  if (r.missingColumns.length) throw new Error(`the file has no column ${r.missingColumns.map((c) => `"${c}"`).join(', ')}`);
  return r;
}
