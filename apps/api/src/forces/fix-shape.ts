import { BadRequestException } from '@nestjs/common';
import { isInt, isISO8601, isNumber, isObject, max, min } from 'class-validator';

const FIELDS = new Set(['unitId', 'ts', 'lon', 'lat', 'speedKmh', 'heading']);
const finite = (v: unknown) => isNumber(v, { allowNaN: false, allowInfinity: false });

/**
 * The fixes of an AVL batch checked item by item with class-validator's own rules and words (as the
 * FixDto decorators would), without building a class instance per fix: at 10,000 fixes a second the
 * decorator machinery cost more CPU than storing and pushing them. A 400 lists every problem by path.
 */
export function checkFixes(items: readonly unknown[], path = 'positions'): void {
  const problems: string[] = [];
  items.forEach((item, i) => {
    const at = `${path}.${i}`;
    if (!isObject(item) || Array.isArray(item)) {
      problems.push(`${path}.each value in nested property ${path} must be either object or array`);
      return;
    }
    const f = item as Record<string, unknown>;
    for (const k of Object.keys(f)) if (!FIELDS.has(k)) problems.push(`${at}.property ${k} should not exist`);
    if (!isInt(f.unitId)) problems.push(`${at}.unitId must be an integer number`);
    if (!min(f.unitId, 1)) problems.push(`${at}.unitId must not be less than 1`);
    if (!max(f.unitId, 2147483647)) problems.push(`${at}.unitId must not be greater than 2147483647`);
    if (typeof f.ts !== 'string' || !isISO8601(f.ts, { strict: true })) problems.push(`${at}.ts must be a valid ISO 8601 date string`);
    for (const [k, lo, hi] of [
      ['lon', -180, 180],
      ['lat', -90, 90],
    ] as const) {
      if (!finite(f[k])) problems.push(`${at}.${k} must be a number conforming to the specified constraints`);
      if (!min(f[k], lo)) problems.push(`${at}.${k} must not be less than ${lo}`);
      if (!max(f[k], hi)) problems.push(`${at}.${k} must not be greater than ${hi}`);
    }
    for (const k of ['speedKmh', 'heading'] as const)
      if (f[k] !== undefined && f[k] !== null && !finite(f[k])) problems.push(`${at}.${k} must be a number conforming to the specified constraints`);
  });
  if (problems.length) throw new BadRequestException({ statusCode: 400, message: problems, error: 'Bad Request' });
}
