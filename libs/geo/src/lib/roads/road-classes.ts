/**
 * Road classes and the default travel speeds of a fire appliance on them, in one place.
 * Speeds are for a loaded fire engine under blue lights on Chinese roads (km/h): expressway (高速公路),
 * national/provincial trunk roads (国道/省道), urban arterials (城市主干道), secondary and local
 * roads, residential streets, service roads. A way's maxspeed tag, where present, replaces the default
 * but never exceeds the vehicle's cap.
 */
export const ROAD_CLASSES = {
  motorway: { zh: '高速公路', kmh: 80 },
  motorway_link: { zh: '高速匝道', kmh: 40 },
  trunk: { zh: '国道/城市快速路', kmh: 65 },
  trunk_link: { zh: '快速路匝道', kmh: 35 },
  primary: { zh: '省道/主干道', kmh: 50 },
  primary_link: { zh: '主干道连接线', kmh: 30 },
  secondary: { zh: '县道/次干道', kmh: 40 },
  secondary_link: { zh: '次干道连接线', kmh: 30 },
  tertiary: { zh: '乡道/支路', kmh: 35 },
  tertiary_link: { zh: '支路连接线', kmh: 25 },
  unclassified: { zh: '村道', kmh: 30 },
  residential: { zh: '居住区道路', kmh: 25 },
  living_street: { zh: '生活街道', kmh: 10 },
  service: { zh: '服务道路', kmh: 15 },
  busway: { zh: '公交专用道', kmh: 30 },
} as const;

export type RoadClass = keyof typeof ROAD_CLASSES;
export const VEHICLE_MAX_KMH = 90;

export function isRoadClass(v: unknown): v is RoadClass {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(ROAD_CLASSES, v);
}

/** Draw order and tile zoom from which a class is shown (higher classes from lower zooms). */
export const CLASS_MIN_ZOOM: Record<RoadClass, number> = {
  motorway: 0,
  trunk: 0,
  motorway_link: 9,
  trunk_link: 9,
  primary: 6,
  primary_link: 11,
  secondary: 8,
  secondary_link: 12,
  tertiary: 10,
  tertiary_link: 13,
  unclassified: 12,
  residential: 13,
  living_street: 14,
  service: 14,
  busway: 13,
};

/**
 * Parses an OSM maxspeed value to km/h: "50", "50 km/h", "25 mph", "30;50" (the lowest), "CN:urban"
 * and the like (null: use the class default). Returns null for "none", "signals", "walk" or nonsense.
 */
export function parseMaxspeed(v: string | undefined): number | null {
  if (!v) return null;
  const parts = v.split(/[;|]/).map((p) => p.trim().toLowerCase());
  const speeds = parts
    .map((p) => {
      const m = /^(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph|knots)?$/.exec(p);
      if (!m) return null;
      const n = Number(m[1]);
      const kmh = m[2] === 'mph' ? n * 1.609344 : m[2] === 'knots' ? n * 1.852 : n;
      return kmh > 0 && kmh <= 300 ? kmh : null;
    })
    .filter((x): x is number => x !== null);
  return speeds.length ? Math.min(...speeds) : null;
}

/** Travel speed on a way: its maxspeed (capped to the vehicle) or the class default. */
export function speedKmh(cls: RoadClass, maxspeed: string | undefined): number {
  const posted = parseMaxspeed(maxspeed);
  return Math.min(posted ?? ROAD_CLASSES[cls].kmh, VEHICLE_MAX_KMH);
}

export type Direction = 'both' | 'forward' | 'backward' | 'none';

/**
 * Which ways a vehicle may drive a way, from OSM tags: oneway=yes/true/1 and -1/reverse,
 * junction=roundabout/circular and highway=motorway imply one way unless oneway=no; access=no|private
 * or motor_vehicle=no closes it (emergency=yes reopens it: fire engines may use emergency access).
 */
export function wayDirection(tags: Readonly<Record<string, string | undefined>>): Direction {
  const emergency = tags.emergency === 'yes' || tags.emergency === 'designated';
  const closed =
    ['no', 'private'].includes(tags.access ?? '') || ['no', 'private'].includes(tags.motor_vehicle ?? '') || ['no', 'private'].includes(tags.motorcar ?? '');
  if (closed && !emergency) return 'none';
  const ow = (tags.oneway ?? '').toLowerCase();
  if (ow === '-1' || ow === 'reverse') return 'backward';
  if (ow === 'yes' || ow === 'true' || ow === '1') return 'forward';
  if (ow === 'no' || ow === 'false' || ow === '0') return 'both';
  if (tags.junction === 'roundabout' || tags.junction === 'circular') return 'forward';
  if (tags.highway === 'motorway') return 'forward';
  return 'both';
}
