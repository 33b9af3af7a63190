/**
 * The outbox: the only way anything leaves for a chat. Bot replies, staff replies, reminders
 * and notifications are written here first (so nothing is lost across a restart), then the
 * dispatcher sends them in order per chat, retrying with backoff.
 */
import { EventEmitter } from 'node:events';
import type { Collection } from 'mongodb';
import { Schema, Types, type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Clock } from '../calendar/clock';
import { ChannelSendError, ChannelUnavailableError, type ChannelRegistry, type OutboxSource } from '../channels/port';
import { KeyedSerialQueue } from './chat-queue';
import { chatKey, chatLogId, type ChatRef } from './inbound';
import type { MessageLog } from './message-log';
import { splitMessage } from './split';

export interface OutboxEntry {
  _id: Types.ObjectId;
  chatKey: string;
  channel: ChatRef['channel'];
  chatId: string;
  text: string;
  source: OutboxSource;
  correlationId: string | null;
  /** Idempotency key (absent when the sender has none): a second entry with the same key is not written. */
  dedupeKey?: string;
  staffUserId: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'expired';
  /** A message that means nothing later (a reminder for a visit already past) is dropped after this, not sent late. */
  expiresAt?: Date;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  sentAt: Date | null;
  error: string | null;
  /** Which drain pass holds the entry while it is being sent. */
  claim?: Types.ObjectId;
}

const outboxSchema = new Schema<OutboxEntry>(
  {
    chatKey: { type: String, required: true },
    channel: { type: String, required: true },
    chatId: { type: String, required: true },
    text: { type: String, required: true },
    source: { type: String, required: true },
    correlationId: { type: String, default: null },
    dedupeKey: { type: String },
    expiresAt: { type: Date },
    staffUserId: { type: String, default: null },
    claim: { type: Schema.Types.ObjectId },
    status: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
    error: { type: String, default: null },
  },
  { versionKey: false, collection: 'outbox' },
);
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
outboxSchema.index({ chatKey: 1, status: 1 });
outboxSchema.index({ dedupeKey: 1 }, { unique: true, sparse: true });

export interface EnqueueInput {
  chat: ChatRef;
  text: string;
  source: OutboxSource;
  correlationId?: string | null;
  staffUserId?: string | null;
  /** Makes the write idempotent: an entry already written with this key is kept, not doubled. */
  dedupeKey?: string;
  /** After this the message is dropped with a reason instead of sent late. */
  expiresAt?: Date;
}

const MAX_ATTEMPTS = 8;
const CLAIM_LIMIT = 50;
const MAX_IDLE_CHATS = 100_000;
const SENDING_LEASE_MS = 60_000;
const backoffMs = (attempts: number) => Math.min(5 * 60_000, 1000 * 2 ** attempts);
/** While the channel is down, its messages are tried again this often, without spending attempts. */
const UNAVAILABLE_RETRY_MS = 30_000;

