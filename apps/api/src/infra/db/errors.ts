import { QueryFailedError } from 'typeorm';

/** The database refused a row because a unique index already holds its key (PostgreSQL 23505). */
export const isUniqueViolation = (e: unknown): boolean => e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';
