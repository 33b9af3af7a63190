/**
 * Errors the domain throws: a stable code, an English message for logs and API clients, and
 * plain details. No HTTP status and no request path here: the edges (src/http/error-mapping.ts,
 * shared by the JSON API and the dashboard's pages) turn a code into a status and into the
 * words each audience reads.
 */

export const DOMAIN_ERROR_CODES = [
  /** The thing asked for does not exist (details.what). */
  'not_found',
  /** A value the caller gave breaks a rule (details.field names it, as the caller sent it). */
  'invalid_field',
  /** This stage needs a note (the reason); details.field = 'note', details.stage. */
  'note_required',
  /** Reopening needs a reason; details.field = 'reason'. */
  'reason_required',
  /** The assignee is not an active officer or supervisor; details.field = 'assignee.id'. */
  'not_assignable',
  /** The ticket cannot move from its stage to the one asked for (details.from, to, allowed). */
  'invalid_transition',
  /** The ticket is finished (selesai or ditutup) and takes no more responses. */
  'ticket_finished',
  /** Only a finished ticket can be reopened, and this one is still open. */
  'ticket_open',
  /** The ticket is not waiting on the complainant. */
  'not_waiting',
  /** Someone else changed the record meanwhile; reload and try again. */
  'conflict',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainErrorDetails {
  /** The field at fault, in the caller's terms ('note', 'assignee.id'), without a location prefix. */
  field?: string;
  [detail: string]: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (err: unknown, code?: DomainErrorCode): err is DomainError =>
  err instanceof DomainError && (code === undefined || err.code === code);

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`, { what });

/** A field that breaks a rule: `message` says why, in English ("must not be in the future"). */
export const invalidField = (field: string, message: string) => new DomainError('invalid_field', message, { field });
