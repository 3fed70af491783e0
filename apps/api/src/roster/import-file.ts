import type { FeatureCollection } from 'geojson';
import { DomainError } from '../common/errors';
import { parseCsv } from './csv';
import type { RawRow, RowError } from './roster-rows';

const MAX_ERRORS_LISTED = 200;

/**
 * The rows of an import file: CSV with a header row (`required` columns checked), or a GeoJSON
 * FeatureCollection (a Point's coordinates become lon/lat when `points`). Each row knows where it
 * came from (`line 12`, `feature 3`) for the error list.
 */
export function importRows(body: unknown, contentType: string, required: readonly string[], points: boolean): RawRow[] {
  if (typeof body === 'string' && /text\/(csv|plain)/.test(contentType)) {
    let parsed;
    try {
      parsed = parseCsv(body);
    } catch (e) {
      throw new DomainError('bad_csv', (e as Error).message, 400);
    }
    const missing = required.filter((c) => !parsed.header.includes(c));
    if (missing.length) throw new DomainError('bad_csv', `missing column(s): ${missing.join(', ')}`, 400);
    return parsed.rows.map((r) => ({ at: `line ${r.line}`, values: r.values }));
  }
  const fc = body as FeatureCollection | null;
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new DomainError('bad_body', 'send text/csv with a header row, or a GeoJSON FeatureCollection of Points', 400);
  }
  return fc.features.map((f, i) => {
    const g = f?.geometry;
    const coords = g?.type === 'Point' && Array.isArray(g.coordinates) ? g.coordinates : [NaN, NaN];
    return { at: `feature ${i + 1}`, values: { ...(f?.properties ?? {}), ...(points ? { lon: coords[0], lat: coords[1] } : {}) } };
  });
}

/** Any bad row: 422 listing them by line (the first 200), and nothing was imported. */
export function refuseRows(errors: RowError[]): void {
  if (!errors.length) return;
  errors.sort((a, b) => Number(/\d+/.exec(a.at)?.[0]) - Number(/\d+/.exec(b.at)?.[0]));
  throw new DomainError('bad_rows', `${errors.length} problem(s) in the file; nothing was imported`, 422, {
    errors: errors.slice(0, MAX_ERRORS_LISTED),
    more: Math.max(0, errors.length - MAX_ERRORS_LISTED),
  });
}
