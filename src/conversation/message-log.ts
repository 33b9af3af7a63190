/**
 * The chat history and the dedupe guard. Every inbound message is recorded once under a unique
 * (channel, messageId) index — a re-delivered message hits the index and is not answered
 * again. What was sent is history too, so staff see the whole conversation: an outbox entry,
 * once marked sent, is itself the outbound history row (no second write per reply, see
 * Outbox.sentHistory); history() merges the two. Outbound rows here are only those of entries
 * written before that (recordOutbound).
 * NIK/KK and phone numbers are masked before anything is stored; then the text is AES-GCM
 * sealed, and the chat key and message id (which hold the phone number) are kept as keyed
 * hashes: staff read the history through history(), which opens it. Rows written before sealing
 * (no `sealed` flag) are read as they are.
 */
import type { Collection } from 'mongodb';
import { Schema, type Connection } from 'mongoose';
import { maskIdentityNumbers } from '../logging/logger';
import type { ChannelName, InboundMessage } from './inbound';
import { duplicatePositions, isDuplicateKey } from '../db/duplicate-key';
import type { PiiCipher } from '../applications/pii-crypto';
import { chatKeyHash, keyedHash } from '../applications/sealing';
import { GroupCommit } from '../db/group-commit';
import { databaseOf, ensureTtlIndex } from '../db/ttl-index';

export type Author = 'user' | 'bot' | 'staff' | 'office_phone' | 'system';

export interface LoggedMessage {
  channel: ChannelName;
  messageId: string;
  chatKey: string;
  direction: 'in' | 'out';
  author: Author;
  type: string;
  text: string;
  at: Date;
  /** Inbound: effects saved (replies queued, session written). */
  processed: boolean;
  staffUserId?: string;
}

/** The outbound side of a chat's history kept elsewhere (the outbox): newest first, at most `limit`, opened. */
export type OutboundHistory = (chatKey: string, limit: number) => Promise<(LoggedMessage & { _id: unknown })[]>;

/** A row as stored: chatKey and messageId keyed hashes, text sealed; `sealed` absent on rows from before; `owner` see take(). */
type StoredMessage = LoggedMessage & { sealed?: true; owner?: string };

/** An inbound message taken (MessageLog.take): handled already, or to handle, with the owner its first attempt saw (null: none recorded). */
export type InboundTake = { fresh: false } | { fresh: true; owner: string | null };

const messageSchema = new Schema<StoredMessage>(
  {
    channel: { type: String, required: true },
    messageId: { type: String, required: true },
    chatKey: { type: String, required: true },
    direction: { type: String, required: true },
    author: { type: String, required: true },
    type: { type: String, default: 'text' },
    text: { type: String, default: '' },
    at: { type: Date, required: true },
    processed: { type: Boolean, default: false },
    staffUserId: { type: String },
    owner: { type: String },
    sealed: { type: Boolean },
  },
  { versionKey: false, collection: 'messages' },
);
messageSchema.index({ channel: 1, messageId: 1 }, { unique: true });
messageSchema.index({ chatKey: 1, at: 1 });
/**
 * Chat history is kept RETENTION_CHAT_DAYS (a year by default), then removed (collect only what
 * the purpose needs, UU 27/2022); the files sent in it too (src/attachments). The TTL index on
 * `at` is not declared here: keepFor() sets it, and changes it on an existing database.
 */


export class MessageLog {
  private readonly model;
  private readonly messages;
  /** The dedupe records of messages arriving together in different chats go as one insert (src/db/group-commit). */
  private readonly grouped;
  private outbound: OutboundHistory | null = null;
  constructor(connection: Connection, private readonly cipher: PiiCipher) {
    this.model = connection.models.Message ?? connection.model<LoggedMessage>('Message', messageSchema);
    this.messages = this.model.collection as unknown as Collection<StoredMessage>;
    this.grouped = new GroupCommit<StoredMessage>(this.messages);
  }

  /** Chat history older than `days` expires (the TTL index on `at`, changed in place when `days` changed). */
  async keepFor(days: number): Promise<'created' | 'updated' | 'unchanged'> {
    return ensureTtlIndex(databaseOf(this.model.db), this.model.collection.collectionName, 'at', days * 24 * 3600);
  }

  /** Where the messages sent are read from (the outbox registers itself). */
  readOutboundFrom(source: OutboundHistory): void {
    this.outbound = source;
  }

  private messageIdAtRest(messageId: string): string {
    return keyedHash(this.cipher, 'message', messageId);
  }

  /** What is kept of a text: its numbers masked, then sealed. */
  private sealText(text: string): string {
    return this.cipher.encrypt(maskIdentityNumbers(text));
  }

  /**
   * Records an inbound message. Returns false when it was already handled (a redelivery).
   * A message recorded but not processed — the step failed, or the process died in it — is
   * handed out again at once: the chat's serial queue means no other handling of it is running
   * in this process, and one process serves a number. Its replies are keyed by the message id
   * and the session records the last message applied, so taking it again sends nothing twice;
   * a ticket filed by a step that then failed is found again by the message that filed it
   * (ComplaintDesk.create), at any delay.
   */
  async recordInbound(msg: InboundMessage, chatKey: string, author: Author = 'user'): Promise<boolean> {
    return (await this.take(msg, chatKey, author, null)).fresh;
  }

