/**
 * Server-side cursors for find/aggregate/listCollections results that do not fit the first
 * batch. A cursor holds references to (immutable, copy-on-write) stored documents, so later
 * writes never change a batch that is already being read. Projection is applied per batch to
 * avoid projecting documents a client never fetches. Idle cursors are reaped after 10 minutes
 * like mongod's cursorTimeoutMillis.
 */
import { Long, calculateObjectSize, type Document } from 'bson';
import { CommandError, ErrorCodes } from './errors';
import { project } from './matcher';
import type { Doc } from './values';

const BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024; // stay under maxBsonObjectSize with reply overhead
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
export const DEFAULT_FIRST_BATCH = 101;

interface OpenCursor {
  id: Long;
  ns: string;
  docs: Doc[];
  pos: number;
  projection: Document | null;
  touched: number;
}

export class CursorManager {
  private readonly open = new Map<string, OpenCursor>();

  /** Splits `docs` into the first batch and, if anything remains, a registered cursor. */
  start(ns: string, docs: Doc[], opts: { batchSize?: number; singleBatch?: boolean; projection?: Document | null }): Document {
    const first = opts.batchSize === undefined || opts.batchSize <= 0 ? (opts.batchSize === 0 ? 0 : DEFAULT_FIRST_BATCH) : opts.batchSize;
    const cursor: OpenCursor = { id: Long.ZERO, ns, docs, pos: 0, projection: opts.projection ?? null, touched: Date.now() };
    const firstBatch = this.take(cursor, opts.singleBatch ? Infinity : first);
    if (!opts.singleBatch && cursor.pos < docs.length) {
      cursor.id = this.newId();
      this.open.set(cursor.id.toString(), cursor);
    }
    return { cursor: { firstBatch, id: cursor.id, ns }, ok: 1 };
  }

  getMore(id: unknown, collection: string, db: string, batchSize: number | undefined): Document {
    const key = toLong(id).toString();
    const cursor = this.open.get(key);
    if (!cursor) throw new CommandError(ErrorCodes.CursorNotFound, `cursor id ${key} not found`);
    if (cursor.ns !== `${db}.${collection}` && !cursor.ns.startsWith(`${db}.$cmd`)) {
      throw new CommandError(ErrorCodes.BadValue, `Requested getMore on namespace '${db}.${collection}', but cursor belongs to a different namespace ${cursor.ns}`);
    }
    cursor.touched = Date.now();
    const nextBatch = this.take(cursor, batchSize && batchSize > 0 ? batchSize : Infinity);
    let outId = cursor.id;
    if (cursor.pos >= cursor.docs.length) {
      this.open.delete(key);
      outId = Long.ZERO;
    }
    return { cursor: { nextBatch, id: outId, ns: cursor.ns }, ok: 1 };
  }

  kill(ids: unknown[]): Document {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of ids) {
      const id = toLong(raw);
      (this.open.delete(id.toString()) ? killed : notFound).push(id);
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  reapIdle(now = Date.now()): void {
    for (const [key, c] of this.open) if (now - c.touched > IDLE_TIMEOUT_MS) this.open.delete(key);
  }

  clear(): void {
    this.open.clear();
  }

  private take(cursor: OpenCursor, count: number): Doc[] {
    const end = Math.min(cursor.docs.length, cursor.pos + count);
    let slice = cursor.docs.slice(cursor.pos, end);
    if (cursor.projection) slice = project(slice, cursor.projection);
    if (slice.length > 1) {
      let bytes = 0;
      for (let i = 0; i < slice.length; i++) {
        bytes += calculateObjectSize(slice[i], { ignoreUndefined: true });
        if (bytes > BATCH_BYTES && i > 0) {
          slice = slice.slice(0, i);
          break;
        }
      }
    }
    cursor.pos += slice.length;
    return slice;
  }

  private newId(): Long {
    for (;;) {
      const id = Long.fromBits((Math.random() * 0x100000000) | 0, (Math.random() * 0x7fffffff) | 0 || 1);
      if (!this.open.has(id.toString())) return id;
    }
  }
}

export function toLong(v: unknown): Long {
  if (v instanceof Long) return v;
  if (typeof v === 'number') return Long.fromNumber(v);
  if (typeof v === 'bigint') return Long.fromBigInt(v);
  throw new CommandError(ErrorCodes.TypeMismatch, 'cursor id must be a long');
}
