/**
 * Conversation sessions in MongoDB: which flow a chat is in, that flow's JSON state and
 * version, and the counters the router keeps (misunderstood messages, a pending offer).
 */
import type { Collection } from 'mongodb';
import { Schema, type Connection } from 'mongoose';
import type { FlowId, FlowState } from './flow-types';

export interface Session {
  _id: string; // chat key
  flow: { id: FlowId; version: number; state: FlowState } | null;
  misses: number;
  offer: 'handoff' | null;
  lastActivityAt: Date;
  /** Last inbound message whose effects (replies, state) are saved: a redelivery after a crash is not replayed. */
  lastMessageId: string | null;
}

const sessionSchema = new Schema<Session>(
  {
    _id: { type: String, required: true },
    flow: { type: Schema.Types.Mixed, default: null },
    misses: { type: Number, default: 0 },
    offer: { type: String, default: null },
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

  async get(key: string): Promise<Session | null> {
    return this.sessions.findOne({ _id: key });
  }

  async save(session: Session): Promise<void> {
    const { _id, ...fields } = session;
    await this.sessions.updateOne({ _id }, { $set: fields }, { upsert: true });
  }

  async count(): Promise<number> {
    return this.model.estimatedDocumentCount().exec();
  }
}
