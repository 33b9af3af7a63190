/**
 * Conversation sessions in MongoDB: which flow a chat is in, that flow's JSON state and
 * version, the counters the router keeps (misunderstood messages, a pending offer) and the
 * inbound messages whose effects the session already holds. Kept behind a bounded write-through
 * cache: this process is the only writer of the collection (ONE application process per
 * database, one instance per WhatsApp number: a second process on the same database would read
 * stale sessions from either cache, and nothing here detects one), so a cached session is the
 * stored one; every write still goes to the database, the cache entry is replaced only after it
 * succeeded, and a write that fails drops the chat from the cache. Writes of different chats at
 * the same moment are group-committed (src/db/group-commit), each still a single-document write.
 * At rest a session is found by the keyed hash of its chat key (which holds the phone number),
 * and the message ids it records are keyed hashes too (a WhatsApp id holds the number, a Cloud
 * wamid encodes it): the engine compares marks (markOf), never raw ids. Sessions written before
 * hashing are rewritten once, at the first start-up of this version (migrateLegacy).
 */
import type { Collection } from 'mongodb';
import { Schema, type Connection } from 'mongoose';
import { z } from 'zod';
import type { PiiCipher } from '../applications/pii-crypto';
import { chatKeyHash, clearKeyRanges, keyedHash } from '../applications/sealing';
import type { FlowId, FlowState } from './flow-types';
import { CHANNEL_NAMES } from './inbound';
import { GroupCommit } from '../db/group-commit';
import { databaseOf, ensureTtlIndex } from '../db/ttl-index';

export type ActiveFlow = { id: FlowId; version: number; state: FlowState };

/** A question the bot asked outside a flow, waiting for its answer. */
export type Offer =
  /** "Ingin dihubungkan dengan petugas? ya/tidak" */
  | { kind: 'handoff' }
  /** "Maksud Bapak/Ibu: 1. … 2. …" — the likeliest topics when the bot was unsure. */
  | { kind: 'topics'; intents: string[] }
  /** "Ada pengaduan yang belum terkirim. Lanjutkan?" — a flow's state kept across a timeout. */
  | { kind: 'resume'; flow: ActiveFlow }
  /** "Dibatalkan. Tidak sengaja? Balas *lanjut*" — a draft just cancelled, restorable by the very next message only. */
  | { kind: 'undo'; flow: ActiveFlow };

/**
 * An inbound message id as a session records it: its keyed hash (SessionStore.markOf). A type of
 * its own, so a raw id can never be compared with (or stored as) a mark by mistake.
 */
export type AppliedMark = string & { readonly __appliedMark: true };

export interface Session {
  /** The chat key in clear (in memory only: stored as its keyed hash). */
  _id: string;
  flow: ActiveFlow | null;
  misses: number;
  offer: Offer | null;
  lastActivityAt: Date;
  /** Last inbound message whose effects (replies, state) are saved: a redelivery after a crash is not replayed. */
  lastMessageId: AppliedMark | null;
  /**
   * The latest inbound messages applied to this session (oldest first, at most APPLIED_KEPT):
   * saving the session is what marks them processed, so a redelivery of any of them is a duplicate.
   */
  applied?: AppliedMark[];
}

/** A session as the collection holds it: `_id` is the chat key's keyed hash. */
type StoredSession = Omit<Session, '_id'> & { _id: string };

/** The `migrations` record of the one-time conversion of sessions from before hashing. */
const SESSIONS_HASHED = 'sessions-hashed-chat-keys';

/** How many applied message ids a session keeps: more than WhatsApp's catch-up redelivers per chat (20). */
export const APPLIED_KEPT = 50;

/** Whether the session already holds the effects of the inbound message with this mark. */
export function hasApplied(session: Session | null, mark: AppliedMark): boolean {
  return session !== null && (session.lastMessageId === mark || (session.applied ?? []).includes(mark));
}

/** The session after applying a message: its mark recorded among the applied ones. */
export function withApplied(session: Session, mark: AppliedMark): Session {
  const applied = [...(session.applied ?? []).filter((id) => id !== mark), mark].slice(-APPLIED_KEPT);
  return { ...session, lastMessageId: mark, applied };
}

/**
 * A bounded map that forgets the least recently used entry first (a Map keeps insertion order;
 * a hit moves its entry to the end). For per-chat state kept in memory.
 */
export class LruMap<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

const activeFlowSchema = z.object({ id: z.string(), version: z.number().int(), state: z.record(z.string(), z.unknown()) });
const storedSessionSchema = z.object({
  _id: z.string(),
  flow: activeFlowSchema.nullable(),
  misses: z.number().int().min(0),
  offer: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('handoff') }),
      z.object({ kind: z.literal('topics'), intents: z.array(z.string()).min(1) }),
      z.object({ kind: z.literal('resume'), flow: activeFlowSchema }),
      z.object({ kind: z.literal('undo'), flow: activeFlowSchema }),
    ])
    .nullable(),
  lastActivityAt: z.date(),
  lastMessageId: z.string().nullable(),
  applied: z.array(z.string()).max(APPLIED_KEPT).optional(),
});

const sessionSchema = new Schema<StoredSession>(
  {
    _id: { type: String, required: true },
    flow: { type: Schema.Types.Mixed, default: null },
    misses: { type: Number, default: 0 },
    offer: { type: Schema.Types.Mixed, default: null },
    lastActivityAt: { type: Date, required: true },
    lastMessageId: { type: String, default: null },
    applied: { type: [String], default: undefined },
  },
  { versionKey: false, minimize: false, collection: 'sessions' },
);
// Sessions nobody touched for RETENTION_SESSION_DAYS (90 by default) are removed: they hold no
// record anyone needs. The TTL index on lastActivityAt is set by keepFor(), not declared here.

