import type { IncidentResponse, UnitTimes } from './response-times';

/** Which column of a past response record holds what (header names, lower case). */
export type HistoryMapping = {
  incident: string;
  type: string;
  callAt: string;
  createdAt: string;
  orderedAt: string;
  enRouteAt: string;
  onSceneAt: string;
  unit: string;
  unitType: string;
  /** the unit's home station: a column, or read from the unit's id (a unit that does not match has none) */
  station: string | { fromUnit: RegExp };
  /** "(lat, lon)" in one column */
  location: string;
  /** the response's priority, and the values of it that mean lights and sirens (others: driven without); no column: all emergency */
  priority?: { column: string; emergency: readonly string[] };
};

/**
 * The San Francisco Fire Department's "Fire Department Calls for Service" (DataSF) as one mapping:
 * one row per unit response; Received → the call, Entry → the incident created, Dispatch → the
 * order, Response → en route, On Scene → arrived; "(lat, lon)" in WGS84. An engine's or truck's id
 * names its station (E01, T02: station 1, 2); medics, chiefs and private ambulances have no home
 * station here. Priority 3 (and E) is a Code 3 response, lights and sirens; 2 is Code 2.
 * Times are local (MM/DD/YYYY hh:mm:ss AM/PM). There is no acknowledgement column.
 */
export const SFFD_MAPPING: HistoryMapping = {
  incident: 'incident number',
  type: 'call type',
  callAt: 'received dttm',
  createdAt: 'entry dttm',
  orderedAt: 'dispatch dttm',
  enRouteAt: 'response dttm',
  onSceneAt: 'on scene dttm',
  unit: 'unit id',
  unitType: 'unit type',
  station: { fromUnit: /^(?:E|T)0*(\d+)$/ },
  location: 'location',
  priority: { column: 'priority', emergency: ['3', 'E'] },
};

/**
 * 赣119's own export and import format: one row per unit response; times ISO 8601 with their zone (or
 * local at the import's UTC offset); the unit's home station by its roster code; "(lat, lon)" WGS84.
 */
export const GAN119_MAPPING: HistoryMapping = {
  incident: 'incident',
  type: 'type',
  callAt: 'call_at',
  createdAt: 'created_at',
  orderedAt: 'ordered_at',
  enRouteAt: 'en_route_at',
  onSceneAt: 'on_scene_at',
  unit: 'unit',
  unitType: 'unit_kind',
  station: 'station',
  location: 'location',
};

export const HISTORY_MAPPINGS = { gan119: GAN119_MAPPING, sffd: SFFD_MAPPING } as const;
export type HistoryMappingName = keyof typeof HISTORY_MAPPINGS;

/** The columns a file must have for a mapping. */
export function mappingColumns(m: HistoryMapping): string[] {
  return [...Object.values(m).filter((c): c is string => typeof c === 'string'), ...(m.priority ? [m.priority.column] : [])];
}

export type HistoryUnit = UnitTimes & { unit: string; unitType: string; station: string | null; emergency: boolean };
export type HistoryIncident = Omit<IncidentResponse, 'units'> & { incident: string; type: string; lon: number; lat: number; units: HistoryUnit[] };
export type HistoryRow = { line: number; values: Readonly<Record<string, string>> };

const LOCATION = /^\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)$/;

/**
 * A past response record, row by row, into incidents with their units' times. A row that cannot be
 * read (no incident or unit, a time that is not a time, no order time, a location that is not one)
 * is named with its line and left out, and so is the incident it belongs to: a partial incident
 * would skew its intervals. `utcOffsetMinutes` is the local time's offset (San Francisco in winter:
 * −480); ISO 8601 times with their own zone are read as they are.
 */