  /**
   * recordInbound, keeping with the record who owned the chat (bot, waiting, human) when the
   * message first came: a message taken again gets the owner its first attempt saw, since that
   * attempt's own effects (the handoff its text requested, the request its "menu" withdrew) may
   * have changed the chat's owner before it died, and the step taken again must be the same step.
   * `owner` null: none recorded (an office-phone message, or a record from before this).
   */
  async take(msg: InboundMessage, chatKey: string, author: Author, owner: string | null): Promise<InboundTake> {
    try {
      // The driver's collection directly: this runs for every message (see SessionStore).
      await this.grouped.insertOne({
        channel: msg.channel,
        messageId: this.messageIdAtRest(msg.messageId),
        chatKey: chatKeyHash(this.cipher, chatKey),
        direction: 'in',
        author,
        type: msg.type,
        text: this.sealText(msg.text),
        at: msg.receivedAt,
        processed: false,
        ...(owner ? { owner } : {}),
        sealed: true,
      });
      return { fresh: true, owner };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.messages.findOne({ channel: msg.channel, messageId: this.messageIdAtRest(msg.messageId) }, { projection: { processed: 1, owner: 1 } });
      return existing !== null && !existing.processed ? { fresh: true, owner: typeof existing.owner === 'string' ? existing.owner : null } : { fresh: false };
    }
  }

  async markProcessed(channel: ChannelName, messageId: string): Promise<void> {
    await this.messages.updateOne({ channel, messageId: this.messageIdAtRest(messageId) }, { $set: { processed: true } });
  }

  async recordOutbound(entries: { channel: ChannelName; messageId: string; chatKey: string; author: Author; text: string; at: Date; staffUserId?: string }[]): Promise<void> {
    const docs = entries.map(({ staffUserId, ...e }) => ({
      ...e,
      ...(staffUserId ? { staffUserId } : {}),
      messageId: this.messageIdAtRest(e.messageId),
      chatKey: chatKeyHash(this.cipher, e.chatKey),
      text: this.sealText(e.text),
      direction: 'out' as const,
      type: 'text',
      processed: true,
      sealed: true as const,
    }));
    try {
      await this.messages.insertMany(docs, { ordered: false });
    } catch (err) {
      // A redelivered batch: the ones already recorded collide on the unique index, the rest are in.
      if (!duplicatePositions(err)) throw err;
    }
  }

  /**
   * For a data-subject request (src/privacy): every row kept here for the chat, oldest first,
   * opened — without the outbox's sent entries (the outbox answers for those itself).
   */
  async rowsOfChat(chatKey: string, limit = 10_000): Promise<(LoggedMessage & { _id: unknown })[]> {
    const rows = await this.model
      .find({ chatKey: { $in: [chatKeyHash(this.cipher, chatKey), chatKey] } })
      .sort({ at: 1, _id: 1 })
      .limit(limit)
      .lean<(StoredMessage & { _id: unknown })[]>()
      .exec();
    return rows.map(({ sealed, owner: _owner, ...row }) => ({ ...row, chatKey, text: sealed ? this.cipher.decrypt(row.text) : row.text }));
  }

  /** Erases the chat's history rows (a data-subject request, src/privacy); returns how many. */
  async eraseChat(chatKey: string): Promise<number> {
    const { deletedCount } = await this.messages.deleteMany({ chatKey: { $in: [chatKeyHash(this.cipher, chatKey), chatKey] } });
    return deletedCount;
  }

  /**
   * The chat's messages, oldest first, opened (the message id stays hashed: nothing reads it):
   * the rows here and the messages sent from the outbox, merged by time (then by id: creation
   * order within one process, so a reply queued before a message that arrived in the same
   * instant stays before it).
   */
  async history(chatKey: string, limit = 200): Promise<LoggedMessage[]> {
    // Rows from before sealing are keyed by the chat key itself.
    const [rows, sent] = await Promise.all([
      this.model
        .find({ chatKey: { $in: [chatKeyHash(this.cipher, chatKey), chatKey] } })
        .sort({ at: -1, _id: -1 })
        .limit(limit)
        .lean<(StoredMessage & { _id: unknown })[]>()
        .exec(),
      this.outbound ? this.outbound(chatKey, limit) : Promise.resolve([]),
    ]);
    const here = rows.map(({ sealed, owner: _owner, ...row }) => ({ ...row, chatKey, text: sealed ? this.cipher.decrypt(row.text) : row.text }));
    const merged: (LoggedMessage & { _id: unknown })[] = [...here, ...sent];
    merged.sort((a, b) => b.at.getTime() - a.at.getTime() || (String(a._id) < String(b._id) ? 1 : String(a._id) > String(b._id) ? -1 : 0));
    return merged.slice(0, limit).reverse();
  }
}
