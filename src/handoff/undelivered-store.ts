/**
 * What the desk keeps about messages that never reached a person: which chats had a message
 * finally fail (noted when the outbox reports the failure, so the failed-messages page reads
 * only those chats), and which failed messages staff already sent again, by whom and when.
 * The messages themselves stay in the outbox; nothing here sends anything. A chat is found by
 * its keyed hash (chatKeyHash) and kept only sealed, as in the outbox.
 */
import { Schema, type Connection } from 'mongoose';
import type { PiiCipher } from '../applications/pii-crypto';
import { chatKeyHash } from '../applications/sealing';
import { isDuplicateKey } from '../db/duplicate-key';

interface FailedChat {
  chatHash: string;
  chatSealed: string;
  lastFailedAt: Date;
}

export interface Resend {
  /** The failed outbox entry that was sent again. */
  outboxId: string;
  staffUserId: string;
  staffName: string;
  at: Date;
}

const failedChatSchema = new Schema<FailedChat>(
  { chatHash: { type: String, required: true }, chatSealed: { type: String, required: true }, lastFailedAt: { type: Date, required: true } },
  { versionKey: false, collection: 'undelivered_chats' },
);
failedChatSchema.index({ chatHash: 1 }, { unique: true });
failedChatSchema.index({ lastFailedAt: -1 });

const resendSchema = new Schema<Resend>(
  {
    outboxId: { type: String, required: true },
    staffUserId: { type: String, required: true },
    staffName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'message_resends' },
);
resendSchema.index({ outboxId: 1 }, { unique: true });

const ignoreDuplicate = (err: unknown) => {
  if (!isDuplicateKey(err)) throw err; // a concurrent upsert of the same key wrote it
};

export class UndeliveredStore {
  private readonly chats;
  private readonly resends;
  constructor(connection: Connection, private readonly cipher: PiiCipher) {
    this.chats = connection.models.UndeliveredChat ?? connection.model<FailedChat>('UndeliveredChat', failedChatSchema);
    this.resends = connection.models.MessageResend ?? connection.model<Resend>('MessageResend', resendSchema);
  }

  async noteFailure(chatKey: string, at: Date): Promise<void> {
    await this.chats
      .updateOne({ chatHash: chatKeyHash(this.cipher, chatKey) }, { $max: { lastFailedAt: at }, $setOnInsert: { chatSealed: this.cipher.encrypt(chatKey) } }, { upsert: true })
      .exec()
      .catch(ignoreDuplicate);
  }

  /** Chat keys with a failure since `since`, most recent first. */
  async chatsFailedSince(since: Date, limit = 200): Promise<string[]> {
    const rows = await this.chats.find({ lastFailedAt: { $gte: since } }).sort({ lastFailedAt: -1 }).limit(limit).lean<FailedChat[]>().exec();
    return rows.map((r) => this.cipher.decrypt(r.chatSealed));
  }

  /** When a message to this chat last failed, if one did (a data-subject request, src/privacy). */
  async lastFailureOf(chatKey: string): Promise<Date | null> {
    const row = await this.chats.findOne({ chatHash: chatKeyHash(this.cipher, chatKey) }).lean<FailedChat>().exec();
    return row?.lastFailedAt ?? null;
  }

  /** Forgets that this chat had failed messages (a data-subject request, src/privacy); returns how many records. */
  async eraseChat(chatKey: string): Promise<number> {
    const { deletedCount } = await this.chats.deleteMany({ chatHash: chatKeyHash(this.cipher, chatKey) }).exec();
    return deletedCount;
  }

  /** Records that staff sent a failed message again; the first record of an entry is kept. */
  async recordResend(r: Resend): Promise<void> {
    await this.resends.updateOne({ outboxId: r.outboxId }, { $setOnInsert: r }, { upsert: true }).exec().catch(ignoreDuplicate);
  }

  async resendsOf(outboxIds: string[]): Promise<Map<string, Resend>> {
    if (outboxIds.length === 0) return new Map();
    const rows = await this.resends.find({ outboxId: { $in: outboxIds } }).lean<Resend[]>().exec();
    return new Map(rows.map((r) => [r.outboxId, r]));
  }
}
