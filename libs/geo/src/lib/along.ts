import type { LonLat } from './coords';
import { haversineM } from './distance';

/**
 * The point `meters` along a polyline (clamped to its ends), with the heading of that stretch in
 * degrees clockwise from north, and whether the end is reached.
 */
export function pointAlong(line: LonLat[], meters: number): { at: LonLat; headingDeg: number; done: boolean } {
  if (line.length === 0) throw new Error('an empty line has no points');
  let left = Math.max(0, meters);
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1],
      b = line[i];
    const d = haversineM(a, b);
    if (left <= d && d > 0) {
      const f = left / d;
      return { at: [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f], headingDeg: heading(a, b), done: false };
    }
    left -= d;
  }
  const n = line.length;
  return { at: line[n - 1], headingDeg: n > 1 ? heading(line[n - 2], line[n - 1]) : 0, done: true };
}

function heading(a: LonLat, b: LonLat): number {
  const toRad = Math.PI / 180;
  const y = Math.sin((b[0] - a[0]) * toRad) * Math.cos(b[1] * toRad);
  const x = Math.cos(a[1] * toRad) * Math.sin(b[1] * toRad) - Math.sin(a[1] * toRad) * Math.cos(b[1] * toRad) * Math.cos((b[0] - a[0]) * toRad);
  return (Math.atan2(y, x) / toRad + 360) % 360;
}
