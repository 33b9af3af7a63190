/**
 * One application error (code, message, HTTP status, operational or not) and the one
 * normaliser, `toAppError`, that turns anything thrown — a domain error, a zod error, a body
 * parser's refusal, a bug — into it. The JSON error middleware here and the dashboard's error
 * page both go through it, so an error means the same status and code everywhere; domain
 * codes are mapped by the table in error-mapping.ts.
 */
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { DomainError } from '../domain-errors';
import { ERROR_EDGES } from './error-mapping';

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: unknown,
    readonly operational = true,
    /** Words for staff (Bahasa Indonesia) when the error came from the domain's table. */
    readonly staffText?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`, 404);

export function zodToAppError(err: ZodError, where = 'body'): AppError {
  const issues = err.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message }));
  return new AppError('invalid_request', issues.map((i) => `${i.path}: ${i.message}`).join('; '), 400, issues);
}

/**
 * A domain error at the edge: status and wording from the table; a field error names the
 * request body's field as API clients have always seen it (`body.note`).
 */
export function domainToAppError(err: DomainError): AppError {
  const edge = ERROR_EDGES[err.code];
  const { field, ...rest } = err.details;
  const staffText = edge.id(err.details);
  if (field) {
    const path = `body.${field}`;
    return new AppError(edge.apiCode ?? err.code, `${path}: ${err.message}`, edge.status, [{ path, message: err.message }], true, staffText);
  }
  return new AppError(edge.apiCode ?? err.code, err.message, edge.status, Object.keys(rest).length ? rest : undefined, true, staffText);
}

export function toAppError(err: unknown): AppError {
  const e = err as { type?: unknown; status?: unknown; message?: unknown; limit?: unknown } | null | undefined;
  if (err instanceof AppError) return err;
  if (err instanceof DomainError) return domainToAppError(err);
  if (err instanceof ZodError) return zodToAppError(err);
  if (e?.type === 'entity.parse.failed') return new AppError('invalid_json', 'request body is not valid JSON', 400);
  if (e?.type === 'entity.too.large') return new AppError('too_large', `request body is too large${typeof e.limit === 'number' ? ` (limit ${e.limit} bytes)` : ''}`, 413);
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new AppError('bad_request', String(e.message), e.status);
  return new AppError('internal', 'internal error', 500, undefined, false);
}

export const errorMiddleware: ErrorRequestHandler = (err, req, res, _next) => {
  const appError = toAppError(err);
  if (!appError.operational) req.log?.error({ err }, 'unhandled error');
  res.status(appError.status).json({ error: { code: appError.code, message: appError.message, details: appError.details } });
};
