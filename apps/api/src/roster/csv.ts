import { csvRecords } from '@gan119/places';

/** A parsed CSV row with its 1-based line number in the file (the header is line 1). */
export type CsvRow = { line: number; values: Record<string, string> };

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM; the reader is
 * libs/places' csvRecords) with a header row. Throws with the line number on an unterminated quote
 * or a row with the wrong number of fields.
 */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const { records, error } = csvRecords(text);
  if (error) throw new Error(error);
  if (!records.length) throw new Error('the file is empty');
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const rows = records.slice(1).map((r) => {
    if (r.fields.length !== header.length) throw new Error(`line ${r.line}: ${r.fields.length} fields, the header has ${header.length}`);
    return { line: r.line, values: Object.fromEntries(header.map((h, k) => [h, r.fields[k].trim()])) };
  });
  return { header, rows };
}