export function historyFromRows(
  rows: readonly HistoryRow[],
  mapping: HistoryMapping,
  utcOffsetMinutes: number,
): { incidents: HistoryIncident[]; rejected: Array<{ line: number; error: string }> } {
  const rejected: Array<{ line: number; error: string }> = [];
  const byIncident = new Map<
    string,
    { rows: Array<{ line: number; unit: HistoryUnit; callAt: number; createdAt: number | null }>; first: HistoryRow; bad: boolean }
  >();
  for (const row of rows) {
    const v = (k: Exclude<keyof HistoryMapping, 'station' | 'priority'>) => (row.values[mapping[k]] ?? '').trim();
    const incident = v('incident');
    const problem = (error: string) => {
      rejected.push({ line: row.line, error });
      const g = byIncident.get(incident);
      if (g) g.bad = true;
      else if (incident) byIncident.set(incident, { rows: [], first: row, bad: true });
    };
    if (!incident) {
      rejected.push({ line: row.line, error: `no ${mapping.incident}` });
      continue;
    }
    if (!v('unit')) {
      problem(`no ${mapping.unit}`);
      continue;
    }
    const read = (k: 'callAt' | 'createdAt' | 'orderedAt' | 'enRouteAt' | 'onSceneAt'): number | null | 'bad' => {
      const text = v(k);
      if (!text) return null;
      return parseTime(text, utcOffsetMinutes) ?? 'bad';
    };
    const keys = ['callAt', 'createdAt', 'orderedAt', 'enRouteAt', 'onSceneAt'] as const;
    const read5 = keys.map(read);
    const [callAt, createdAt, orderedAt, enRouteAt, onSceneAt] = read5;
    const badTime = keys.find((_, k) => read5[k] === 'bad');
    const loc = LOCATION.exec(v('location'));
    let bad = badTime ? `${mapping[badTime]} "${v(badTime)}" is not a time` : '';
    if (!bad && callAt === null) bad = `no ${mapping.callAt}`;
    if (!bad && orderedAt === null) bad = `no ${mapping.orderedAt}`;
    if (!bad && (!loc || Math.abs(+loc[1]) > 90 || Math.abs(+loc[2]) > 180)) bad = `${mapping.location} "${v('location')}" is not "(lat, lon)"`;
    if (bad || typeof callAt !== 'number' || typeof orderedAt !== 'number') {
      problem(bad);
      continue;
    }
    const time = (t: number | null | 'bad') => (typeof t === 'number' ? t : null);
    const unit: HistoryUnit = {
      unit: v('unit'),
      unitType: v('unitType'),
      station: stationOf(mapping, row, v('unit')),
      emergency:
        !mapping.priority || !row.values[mapping.priority.column]?.trim() || mapping.priority.emergency.includes(row.values[mapping.priority.column].trim()),
      orderedAt,
      ackedAt: null,
      enRouteAt: time(enRouteAt),
      onSceneAt: time(onSceneAt),
    };
    const g = byIncident.get(incident) ?? { rows: [], first: row, bad: false };
    g.rows.push({ line: row.line, unit, callAt, createdAt: time(createdAt) });
    byIncident.set(incident, g);
  }
  const incidents: HistoryIncident[] = [];
  for (const [incident, g] of byIncident) {
    if (g.bad || !g.rows.length) continue;
    const loc = LOCATION.exec((g.first.values[mapping.location] ?? '').trim());
    const callAt = Math.min(...g.rows.map((r) => r.callAt));
    const created = g.rows.map((r) => r.createdAt).filter((t): t is number => t !== null);
    incidents.push({
      incident,
      type: (g.first.values[mapping.type] ?? '').trim(),
      lat: loc ? +loc[1] : NaN,
      lon: loc ? +loc[2] : NaN,
      callAt,
      createdAt: created.length ? Math.min(...created) : callAt,
      planned: null,
      units: g.rows.map((r) => r.unit),
    });
  }
  return { incidents, rejected };
}

function stationOf(mapping: HistoryMapping, row: HistoryRow, unit: string): string | null {
  if (typeof mapping.station === 'string') return (row.values[mapping.station] ?? '').trim() || null;
  return mapping.station.fromUnit.exec(unit)?.[1] ?? null;
}

/** "12/31/2016 11:57:56 PM" at a UTC offset, or an ISO 8601 time with its zone; null when it is neither. */
export function parseTime(text: string, utcOffsetMinutes: number): number | null {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/i.exec(text);
  if (us) {
    const [mo, d, y, h, mi, s] = us.slice(1, 7).map(Number);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 1 || h > 12 || mi > 59 || s > 59) return null;
    const h24 = (h % 12) + (us[7].toUpperCase() === 'PM' ? 12 : 0);
    const t = Date.UTC(y, mo - 1, d, h24, mi, s) - utcOffsetMinutes * 60_000;
    return new Date(t + utcOffsetMinutes * 60_000).getUTCDate() === d ? t : null; // 02/30 is not a day
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const t = Date.parse(text);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}
