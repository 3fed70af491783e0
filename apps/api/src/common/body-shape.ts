import type { NextFunction, Request, Response } from 'express';

export type ShapeLimits = { depth: number; arrayLength: number; nodes: number };
/** An ordinary JSON request: what every route but the roster import may send. */
export const DEFAULT_SHAPE: ShapeLimits = { depth: 32, arrayLength: 10_000, nodes: 100_000 };
/** A roster or water-source import: province-sized GeoJSON (the 11,000 planned hydrants, several times over). */
export const IMPORT_SHAPE: ShapeLimits = { depth: 32, arrayLength: 100_000, nodes: 3_000_000 };
/** The routes that take import files (rosters, IoT device registers). */
export const IMPORT_ROUTES = ['/api/roster', '/api/iot/devices', '/api/stats/history'];
/** The partners' signed door: the body's bytes are kept for the signature (at most 512 kB a message). */
export const PARTNER_ROUTES = ['/api/partners/inbox'];

// a UTF-16 surrogate without its partner: JavaScript keeps it, PostgreSQL's JSON and text refuse it
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'text must not contain NUL (\\u0000) characters';
  if (LONE_SURROGATE.test(s)) return 'text must not contain a lone UTF-16 surrogate (half of a character)';
  return null;
}

/**
 * What is wrong with a parsed body's shape, before anything validates or stores it: nested deeper
 * than the limit, an array or the whole larger than the limit, or text PostgreSQL cannot hold.
 * Walks the value once without recursion, so neither a deep nor a huge body can exhaust the stack or
 * hold the event loop: it stops at the first problem.
 */
/** Field names that reach an object's prototype: never a field of any body here. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function bodyShapeProblem(body: unknown, limits: ShapeLimits = DEFAULT_SHAPE): { code: string; message: string } | null {
  // two parallel stacks (value, depth): no allocation per value, so a large body costs little to walk
  const values: unknown[] = [body];
  const depths: number[] = [0];
  let nodes = 0;
  while (values.length) {
    const v = values.pop();
    const depth = depths.pop() as number;
    if (++nodes > limits.nodes) return { code: 'body_too_large', message: `the request has more than ${limits.nodes.toLocaleString('en')} values` };
    if (typeof v === 'string') {
      const p = textProblem(v);
      if (p) return { code: 'bad_text', message: p };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limits.depth) return { code: 'body_too_deep', message: `the request is nested deeper than ${limits.depth} levels` };
    if (Array.isArray(v)) {
      if (v.length > limits.arrayLength)
        return {
          code: 'array_too_long',
          message: `a list in the request has ${v.length.toLocaleString('en')} items: at most ${limits.arrayLength.toLocaleString('en')}`,
        };
      for (let i = 0; i < v.length; i++) {
        values.push(v[i]);
        depths.push(depth + 1);
      }
      continue;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const p = textProblem(k);
      if (p) return { code: 'bad_text', message: `a field name: ${p}` };
      // JSON.parse keeps these as own fields, which validation then drops without a word (every other unknown field is a 400)
      if (PROTOTYPE_KEYS.has(k)) return { code: 'unknown_field', message: `property ${k} should not exist` };
      values.push(o[k]);
      depths.push(depth + 1);
    }
  }
  return null;
}

/**
 * The same structural limits read off the raw JSON text before it is parsed (the body parser's
 * verify hook): one pass over the bytes, no allocation, so a 10,000-level nesting or a 350,000-item
 * list is refused in a few milliseconds instead of being parsed first. Text problems are left to the
 * parsed check.
 */
export function rawJsonShapeProblem(buf: Buffer, limits: ShapeLimits = DEFAULT_SHAPE): { code: string; message: string } | null {
  // per open container: whether it is an array, and how many items it has so far
  const isArray: boolean[] = [];
  const items: number[] = [];
  let values = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
      continue;
    }
    switch (c) {
      case 0x22: // "
        inString = true;
        break;
      case 0x7b: // {
      case 0x5b: // [
        if (isArray.length >= limits.depth) return { code: 'body_too_deep', message: `the request is nested deeper than ${limits.depth} levels` };
        if (++values > limits.nodes) return { code: 'body_too_large', message: `the request has more than ${limits.nodes.toLocaleString('en')} values` };
        isArray.push(c === 0x5b);
        items.push(0);
        break;
      case 0x7d: // }
      case 0x5d: // ]
        isArray.pop();
        items.pop();
        break;
      case 0x2c: {
        // ,
        const top = items.length - 1;
        if (top >= 0 && isArray[top] && ++items[top] >= limits.arrayLength) {
          return { code: 'array_too_long', message: `a list in the request has more than ${limits.arrayLength.toLocaleString('en')} items` };
        }
        if (++values > limits.nodes) return { code: 'body_too_large', message: `the request has more than ${limits.nodes.toLocaleString('en')} values` };
        break;
      }
    }
  }
  return null;
}

/** A body-parser verify hook: the raw checks, as the 400 the error filter answers. */
export function verifyJsonShape(limits: ShapeLimits) {
  return (_req: unknown, _res: unknown, buf: Buffer): void => {
    const p = rawJsonShapeProblem(buf, limits);
    if (p) throw Object.assign(new Error(p.message), { status: 400, type: p.code });
  };
}

/**
 * Refuses, with a 400 naming the problem, a request whose URL or body PostgreSQL could not hold (NUL,
 * a lone surrogate) or whose body is deeper or larger than an API request can be — before the
 * validation pipe, which would otherwise spend seconds (or its stack) on it while every other
 * request waited.
 */
export function checkBodyShape(limits: ShapeLimits = DEFAULT_SHAPE) {
  return (req: Request, res: Response, next: NextFunction): void => {
    let url = req.originalUrl;
    try {
      url = decodeURIComponent(url);
    } catch {
      /* malformed escapes are left to the router (400 from its own checks) */
    }
    const p =
      (url.includes('\u0000') ? { code: 'nul_character', message: 'text must not contain NUL (\\u0000) characters' } : null) ??
      bodyShapeProblem(req.body, IMPORT_ROUTES.some((r) => req.originalUrl.startsWith(r)) ? IMPORT_SHAPE : limits);
    if (p) {
      res.status(400).json({ statusCode: 400, error: p.code === 'bad_text' && p.message.includes('NUL') ? 'nul_character' : p.code, message: p.message });
      return;
    }
    next();
  };
}
