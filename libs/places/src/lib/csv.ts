/** One record of a CSV file, with the line it starts on (1-based, the header is line 1). */
export type CsvRecord = { line: number; fields: string[] };

/**
 * The one CSV reader (place files here, the roster import in the api): parses CSV text (RFC 4180: commas, double quotes, "" inside quotes, CRLF or LF, a BOM), keeping
 * the line each record starts on for error reports. An unclosed quote is an error naming its line.
 */
export function csvRecords(text: string): { records: CsvRecord[]; error: string | null } {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      any = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      any = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      if (any || field) records.push({ line: start, fields: [...fields, field] });
      fields = [];
      field = '';
      any = false;
      line++;
      start = line;
    } else {
      field += c;
      any = true;
    }
  }
  if (quoted) return { records, error: `line ${start}: a quoted field is not closed` };
  if (any || field) records.push({ line: start, fields: [...fields, field] });
  return { records, error: null };
}
