/**
 * Conversation sessions in MongoDB: which flow a chat is in, that flow's JSON state and
 * version, and the counters the router keeps (misunderstood messages, a pending offer).
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
});

const sessionSchema = new Schema<Session>(
  {
    _id: { type: String, required: true },
    flow: { type: Schema.Types.Mixed, default: null },
    misses: { type: Number, default: 0 },
    offer: { type: Schema.Types.Mixed, default: null },
    lastActivityAt: { type: Date, required: true },
    lastMessageId: { type: String, default: null },
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
  constructor(connection: Connection) {
    this.model = connection.models.Session ?? connection.model<Session>('Session', sessionSchema);
    this.sessions = this.model.collection as unknown as Collection<Session>;
  }

  /** A stored session that no longer fits today's shape starts afresh rather than being misread. */
  async get(key: string): Promise<Session | null> {
    const stored = await this.sessions.findOne({ _id: key });
    if (!stored) return null;
    const parsed = storedSessionSchema.safeParse(stored);
    return parsed.success ? (parsed.data as Session) : { ...stored, flow: null, offer: null, misses: 0 };
  }

  async save(session: Session): Promise<void> {
    const { _id, ...fields } = session;
    await this.sessions.updateOne({ _id }, { $set: fields }, { upsert: true });
  }

  async count(): Promise<number> {
    return this.model.estimatedDocumentCount().exec();
  }
}