/**
 * Reads and writes go straight to the driver's collection: they run twice for every message,
 * the documents are built here in full, and mongoose's casting and hooks cost more than the
 * round trip. The mongoose model still owns the collection's indexes.
 */
export class SessionStore {
  private readonly model;
  private readonly sessions;
  /** Session writes of different chats at the same moment go as one update command (src/db/group-commit). */
  private readonly grouped;
  /** Chat key → the stored session (null: known to have none). Copies go in and out: callers may mutate theirs. */
  private readonly cache: LruMap<Session | null>;
  /** One record per one-time conversion done on this database. */
  private readonly migrations: Collection<{ _id: string; at: Date }>;
  constructor(connection: Connection, private readonly cipher: PiiCipher, options: { cacheSize?: number } = {}) {
    this.model = connection.models.Session ?? connection.model<StoredSession>('Session', sessionSchema);
    this.sessions = this.model.collection as unknown as Collection<StoredSession>;
    this.grouped = new GroupCommit<StoredSession>(this.sessions);
    this.cache = new LruMap(options.cacheSize ?? 10_000);
    this.migrations = connection.collection('migrations') as unknown as Collection<{ _id: string; at: Date }>;
  }

  /** Sessions idle longer than `days` expire (the TTL index on lastActivityAt, changed in place when `days` changed). */
  async keepFor(days: number): Promise<'created' | 'updated' | 'unchanged'> {
    return ensureTtlIndex(databaseOf(this.model.db), this.model.collection.collectionName, 'lastActivityAt', days * 24 * 3600);
  }

  /** How a session records an inbound message id: its keyed hash (the same as the chat history's). */
  markOf(messageId: string): AppliedMark {
    return keyedHash(this.cipher, 'message', messageId) as AppliedMark;
  }

  /** The chat key as stored. */
  private storedId(key: string): string {
    return chatKeyHash(this.cipher, key);
  }

  /** A stored session that no longer fits today's shape starts afresh rather than being misread. */
  async get(key: string): Promise<Session | null> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached && structuredClone(cached);
    const stored = await this.sessions.findOne({ _id: this.storedId(key) });
    const session = stored ? this.parse(stored, key) : null;
    this.cache.set(key, session && structuredClone(session));
    return session;
  }

  private parse(stored: StoredSession, key: string): Session {
    const parsed = storedSessionSchema.safeParse(stored);
    if (parsed.success) return { ...(parsed.data as StoredSession), _id: key };
    const applied = Array.isArray(stored.applied) ? stored.applied.filter((id): id is AppliedMark => typeof id === 'string').slice(-APPLIED_KEPT) : undefined;
    return { ...stored, _id: key, flow: null, offer: null, misses: 0, applied };
  }

  async save(session: Session): Promise<void> {
    const { _id: key, ...fields } = session;
    try {
      await this.grouped.updateOne({ _id: this.storedId(key) }, { $set: fields }, { upsert: true });
    } catch (err) {
      // The write may or may not have landed: the next read asks the database.
      this.cache.delete(key);
      throw err;
    }
    this.cache.set(key, structuredClone(session));
  }

  /**
   * Start-up: sessions written before hashing (their `_id` the chat key itself, their message ids
   * raw) are rewritten under the hashed key with hashed marks, so a chat in the middle of a flow
   * keeps its place and a redelivery of a message applied before the upgrade is still refused.
   * This runs once per database: a record in `migrations` says it is done. That first time, every
   * session there is one the old version wrote; they are read through the `lastActivityAt` index
   * (on MongoDB the `_id` prefix ranges could serve too; the embedded engine plans `_id` only for
   * exact ids). Each one is written before the old one is deleted, and the record is written
   * last, so a crash halfway only leaves work for the next start; a hashed session already there
   * is newer and is kept. Returns how many were rewritten.
   */
  async migrateLegacy(now: Date): Promise<number> {
    const { migrations } = this;
    if (await migrations.findOne({ _id: SESSIONS_HASHED })) return 0;
    const legacy = await this.sessions.find({ lastActivityAt: { $lte: now }, ...clearKeyRanges('_id', CHANNEL_NAMES) }).toArray();
    for (const old of legacy) {
      const { _id: key, ...fields } = old;
      const mark = (id: unknown) => (typeof id === 'string' ? this.markOf(id) : null);
      const applied = Array.isArray(fields.applied) ? fields.applied.map(mark).filter((m): m is AppliedMark => m !== null) : undefined;
      const rewritten = { ...fields, lastMessageId: mark(fields.lastMessageId), ...(applied ? { applied } : {}) };
      await this.sessions.updateOne({ _id: this.storedId(key) }, { $setOnInsert: rewritten }, { upsert: true });
      await this.sessions.deleteOne({ _id: key });
      this.cache.delete(key);
    }
    await migrations.updateOne({ _id: SESSIONS_HASHED }, { $set: { at: now } }, { upsert: true });
    return legacy.length;
  }

  /** Erases the chat's session, in the database and the cache (a data-subject request, src/privacy). */
  async remove(key: string): Promise<number> {
    try {
      const { deletedCount } = await this.sessions.deleteOne({ _id: this.storedId(key) });
      return deletedCount;
    } finally {
      this.cache.delete(key);
    }
  }

  /** Forgets every cached session (as a restart would): for a database edited behind this process's back. */
  forgetCached(): void {
    this.cache.clear();
  }

  async count(): Promise<number> {
    return this.model.estimatedDocumentCount().exec();
  }
}
