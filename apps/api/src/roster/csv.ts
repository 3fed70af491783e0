/** A parsed CSV row with its 1-based line number in the file (the header is line 1). */
export type CsvRow = { line: number; values: Record<string, string> };

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM) with a header row.
 * Throws with the line number on an unterminated quote or a row with the wrong number of fields.
 */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== '') records.push({ line: startLine, fields });
      fields = [];
      field = '';
      line++;
      startLine = line;
    } else field += c;
  }
  if (quoted) throw new Error(`line ${startLine}: a quoted field is not closed`);
  if (field !== '' || fields.length) {
    fields.push(field);
    records.push({ line: startLine, fields });
  }
  if (!records.length) throw new Error('the file is empty');
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const rows = records.slice(1).map((r) => {
    if (r.fields.length !== header.length) throw new Error(`line ${r.line}: ${r.fields.length} fields, the header has ${header.length}`);
    return { line: r.line, values: Object.fromEntries(header.map((h, k) => [h, r.fields[k].trim()])) };
  });
  return { header, rows };
}
