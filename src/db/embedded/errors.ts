/**
 * Server-side error values. Every failure the engine reports travels to the client as a
 * MongoDB-shaped `{ ok: 0, errmsg, code, codeName }` document, so the driver and mongoose
 * raise the same MongoServerError (same code/codeName) they would against a real mongod.
 */
import type { Document } from 'bson';

export const ErrorCodes = {
  InternalError: 1,
  AuthenticationFailed: 18,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  Location40324: 40324,
  DuplicateKey: 11000,
} as const;

const NAMES = new Map<number, string>(Object.entries(ErrorCodes).map(([name, code]) => [code, name]));

export class CommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  /** Extra top-level fields the real server adds (e.g. keyPattern/keyValue for 11000). */
  readonly extra: Document;

  constructor(code: number, errmsg: string, extra: Document = {}) {
    super(errmsg);
    this.code = code;
    this.codeName = NAMES.get(code) ?? 'UnknownError';
    this.extra = extra;
  }

  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

export function errorReply(err: unknown): Document {
  if (err instanceof CommandError) return err.toReply();
  // Anything else is an engine bug; report it instead of crashing the connection.
  const message = err instanceof Error ? err.message : String(err);
  return { ok: 0, errmsg: message, code: ErrorCodes.InternalError, codeName: 'InternalError' };
}