export class Outbox extends EventEmitter {
  readonly model;
  private readonly entries: Collection<OutboxEntry>;
  private readonly queue = new KeyedSerialQueue();
  /**
   * Chats whose queue this process emptied itself. Only this process's writes are seen: with
   * several instances writing to one chat, an entry from another instance may be sent after
   * newer ones (by the sweep) — the service runs one instance per WhatsApp number.
   */
  private readonly idleChats = new Set<string>();
  /** Chats whose queue may hold entries this process did not claim: their drain must read. */
  private readonly mustQuery = new Set<string>();
  /** Entries claimed as they were written, waiting for their chat's drain. */
  private readonly claimedHere = new Map<string, OutboxEntry[]>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    connection: Connection,
    private readonly deps: { channels: ChannelRegistry; messageLog: MessageLog; clock: Clock; logger: Logger },
  ) {
    super();
    this.model = connection.models.OutboxEntry ?? connection.model<OutboxEntry>('OutboxEntry', outboxSchema);
    // Every reply is written, sent and marked through these: the driver's collection directly,
    // without mongoose's per-document casting (see SessionStore); the model owns the indexes.
    this.entries = this.model.collection as unknown as Collection<OutboxEntry>;
  }

  /**
   * Writes the messages (split to WhatsApp's size) in order; they are sent by drain/poll.
   * A chat whose queue this process emptied itself gets its new entries claimed as they are
   * written, so the drain that follows needs no read and no claim: the hot path of every reply.
   * Callers drain the chat right after (all do); an entry claimed here and never drained is sent
   * by the sweep once its lease lapses.
   */
  async enqueue(items: EnqueueInput[]): Promise<void> {
    if (items.length === 0) return;
    const now = this.deps.clock.now();
    const claim = new Types.ObjectId();
    const docs: OutboxEntry[] = items.flatMap((item) => {
      const key = chatKey(item.chat);
      const claimedHere = this.idleChats.has(key);
      return splitMessage(item.text).map((text, part) => ({
        _id: new Types.ObjectId(),
        chatKey: key,
        channel: item.chat.channel,
        chatId: item.chat.chatId,
        text,
        source: item.source,
        correlationId: item.correlationId ?? null,
        ...(item.dedupeKey ? { dedupeKey: part === 0 ? item.dedupeKey : `${item.dedupeKey}/${part}` } : {}),
        ...(item.expiresAt ? { expiresAt: item.expiresAt } : {}),
        staffUserId: item.staffUserId ?? null,
        status: claimedHere ? ('sending' as const) : ('pending' as const),
        ...(claimedHere ? { claim } : {}),
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        sentAt: null,
        error: null,
      }));
    });
    for (const doc of docs) {
      this.idleChats.delete(doc.chatKey);
      if (doc.status === 'pending') this.mustQuery.add(doc.chatKey);
    }
    const written = await this.insertNew(docs);
    for (const doc of written) {
      if (doc.status === 'sending') this.claimedHere.set(doc.chatKey, [...(this.claimedHere.get(doc.chatKey) ?? []), doc]);
    }
  }

  /** Inserts the entries; those whose key is already in the outbox (a retried step) are skipped. */
  private async insertNew(docs: OutboxEntry[]): Promise<OutboxEntry[]> {
    try {
      await this.entries.insertMany(docs, { ordered: false });
      return docs;
    } catch (err) {
      const failures = (err as { writeErrors?: { index: number; code: number }[] | { index: number; code: number } }).writeErrors;
      const list = Array.isArray(failures) ? failures : failures ? [failures] : [];
      if (list.length === 0 || list.some((f) => f.code !== 11000)) throw err;
      const skipped = new Set(list.map((f) => f.index));
      // The kept entries were written by the earlier attempt, which also set the chat's state.
      for (const doc of docs.filter((_, i) => skipped.has(i))) this.mustQuery.add(doc.chatKey);
      return docs.filter((_, i) => !skipped.has(i));
    }
  }

  /**
   * Sends everything due for one chat, oldest first, and stops at a message waiting for a
   * retry so later ones never overtake it: first what this process claimed on insert, then,
   * unless the chat is known to hold nothing else, a read and a claim of the rest.
   */
  drain(key: string): Promise<void> {
    return this.queue.run(key, async () => {
      const local = this.claimedHere.get(key) ?? [];
      this.claimedHere.delete(key);
      let complete = await this.sendInOrder(local);
      if (complete && (local.length === 0 || this.mustQuery.has(key))) {
        // Cleared before the read: anything written after it sets the flag again.
        this.mustQuery.delete(key);
        const { batch, more } = await this.claimDue(key);
        complete = (await this.sendInOrder(batch)) && !more;
      }
      if (!complete) this.mustQuery.add(key);
      else if (!this.mustQuery.has(key) && !this.claimedHere.has(key)) this.markIdle(key);
    });
  }

  /** Sends a claimed batch in order; false when one must wait for a retry (the rest go back in line). */
  private async sendInOrder(batch: OutboxEntry[]): Promise<boolean> {
    const sent: (OutboxEntry & { sentAt: Date })[] = [];
    let complete = true;
    for (const [i, entry] of batch.entries()) {
      const ok = await this.deliver(entry);
      if (ok === 'sent') sent.push({ ...entry, sentAt: this.deps.clock.now() });
      if (ok === 'retry') {
        const rest = batch.slice(i + 1).map((e) => e._id);
        if (rest.length) await this.model.updateMany({ _id: { $in: rest }, status: 'sending' }, { $set: { status: 'pending' } }).exec();
        complete = false;
        break;
      }
    }
    await this.recordSent(sent);
    return complete;
  }

  private markIdle(key: string): void {
    // Bounded: forgetting a chat only costs its next drain one read.
    if (this.idleChats.size >= MAX_IDLE_CHATS) this.idleChats.clear();
    this.idleChats.add(key);
  }

  /** Periodic sweep for messages enqueued elsewhere (jobs, other instances) or due for retry. */
  start(intervalMs = 1000): void {
    this.timer ??= setInterval(() => void this.sweep().catch((err) => this.deps.logger.error({ err }, 'outbox sweep failed')), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async sweep(): Promise<void> {
    const now = this.deps.clock.now();
    const keys: string[] = await this.model
      .distinct('chatKey', {
        $or: [
          { status: 'pending', nextAttemptAt: { $lte: now } },
          { status: 'sending', nextAttemptAt: { $lte: new Date(now.getTime() - SENDING_LEASE_MS) } },
        ],
      })
      .exec();
    await Promise.all(keys.map((key) => this.drain(key)));
  }

  /** Resolves when the sends already started for this chat are done. */
  async settled(key: string): Promise<void> {
    await this.queue.settled(key);
  }

  async idle(): Promise<void> {
    await this.queue.idle();
  }

  async pendingCount(): Promise<number> {
    return this.model.countDocuments({ status: { $in: ['pending', 'sending'] } }).exec();
  }

  /** Claims the due prefix of the chat's queue; nothing when its head waits for a retry or another sender. */
  private async claimDue(key: string): Promise<{ batch: OutboxEntry[]; more: boolean }> {
    const now = this.deps.clock.now();
    const queued = await this.entries
      .find({ chatKey: key, status: { $in: ['pending', 'sending'] } })
      .sort({ _id: 1 })
      .limit(CLAIM_LIMIT)
      .toArray();
    const due: OutboxEntry[] = [];
    for (const entry of queued) {
      const leaseExpired = entry.status === 'sending' && entry.nextAttemptAt.getTime() <= now.getTime() - SENDING_LEASE_MS;
      if (entry.status === 'sending' && !leaseExpired) break;
      if (entry.status === 'pending' && entry.nextAttemptAt > now) break;
      due.push(entry);
    }
    // `more`: entries stay queued that this pass does not take (waiting, held elsewhere, or past the limit).
    const more = queued.length === CLAIM_LIMIT || due.length < queued.length;
    if (due.length === 0) return { batch: [], more };
    const claim = new Types.ObjectId();
    // Atomic claim: entries another instance took meanwhile no longer match and are left out.
    const { modifiedCount } = await this.model
      .updateMany(
        {
          _id: { $in: due.map((e) => e._id) },
          $or: [
            { status: 'pending', nextAttemptAt: { $lte: now } },
            { status: 'sending', nextAttemptAt: { $lte: new Date(now.getTime() - SENDING_LEASE_MS) } },
          ],
        },
        { $set: { status: 'sending', nextAttemptAt: now, claim } },
      )
      .exec();
    if (modifiedCount === due.length) return { batch: due, more };
    const claimed = new Set((await this.model.find({ claim }, { _id: 1 }).lean().exec()).map((e) => String(e._id)));
    const mine: OutboxEntry[] = [];
    for (const entry of due) {
      if (!claimed.has(String(entry._id))) break; // keep order: stop at the first one we lost
      mine.push(entry);
    }
    return { batch: mine, more: more || mine.length < due.length };
  }

  private async deliver(entry: OutboxEntry): Promise<'sent' | 'retry' | 'failed'> {
    const { channels, clock, logger } = this.deps;
    const channel = channels.get(entry.channel);
    if (entry.expiresAt && entry.expiresAt.getTime() <= clock.now().getTime()) {
      await this.model.updateOne({ _id: entry._id }, { $set: { status: 'expired', error: 'no longer relevant: its time has passed' }, $unset: { claim: 1 } }).exec();
      logger.info({ outboxId: String(entry._id), chat: chatLogId(entry.chatKey), source: entry.source }, 'outbound message expired unsent');
      return 'failed';
    }
    try {
      if (!channel) throw new ChannelUnavailableError(`channel ${entry.channel} is not running`);
      await channel.send({ id: String(entry._id), chatId: entry.chatId, text: entry.text, correlationId: entry.correlationId, source: entry.source });
      return 'sent';
    } catch (err) {
      if (err instanceof ChannelUnavailableError) {
        await this.model
          .updateOne({ _id: entry._id }, { $set: { status: 'pending', error: err.message, nextAttemptAt: new Date(clock.now().getTime() + UNAVAILABLE_RETRY_MS) } })
          .exec();
        return 'retry';
      }
      const attempts = entry.attempts + 1;
      const permanent = (err instanceof ChannelSendError && err.permanent) || attempts >= MAX_ATTEMPTS;
      const message = err instanceof Error ? err.message : String(err);
      await this.model
        .updateOne(
          { _id: entry._id },
          { $set: { status: permanent ? 'failed' : 'pending', attempts, error: message, nextAttemptAt: new Date(clock.now().getTime() + backoffMs(attempts)) } },
        )
        .exec();
      if (permanent) {
        // Given up: said loudly, with the chat, so staff can reach the person another way.
        logger.error({ outboxId: String(entry._id), chat: chatLogId(entry.chatKey), source: entry.source, attempts, err: message }, 'outbound message failed');
        this.emit('failed', entry);
      } else logger.warn({ outboxId: String(entry._id), attempts, err: message }, 'outbound message not sent');
      // A message that can never be sent must not hold back the rest of the chat.
      return permanent ? 'failed' : 'retry';
    }
  }

  private async recordSent(sent: (OutboxEntry & { sentAt: Date })[]): Promise<void> {
    if (sent.length === 0) return;
    const sentAt = sent[sent.length - 1].sentAt;
    await this.entries.updateMany({ _id: { $in: sent.map((e) => e._id) } }, { $set: { status: 'sent', sentAt, error: null }, $unset: { claim: 1 } });
    await this.deps.messageLog.recordOutbound(
      sent.map((e) => ({
        channel: e.channel,
        messageId: `out:${e._id}`,
        chatKey: e.chatKey,
        author: e.source === 'staff' ? 'staff' : e.source === 'bot' ? 'bot' : 'system',
        text: e.text,
        at: e.sentAt,
        staffUserId: e.staffUserId ?? undefined,
      })),
    );
    for (const e of sent) this.emit('sent', e);
  }
}
