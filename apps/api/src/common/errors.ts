import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { dependencyFailure } from './dependency-errors';

/** An error the domain expects: carries a stable code and the HTTP status it maps to. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 415 | 422 | 423 | 429 | 503 = 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`, 404);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new DomainError(code, message, 409, details);
export const unavailable = (code: string, message: string) => new DomainError(code, message, 503);

/** The one place errors become HTTP answers: domain errors by their status, Nest's as they are, the rest 500. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('ErrorFilter');

  catch(e: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (e instanceof DomainError) {
      res.status(e.status).json({ statusCode: e.status, error: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) });
      return;
    }
    if (e instanceof HttpException) {
      const body = e.getResponse();
      res.status(e.getStatus()).json(typeof body === 'string' ? { statusCode: e.getStatus(), message: body } : body);
      return;
    }
    const err = e as { type?: string; status?: number; message?: string };
    // body-parser errors (malformed JSON, too large) carry their own 4xx status
    if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
      res.status(err.status).json({ statusCode: err.status, error: err.type ?? 'bad_request', message: err.message ?? 'bad request' });
      return;
    }
    const dep = dependencyFailure(e);
    if (dep) {
      this.log.warn(`${dep.dependency}: ${(e as Error).message}`);
      res.status(503).json({ statusCode: 503, error: `${dep.dependency}_unavailable`, message: dep.message });
      return;
    }
    this.log.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    res.status(500).json({ statusCode: 500, error: 'internal', message: 'internal error' });
  }
}
