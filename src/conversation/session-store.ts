/**
 * Conversation sessions in MongoDB: which flow a chat is in, that flow's JSON state and
 * version, the counters the router keeps (misunderstood messages, a pending offer) and the
 * inbound messages whose effects the session already holds. Kept behind a bounded write-through
 * cache: this process is the only writer of the collection (one instance per WhatsApp number),
 * so a cached session is the stored one; a write that fails drops the chat from the cache.
 */
import type { Collection } from 'mongodb';
import { Schema, type Connection } from 'mongoose';
import { z } from 'zod';
import type { FlowId, FlowState } from './flow-types';

export type ActiveFlow = { id: FlowId; version: number; state: FlowState };

/** A question the bot asked outside a flow, waiting for its answer. */
export type Offer =
  /** "Ingin dihubungkan dengan petugas? ya/tidak" */
  | { kind: 'handoff' }
  /** "Maksud Bapak/Ibu: 1. … 2. …" — the likeliest topics when the bot was unsure. */
  | { kind: 'topics'; intents: string[] }
  /** "Ada pengaduan yang belum terkirim. Lanjutkan?" — a flow's state kept across a timeout. */
  | { kind: 'resume'; flow: ActiveFlow };

export interface Session {
  _id: string; // chat key
  flow: ActiveFlow | null;
  misses: number;
  offer: Offer | null;
  lastActivityAt: Date;
  /** Last inbound message whose effects (replies, state) are saved: a redelivery after a crash is not replayed. */
  lastMessageId: string | null;
  /**
   * The latest inbound messages applied to this session (oldest first, at most APPLIED_KEPT):
   * saving the session is what marks them processed, so a redelivery of any of them is a duplicate.
   */
  applied?: string[];
}

/** How many applied message ids a session keeps: more than WhatsApp's catch-up redelivers per chat (20). */
export const APPLIED_KEPT = 50;

/** Whether the session already holds the effects of this inbound message. */
export function hasApplied(session: Session | null, messageId: string): boolean {
  return session !== null && (session.lastMessageId === messageId || (session.applied ?? []).includes(messageId));
}

/** The session after applying a message: its id recorded among the applied ones. */
export function withApplied(session: Session, messageId: string): Session {
  const applied = [...(session.applied ?? []).filter((id) => id !== messageId), messageId].slice(-APPLIED_KEPT);
  return { ...session, lastMessageId: messageId, applied };
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
    ])
    .nullable(),
  lastActivityAt: z.date(),
  lastMessageId: z.string().nullable(),
  applied: z.array(z.string()).max(APPLIED_KEPT).optional(),
});

const sessionSchema = new Schema<Session>(
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
// Sessions nobody touched for 90 days are removed: they hold no record anyone needs.
sessionSchema.index({ lastActivityAt: 1 }, { expireAfterSeconds: 90 * 24 * 3600 });

/**
 * Reads and writes go straight to the driver's collection: they run twice for every message,
 * the documents are built here in full, and mongoose's casting and hooks cost more than the
 * round trip. The mongoose model still owns the collection's indexes.
 */
export class SessionStore {
  private readonly model;
  private readonly sessions;
  /** Chat key → the stored session (null: known to have none). Copies go in and out: callers may mutate theirs. */
  private readonly cache: LruMap<Session | null>;
  constructor(connection: Connection, options: { cacheSize?: number } = {}) {
    this.model = connection.models.Session ?? connection.model<Session>('Session', sessionSchema);
    this.sessions = this.model.collection as unknown as Collection<Session>;
    this.cache = new LruMap(options.cacheSize ?? 10_000);
  }

  /** A stored session that no longer fits today's shape starts afresh rather than being misread. */
  async get(key: string): Promise<Session | null> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached && structuredClone(cached);
    const stored = await this.sessions.findOne({ _id: key });
    const session = stored ? this.parse(stored) : null;
    this.cache.set(key, session && structuredClone(session));
    return session;
  }

  private parse(stored: Session): Session {
    const parsed = storedSessionSchema.safeParse(stored);
    if (parsed.success) return parsed.data as Session;
    const applied = Array.isArray(stored.applied) ? stored.applied.filter((id): id is string => typeof id === 'string').slice(-APPLIED_KEPT) : undefined;
    return { ...stored, flow: null, offer: null, misses: 0, applied };
  }

  async save(session: Session): Promise<void> {
    const { _id, ...fields } = session;
    try {
      await this.sessions.updateOne({ _id }, { $set: fields }, { upsert: true });
    } catch (err) {
      // The write may or may not have landed: the next read asks the database.
      this.cache.delete(_id);
      throw err;
    }
    this.cache.set(_id, structuredClone(session));
  }

  /** Forgets every cached session (as a restart would): for a database edited behind this process's back. */
  forgetCached(): void {
    this.cache.clear();
  }

  async count(): Promise<number> {
    return this.model.estimatedDocumentCount().exec();
  }
}
