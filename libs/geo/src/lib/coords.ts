/** A longitude/latitude pair in degrees, always in this order (GeoJSON order). */
export type LonLat = readonly [lon: number, lat: number];

/** The coordinate systems a location may arrive in. Storage is always WGS84. */
export const CRS_NAMES = ['WGS84', 'GCJ02', 'BD09'] as const;
export type CrsName = (typeof CRS_NAMES)[number];

export function isCrsName(v: unknown): v is CrsName {
  return typeof v === 'string' && (CRS_NAMES as readonly string[]).includes(v);
}

/** Why a coordinate pair is not usable, or null when it is. */
export function lonLatProblem(lon: unknown, lat: unknown): string | null {
  if (typeof lon !== 'number' || typeof lat !== 'number') return 'longitude and latitude must be numbers';
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return 'longitude and latitude must be finite numbers';
  if (lon < -180 || lon > 180) return `longitude ${lon} is outside -180..180`;
  if (lat < -90 || lat > 90) return `latitude ${lat} is outside -90..90`;
  if (lon === 0 && lat === 0) return 'longitude 0, latitude 0 (null island) is not a real location';
  return null;
}

/** A bounding box [minLon, minLat, maxLon, maxLat]. */
export type BBox = readonly [number, number, number, number];

export function inBBox([lon, lat]: LonLat, [minLon, minLat, maxLon, maxLat]: BBox): boolean {
  return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
}
