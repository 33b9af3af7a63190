/**
 * Shared shapes for command handlers. Handlers are synchronous on purpose: the whole engine
 * runs on the event loop, so each command executes atomically with respect to the others,
 * which is what gives single-document writes their isolation.
 */
import { Long, type Document } from 'bson';
import { CommandError, ErrorCodes } from '../errors';
import type { CursorManager } from '../cursors';
import type { Store } from '../store';

export interface CommandContext {
  store: Store;
  cursors: CursorManager;
  /** Database from `$db` (OP_MSG) or the OP_QUERY namespace. */
  db: string;
  connectionId: number;
  remoteAddress: string;
  port: number;
}

export type Handler = (cmd: Document, ctx: CommandContext) => Document;

export function collectionName(cmd: Document, field: string): string {
  const name = cmd[field];
  if (typeof name !== 'string') {
    throw new CommandError(ErrorCodes.InvalidNamespace, `collection name has invalid type ${name === null ? 'null' : typeof name}`);
  }
  if (!name) throw new CommandError(ErrorCodes.InvalidNamespace, 'Invalid namespace specified');
  return name;
}

export function optionalNumber(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (v instanceof Long) return v.toNumber();
  throw new CommandError(ErrorCodes.TypeMismatch, `BSON field '${field}' is the wrong type '${typeof v}', expected a number`);
}

export function optionalDoc(v: unknown, field: string): Document | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object' && !Array.isArray(v)) return v as Document;
  throw new CommandError(ErrorCodes.TypeMismatch, `BSON field '${field}' is the wrong type, expected type 'object'`);
}
