/**
 * The outbox: the only way anything leaves for a chat. Bot replies, staff replies, reminders
 * and notifications are written here first (so nothing is lost across a restart), then the
 * dispatcher sends them in order per chat, retrying with backoff.
 */
import { EventEmitter } from 'node:events';
import { Schema, Types, type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Clock } from '../calendar/clock';
import { ChannelSendError, type ChannelRegistry, type OutboxSource } from '../channels/port';
import { KeyedSerialQueue } from './chat-queue';
import { chatKey, type ChatRef } from './inbound';
import type { MessageLog } from './message-log';
import { splitMessage } from './text/split';

export interface OutboxEntry {
  _id: Types.ObjectId;
  chatKey: string;
  channel: ChatRef['channel'];
  chatId: string;
  text: string;
  source: OutboxSource;
  correlationId: string | null;
  staffUserId: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  sentAt: Date | null;
  error: string | null;
}

const outboxSchema = new Schema<OutboxEntry>(
  {
    chatKey: { type: String, required: true },
    channel: { type: String, required: true },
    chatId: { type: String, required: true },
    text: { type: String, required: true },
    source: { type: String, required: true },
    correlationId: { type: String, default: null },
    staffUserId: { type: String, default: null },
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

export interface EnqueueInput {
  chat: ChatRef;
  text: string;
  source: OutboxSource;
  correlationId?: string | null;
  staffUserId?: string | null;
}

const MAX_ATTEMPTS = 8;
const SENDING_LEASE_MS = 60_000;
const backoffMs = (attempts: number) => Math.min(5 * 60_000, 1000 * 2 ** attempts);

export class Outbox extends EventEmitter {
  readonly model;
  private readonly queue = new KeyedSerialQueue();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    connection: Connection,
    private readonly deps: { channels: ChannelRegistry; messageLog: MessageLog; clock: Clock; logger: Logger },
  ) {
    super();
    this.model = connection.models.OutboxEntry ?? connection.model<OutboxEntry>('OutboxEntry', outboxSchema);
  }

  /** Writes the messages (split to WhatsApp's size) in order; they are sent by drain/poll. */
  async enqueue(items: EnqueueInput[]): Promise<void> {
    if (items.length === 0) return;
    const now = this.deps.clock.now();
    const docs = items.flatMap((item) =>
      splitMessage(item.text).map((text) => ({
        _id: new Types.ObjectId(),
        chatKey: chatKey(item.chat),
        channel: item.chat.channel,
        chatId: item.chat.chatId,
        text,
        source: item.source,
        correlationId: item.correlationId ?? null,
        staffUserId: item.staffUserId ?? null,
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      })),
    );
    await this.model.insertMany(docs, { ordered: true });
  }

  /** Sends everything due for one chat, oldest first; stops at a message waiting for a retry. */
  drain(key: string): Promise<void> {
    return this.queue.run(key, async () => {
      for (;;) {
        const entry = await this.claimNext(key);
        if (!entry) return;
        const ok = await this.deliver(entry);
        if (!ok) return; // keep per-chat order: later messages wait for this one
      }
    });
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

  async idle(): Promise<void> {
    await this.queue.idle();
  }

  async pendingCount(): Promise<number> {
    return this.model.countDocuments({ status: { $in: ['pending', 'sending'] } }).exec();
  }

  private async claimNext(key: string): Promise<OutboxEntry | null> {
    const now = this.deps.clock.now();
    const head = await this.model
      .findOne({ chatKey: key, status: { $in: ['pending', 'sending'] } })
      .sort({ _id: 1 })
      .lean<OutboxEntry>()
      .exec();
    if (!head) return null;
    const leaseExpired = head.status === 'sending' && head.nextAttemptAt.getTime() <= now.getTime() - SENDING_LEASE_MS;
    if (head.status === 'sending' && !leaseExpired) return null;
    if (head.status === 'pending' && head.nextAttemptAt > now) return null;
    // Atomic claim: another instance that read the same head loses the race here.
    return this.model
      .findOneAndUpdate({ _id: head._id, status: head.status, nextAttemptAt: head.nextAttemptAt }, { $set: { status: 'sending', nextAttemptAt: now } }, { returnDocument: 'after' })
      .lean<OutboxEntry>()
      .exec();
  }

  private async deliver(entry: OutboxEntry): Promise<boolean> {
    const { channels, messageLog, clock, logger } = this.deps;
    const channel = channels.get(entry.channel);
    try {
      if (!channel) throw new ChannelSendError(`channel ${entry.channel} is not running`);
      await channel.send({ id: String(entry._id), chatId: entry.chatId, text: entry.text, correlationId: entry.correlationId, source: entry.source });
    } catch (err) {
      const attempts = entry.attempts + 1;
      const permanent = (err instanceof ChannelSendError && err.permanent) || attempts >= MAX_ATTEMPTS;
      const message = err instanceof Error ? err.message : String(err);
      await this.model
        .updateOne(
          { _id: entry._id },
          { $set: { status: permanent ? 'failed' : 'pending', attempts, error: message, nextAttemptAt: new Date(clock.now().getTime() + backoffMs(attempts)) } },
        )
        .exec();
      logger.warn({ outboxId: String(entry._id), attempts, permanent, err: message }, 'outbound message not sent');
      if (permanent) {
        this.emit('failed', entry);
        // A message that can never be sent must not hold back the rest of the chat.
        return true;
      }
      return false;
    }
    const sentAt = clock.now();
    await this.model.updateOne({ _id: entry._id }, { $set: { status: 'sent', sentAt, error: null } }).exec();
    const author = entry.source === 'staff' ? 'staff' : entry.source === 'bot' ? 'bot' : 'system';
    await messageLog.recordOutbound({ channel: entry.channel, messageId: `out:${entry._id}`, chatKey: entry.chatKey, author, text: entry.text, at: sentAt, staffUserId: entry.staffUserId ?? undefined });
    this.emit('sent', { ...entry, sentAt });
    return true;
  }
}
