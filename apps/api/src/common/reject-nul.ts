import type { NextFunction, Request, Response } from 'express';

function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 32 || v === null || typeof v !== 'object') return false;
  return Object.entries(v as Record<string, unknown>).some(([k, x]) => k.includes('\u0000') || hasNul(x, depth + 1));
}

/**
 * PostgreSQL text cannot hold a NUL character: a request carrying one (in its URL, query or body) is
 * refused here with a 400 naming the problem, before it can reach a query and become a 500.
 */
export function rejectNulCharacters() {
  return (req: Request, res: Response, next: NextFunction): void => {
    let url = req.originalUrl;
    try {
      url = decodeURIComponent(url);
    } catch {
      /* malformed escapes are left to the router (400 from its own checks) */
    }
    if (url.includes('\u0000') || hasNul(req.body)) {
      res.status(400).json({ statusCode: 400, error: 'nul_character', message: 'text must not contain NUL (\\u0000) characters' });
      return;
    }
    next();
  };
}
