import { buildNetwork, LonLat } from '@gan119/geo';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseGeoJsonWays } from '../roads/import/geojson-ways';
import { parseCsv } from '../roster/csv';
import { calibrateOn, CalibrationReport, replayHistory, replayNetwork, ReplaySkips } from './eta-replay';
import { readHistoryFile } from './history-file';

/** Station locations from a CSV with columns station, lat, lon (WGS84). */
export function readStationFile(path: string): Map<string, LonLat> {
  const { rows } = parseCsv(readFileSync(path, 'utf8'));
  const out = new Map<string, LonLat>();
  for (const r of rows) {
    const lon = Number(r.values.lon),
      lat = Number(r.values.lat);
    if (r.values.station && Number.isFinite(lon) && Number.isFinite(lat)) out.set(r.values.station.trim(), [lon, lat]);
  }
  return out;
}

export type FileCalibration = CalibrationReport & { responses: number; skipped: ReplaySkips; historyRows: number; rejectedRows: number };

/**
 * The San Francisco replay: the SF road extract, the 45 SFFD stations and 8 days of SFFD responses
 * from the data pack; fitted on the first four local days (to 2017-01-04 00:00 PST), scored on the last four.
 */
export function calibrateSanFrancisco(dataDir: string): FileCalibration {
  const { ways, coords } = parseGeoJsonWays(join(dataDir, 'roads', 'sf_central_drivable_roads.osm.geojson'));
  const net = replayNetwork(buildNetwork(ways, coords));
  const stations = readStationFile(join(dataDir, 'fire_stations_water', 'sf_fire_stations.csv'));
  const history = readHistoryFile(join(dataDir, 'dispatch_history', 'sf_fire_calls_2016-12-31_to_2017-01-07.csv'), { utcOffsetMinutes: -480 });
  const { responses, skipped } = replayHistory(history.incidents, stations, net, { utcOffsetMinutes: -480 });
  const splitAt = Date.UTC(2017, 0, 4, 8); // 2017-01-04 00:00 in San Francisco (UTC−8)
  // NFPA 1710's turnout for fire and special operations where the record has too little of a kind
  const report = calibrateOn(responses, splitAt, () => 80);
  return { ...report, responses: responses.length, skipped, historyRows: history.rows, rejectedRows: history.rejected.length };
}
