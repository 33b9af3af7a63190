/**
 * One application error (code, message, HTTP status, operational or not) and the one error
 * middleware that turns anything thrown into a JSON answer without leaking internals.
 */
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: unknown,
    readonly operational = true,
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

export const errorMiddleware: ErrorRequestHandler = (err, req, res, _next) => {
  let appError: AppError;
  if (err instanceof AppError) appError = err;
  else if (err instanceof ZodError) appError = zodToAppError(err);
  else if (err?.type === 'entity.parse.failed') appError = new AppError('invalid_json', 'request body is not valid JSON', 400);
  else if (err?.type === 'entity.too.large') appError = new AppError('too_large', 'request body is too large', 413);
  else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) appError = new AppError('bad_request', String(err.message), err.status);
  else appError = new AppError('internal', 'internal error', 500, undefined, false);
  if (!appError.operational) req.log?.error({ err }, 'unhandled error');
  res.status(appError.status).json({ error: { code: appError.code, message: appError.message, details: appError.details } });
};
