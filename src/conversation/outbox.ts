/**
 * The outbox: the only way anything leaves for a chat. Bot replies, staff replies, reminders
 * and notifications are written here first (so nothing is lost across a restart), then the
 * dispatcher sends them in order per chat, retrying with backoff.
 * At rest an entry names its chat only by a keyed hash (`chatKey`) and keeps the address, the
 * text and the reply-to id AES-GCM sealed (they hold phone numbers, names, what people told the
 * office): opened when the entry is sent or shown to staff. Entries written before sealing
 * (no `sealed` flag) are read as they are and drained by the sweep under their old key.
 * Once marked sent, an entry is also the chat history's outbound row (`inHistory`, see
 * sentHistory): sending a reply costs its insert and its sent mark, no separate history write.
 * Entries written before that carry no `inHistory` and still get a message-log row when sent.
 */
import { EventEmitter } from 'node:events';
import type { Collection } from 'mongodb';
import { Schema, Types, type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Clock } from '../calendar/clock';
import { ChannelHoldError, ChannelSendError, ChannelUnavailableError, type ChannelRegistry, type DeliveryReport, type OutboxSource, type SendReceipt } from '../channels/port';
import { KeyedSerialQueue } from './chat-queue';
import { chatKey, chatLogId, type ChatRef } from './inbound';
import type { LoggedMessage, MessageLog } from './message-log';
import { maskIdentityNumbers } from '../logging/logger';
import { splitMessage } from './split';
import { duplicatePositions } from '../db/duplicate-key';
import type { PiiCipher } from '../applications/pii-crypto';
import { chatKeyHash, keyedHash } from '../applications/sealing';
import { GroupCommit } from '../db/group-commit';

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
  /** The provider's id for the sent message (Cloud API wamid): delivery reports find the entry by it. */
  providerMessageId?: string;
  /** How it went out when not as plain text (e.g. an approved template outside the 24-hour window). */
  sentVia?: string;
  /** The provider's latest delivery report; never moves backwards (read does not become delivered). */
  delivery?: { status: DeliveryReport['status']; at: Date; rank: number };
  /** Set while the channel holds the message (outside the 24-hour window): why it has not gone yet. */
  heldReason?: string;
  /** Failed because the send's answer was lost after it may have left: a later delivery report settles it. */
  outcomeUnknown?: boolean;
  /** The entry is the history row of what it sent (no message-log row is written for it). */
  inHistory?: true;
  /** When the entry was finally marked failed (absent on entries that never failed, or failed before this field). */
  failedAt?: Date;
  /**
   * Failed after the provider accepted it, and queued again as a copy the channel can get past
   * that failure (see redeliver): staff are not shown it as failed, the copy stands for it.
   */
  redeliveredAt?: Date;
}

/**
 * An entry as the database holds it: `chatKey` is the chat key's keyed hash; `chatId`, `text`
 * and `correlationId` are ciphertexts, `dedupeKey` a keyed hash. `sealed` is absent on entries
 * written before sealing, whose fields are in clear.
 */
type StoredEntry = OutboxEntry & { sealed?: true };

const outboxSchema = new Schema<StoredEntry>(
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
    providerMessageId: { type: String },
    sentVia: { type: String },
    delivery: { type: Schema.Types.Mixed },
    heldReason: { type: String },
    outcomeUnknown: { type: Boolean },
    failedAt: { type: Date },
    redeliveredAt: { type: Date },
    inHistory: { type: Boolean },
    sealed: { type: Boolean },
  },
  { versionKey: false, collection: 'outbox' },
);
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
outboxSchema.index({ chatKey: 1, status: 1 });
outboxSchema.index({ dedupeKey: 1 }, { unique: true, sparse: true });
outboxSchema.index({ providerMessageId: 1 }, { sparse: true });
// The chat history's outbound side (sentHistory): one chat's sent entries, newest first.
outboxSchema.index({ chatKey: 1, sentAt: -1, _id: -1 }, { partialFilterExpression: { status: 'sent', inHistory: true } });
// The failed-messages list (failedSince): only failed entries are indexed, newest failure first.
outboxSchema.index({ status: 1, failedAt: -1 }, { partialFilterExpression: { status: 'failed' } });

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
/** A held message (outside the 24-hour window) is looked at again this often, besides when the person writes. */
const HOLD_RECHECK_MS = 6 * 3_600_000;
const DELIVERY_RANK: Record<DeliveryReport['status'], number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

/** `settled`: a delivery report marked the entry sent while this attempt ran; the attempt's own outcome is void. */
type Delivery = { outcome: 'sent'; receipt: SendReceipt } | { outcome: 'retry' | 'failed' | 'settled' };

export class Outbox extends EventEmitter {
  readonly model;
  private readonly entries: Collection<StoredEntry>;
  /** Inserts and sent marks of different chats at the same moment go as one command each (src/db/group-commit). */
  private readonly grouped: GroupCommit<StoredEntry>;
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
  /**
   * Claims of inserts that failed in this process: the write may have landed all the same (its
   * answer lost), leaving entries marked sending that no drain holds. The next drain takes them
   * at once rather than after the lease, so a reply does not wait a minute behind a lost answer.
   */
  private readonly strandedClaims = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    connection: Connection,
    private readonly deps: { channels: ChannelRegistry; messageLog: MessageLog; clock: Clock; logger: Logger; cipher: PiiCipher },
  ) {
    super();
    this.model = connection.models.OutboxEntry ?? connection.model<OutboxEntry>('OutboxEntry', outboxSchema);
    // Every reply is written, sent and marked through these: the driver's collection directly,
    // without mongoose's per-document casting (see SessionStore); the model owns the indexes.
    this.entries = this.model.collection as unknown as Collection<StoredEntry>;
    this.grouped = new GroupCommit<StoredEntry>(this.entries);
    deps.messageLog.readOutboundFrom((key, limit) => this.sentHistory(key, limit));
  }

  /** The chat's key as stored, and as this process's queues and sets know the chat. */
  private stored(key: string): string {
    return chatKeyHash(this.deps.cipher, key);
  }

  /** The entry as written: the chat by its hash; address, text and reply-to id sealed. */
  private seal(entry: OutboxEntry, storedKey: string): StoredEntry {
    const { cipher } = this.deps;
    return {
      ...entry,
      chatKey: storedKey,
      chatId: cipher.encrypt(entry.chatId),
      text: cipher.encrypt(entry.text),
      correlationId: entry.correlationId === null ? null : cipher.encrypt(entry.correlationId),
      ...(entry.dedupeKey ? { dedupeKey: keyedHash(cipher, 'outbox-dedupe', entry.dedupeKey) } : {}),
      sealed: true,
    };
  }

  /** The entry as read back, in clear (the dedupe key stays hashed: nothing reads it). */
  private open(doc: StoredEntry): OutboxEntry {
    const { sealed, ...entry } = doc;
    if (!sealed) return entry; // written before sealing: in clear already
    const { cipher } = this.deps;
    const chatId = cipher.decrypt(entry.chatId);
    return {
      ...entry,
      chatKey: chatKey({ channel: entry.channel, chatId }),
      chatId,
      text: cipher.decrypt(entry.text),
      correlationId: entry.correlationId === null ? null : cipher.decrypt(entry.correlationId),
    };
  }

  /** Stored keys that may hold this chat's entries: its hash, and the clear key of entries from before sealing. */
  private storedKeys(key: string): { $in: string[] } {
    return { $in: [this.stored(key), key] };
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
    const docs: { entry: OutboxEntry; storedKey: string }[] = items.flatMap((item) => {
      const key = chatKey(item.chat);
      const storedKey = this.stored(key);
      const claimedHere = this.idleChats.has(storedKey);
      return splitMessage(item.text).map((text, part) => ({ storedKey, entry: {
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
        inHistory: true as const,
      } }));
    });
    for (const { entry, storedKey } of docs) {
      this.idleChats.delete(storedKey);
      if (entry.status === 'pending') this.mustQuery.add(storedKey);
    }
    const written = await this.insertNew(docs).catch((err: unknown) => {
      if (docs.some((d) => d.entry.status === 'sending')) this.strand(claim);
      for (const { storedKey } of docs) this.mustQuery.add(storedKey);
      throw err;
    });
    for (const { entry, storedKey } of written) {
      if (entry.status === 'sending') this.claimedHere.set(storedKey, [...(this.claimedHere.get(storedKey) ?? []), entry]);
    }
  }

  private strand(claim: Types.ObjectId): void {
    // Bounded: a forgotten claim only costs its entries the lease's wait.
    if (this.strandedClaims.size >= 1_000) this.strandedClaims.clear();
    this.strandedClaims.add(String(claim));
  }

  /** Held by an insert of this process that failed (its write landed unseen): no drain is sending it. */
  private isStranded(entry: OutboxEntry): boolean {
    return entry.status === 'sending' && entry.claim !== undefined && this.strandedClaims.has(String(entry.claim));
  }

  /** Inserts the entries (sealed); those whose key is already in the outbox (a retried step) are skipped. */
  private async insertNew<T extends { entry: OutboxEntry; storedKey: string }>(docs: T[]): Promise<T[]> {
    try {
      await this.grouped.insertMany(docs.map((d) => this.seal(d.entry, d.storedKey)));
      return docs;
    } catch (err) {
      const skipped = duplicatePositions(err);
      if (!skipped || skipped.size === 0) throw err;
      // The kept entries were written by the earlier attempt, which also set the chat's state.
      for (const doc of docs.filter((_, i) => skipped.has(i))) this.mustQuery.add(doc.storedKey);
      return docs.filter((_, i) => !skipped.has(i));
    }
  }

  /**
   * Sends everything due for one chat, oldest first, and stops at a message waiting for a
   * retry so later ones never overtake it: first what this process claimed on insert, then,
   * unless the chat is known to hold nothing else, a read and a claim of the rest.
   */
  drain(key: string): Promise<void> {
    return this.drainStored(this.stored(key));
  }

  /** drain, for a chat by its stored key (the sweep knows only those). */
  private drainStored(key: string): Promise<void> {
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

  /**
   * Sends a claimed batch in order; false when one must wait for a retry (the rest go back in line).
   * Each entry is marked sent as soon as it has left, so a crash or a failed write later in the
   * batch never makes an earlier, already delivered message go out again.
   */
  private async sendInOrder(batch: OutboxEntry[]): Promise<boolean> {
    for (const [i, entry] of batch.entries()) {
      const result = await this.deliver(entry);
      if (result.outcome === 'sent') await this.recordSent({ ...entry, sentAt: this.deps.clock.now() }, result.receipt);
      if (result.outcome === 'retry') {
        const rest = batch.slice(i + 1).map((e) => e._id);
        if (rest.length) await this.model.updateMany({ _id: { $in: rest }, status: 'sending' }, { $set: { status: 'pending' } }).exec();
        return false;
      }
    }
    return true;
  }

  /**
   * The person wrote again: messages the channel held for them (outside the 24-hour window) are
   * due now, ahead of the reply to what they just wrote.
   */
  async wake(key: string): Promise<void> {
    const { modifiedCount } = await this.model
      .updateMany({ chatKey: this.storedKeys(key), status: 'pending', heldReason: { $exists: true } }, { $set: { nextAttemptAt: this.deps.clock.now() } })
      .exec();
    if (modifiedCount > 0) {
      this.idleChats.delete(this.stored(key));
      this.mustQuery.add(this.stored(key));
    }
  }

  /**
   * A delivery report from the provider: the entry is found by the id the channel returned (or
   * the outbox id the provider echoes back) and only moves forward (sent → delivered → read);
   * `failed` marks the entry failed with the provider's reason, for staff to see. Any other
   * report proves the message went: the entry is sent from then on, whatever this or an earlier
   * process knew of the send (claimed when it died, failed as outcome unknown, waiting for a
   * retry), so it is never sent again. Returns whether an entry was updated.
   */
  async recordDelivery(report: DeliveryReport): Promise<boolean> {
    const rank = DELIVERY_RANK[report.status];
    const byId = report.outboxId && Types.ObjectId.isValid(report.outboxId) ? { _id: new Types.ObjectId(report.outboxId) } : null;
    const match = byId ? { $or: [byId, { providerMessageId: report.providerMessageId }] } : { providerMessageId: report.providerMessageId };
    const set: Record<string, unknown> = { delivery: { status: report.status, at: report.at, rank }, providerMessageId: report.providerMessageId };
    if (report.status === 'failed') {
      set.status = 'failed';
      set.failedAt = this.deps.clock.now();
      set.error = `WhatsApp tidak dapat mengantarkan pesan ini (kode ${report.error?.code ?? '?'}: ${report.error?.reason ?? 'tanpa keterangan'}).`;
    }
    const forward = { $or: [{ 'delivery.rank': { $exists: false } }, { 'delivery.rank': { $lt: rank } }] };
    const found = await this.entries.findOneAndUpdate({ channel: report.channel, $and: [match, forward] } as never, { $set: set }, { returnDocument: 'after' });
    if (!found) {
      // The same failure handled again (the webhook item is retried after a crash that may have
      // come between the failed mark and the copy): the copy is still due, and written once.
      if (report.status === 'failed') {
        const failed = await this.entries.findOne({ channel: report.channel, $and: [match], status: 'failed', 'delivery.status': 'failed' } as never);
        if (failed) await this.redeliver(this.open(failed), report);
      }
      return false;
    }
    const entry = this.open(found);
    if (report.status !== 'failed' && entry.status !== 'sent') {
      // It went: sent from now on, so no retry, sweep or later failure write sends it again.
      const { modifiedCount } = await this.entries.updateOne(
        { _id: entry._id, status: { $ne: 'sent' } },
        { $set: { status: 'sent', sentAt: report.at, error: null }, $unset: { outcomeUnknown: 1, claim: 1, heldReason: 1 } },
      );
      if (modifiedCount) {
        if (!entry.inHistory) await this.logOutbound({ ...entry, sentAt: report.at });
        this.emit('sent', { ...entry, status: 'sent', sentAt: report.at, error: null });
      }
    }
    if (report.status === 'failed') {
      this.deps.logger.error({ outboxId: String(entry._id), chat: chatLogId(entry.chatKey), source: entry.source, code: report.error?.code }, 'outbound message failed after it was accepted');
      this.emit('failed', entry);
      await this.redeliver(entry, report);
    }
    return true;
  }

  /**
   * A message the provider accepted and then failed, that its channel can send past that failure
   * (the Cloud API: outside the 24-hour window, as its approved template), goes again as a new
   * entry, once: the copy's idempotency key (`redeliver:<id>`) makes every later handling of the
   * same report write nothing, whatever this or an earlier process did. The failed entry is marked
   * first, so staff are not offered "Kirim ulang" for what is already queued again; a crash
   * between the two leaves the copy to the report's next handling.
   */
  private async redeliver(entry: OutboxEntry, report: DeliveryReport): Promise<void> {
    const { channels, clock, logger } = this.deps;
    const channel = channels.get(entry.channel);
    if (!report.error || !channel?.redeliverable?.(entry, report.error)) return;
    await this.entries.updateOne({ _id: entry._id, status: 'failed', redeliveredAt: { $exists: false } }, { $set: { redeliveredAt: clock.now() } });
    await this.enqueue([
      {
        chat: { channel: entry.channel, chatId: entry.chatId },
        text: entry.text,
        source: entry.source,
        correlationId: entry.correlationId,
        staffUserId: entry.staffUserId,
        dedupeKey: `redeliver:${String(entry._id)}`,
        ...(entry.expiresAt ? { expiresAt: entry.expiresAt } : {}),
      },
    ]);
    logger.info({ outboxId: String(entry._id), chat: chatLogId(entry.chatKey), source: entry.source, code: report.error.code }, 'outbound message failed after it was accepted: queued again once');
    void this.drain(entry.chatKey).catch((err) => logger.error({ err, chat: chatLogId(entry.chatKey) }, 'outbox drain failed'));
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
    await Promise.all(keys.map((key) => this.drainStored(key)));
  }

  /** Resolves when the sends already started for this chat are done. */
  async settled(key: string): Promise<void> {
    await this.queue.settled(this.stored(key));
  }

  async idle(): Promise<void> {
    await this.queue.idle();
  }

  /**
   * For staff: this chat's messages that have not reached the person — waiting (held outside the
   * 24-hour window, or retried) or failed and not queued again as a copy — with the reason, newest first.
   */
  async notDelivered(key: string, limit = 20): Promise<Pick<OutboxEntry, '_id' | 'text' | 'source' | 'status' | 'error' | 'heldReason' | 'createdAt' | 'attempts'>[]> {
    const rows = await this.entries
      .find({ chatKey: this.storedKeys(key), status: { $in: ['pending', 'sending', 'failed'] }, redeliveredAt: { $exists: false } }, { projection: { text: 1, source: 1, status: 1, error: 1, heldReason: 1, createdAt: 1, attempts: 1, sealed: 1 } })
      .sort({ _id: -1 })
      .limit(limit)
      .toArray();
    return rows.map(({ sealed, ...row }) => ({ ...row, text: sealed ? this.deps.cipher.decrypt(row.text) : row.text }));
  }

  /**
   * For staff: entries that finally failed at or after `since`, in clear, newest failure first, at
   * most `limit`. One range on the partial index of failed entries. Entries failed before
   * `failedAt` was recorded are not listed (they carry no failure time), nor entries queued again
   * as a copy (redeliver: the copy is what staff follow).
   */
  async failedSince(since: Date, limit: number): Promise<OutboxEntry[]> {
    const rows = await this.entries
      .find({ status: 'failed', failedAt: { $gte: since }, redeliveredAt: { $exists: false } })
      .sort({ failedAt: -1 })
      .limit(limit)
      .toArray();
    return rows.map((doc) => this.open(doc));
  }

  /** For a data-subject request (src/privacy): every entry of the chat, whatever its status, opened, oldest first. */
  async entriesOfChat(key: string, limit = 10_000): Promise<OutboxEntry[]> {
    const rows = await this.entries.find({ chatKey: this.storedKeys(key) }).sort({ _id: 1 }).limit(limit).toArray();
    return rows.map((doc) => this.open(doc));
  }

  /**
   * Erases the chat's entries, sent or not (a data-subject request, src/privacy); returns how
   * many. One already handed to the channel still leaves; marking it sent then finds nothing.
   */
  async eraseChat(key: string): Promise<number> {
    const { deletedCount } = await this.entries.deleteMany({ chatKey: this.storedKeys(key) });
    return deletedCount;
  }

  async pendingCount(): Promise<number> {
    return this.model.countDocuments({ status: { $in: ['pending', 'sending'] } }).exec();
  }

  /** Claims the due prefix of the chat's queue (by stored key); nothing when its head waits for a retry or another sender. */
  private async claimDue(key: string): Promise<{ batch: OutboxEntry[]; more: boolean }> {
    const now = this.deps.clock.now();
    const queued = (await this.entries
      .find({ chatKey: key, status: { $in: ['pending', 'sending'] } })
      .sort({ _id: 1 })
      .limit(CLAIM_LIMIT)
      .toArray()).map((doc) => this.open(doc));
    const due: OutboxEntry[] = [];
    for (const entry of queued) {
      const leaseExpired = entry.status === 'sending' && entry.nextAttemptAt.getTime() <= now.getTime() - SENDING_LEASE_MS;
      if (entry.status === 'sending' && !leaseExpired && !this.isStranded(entry)) break;
      if (entry.status === 'pending' && entry.nextAttemptAt > now) break;
      // A lapsed lease is a send that never reported back (a crash mid-send): it may have gone.
      // A stranded claim's insert never reached a drain: it has not.
      due.push(leaseExpired && !this.isStranded(entry) ? { ...entry, outcomeUnknown: true } : entry);
    }
    // `more`: entries stay queued that this pass does not take (waiting, held elsewhere, or past the limit).
    const more = queued.length === CLAIM_LIMIT || due.length < queued.length;
    if (due.length === 0) return { batch: [], more };
    const claim = new Types.ObjectId();
    const stranded = [...new Set(due.filter((e) => this.isStranded(e)).map((e) => String(e.claim)))].map((id) => new Types.ObjectId(id));
    // Atomic claim: entries another instance took meanwhile no longer match and are left out.
    const { modifiedCount } = await this.model
      .updateMany(
        {
          _id: { $in: due.map((e) => e._id) },
          $or: [
            { status: 'pending', nextAttemptAt: { $lte: now } },
            { status: 'sending', nextAttemptAt: { $lte: new Date(now.getTime() - SENDING_LEASE_MS) } },
            ...(stranded.length ? [{ status: 'sending', claim: { $in: stranded } }] : []),
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

  private async deliver(entry: OutboxEntry): Promise<Delivery> {
    const { channels, clock, logger } = this.deps;
    const channel = channels.get(entry.channel);
    const now = clock.now();
    if (entry.expiresAt && entry.expiresAt.getTime() <= now.getTime()) {
      if (!(await this.updateUnlessSent(entry, { $set: { status: 'expired', error: 'no longer relevant: its time has passed' }, $unset: { claim: 1 } }))) return { outcome: 'settled' };
      logger.info({ outboxId: String(entry._id), chat: chatLogId(entry.chatKey), source: entry.source }, 'outbound message expired unsent');
      return { outcome: 'failed' };
    }
    try {
      if (!channel) throw new ChannelUnavailableError(`channel ${entry.channel} is not running`);
      const receipt = await channel.send({
        id: String(entry._id),
        chatId: entry.chatId,
        text: entry.text,
        correlationId: entry.correlationId,
        source: entry.source,
        ...(entry.outcomeUnknown ? { mayHaveLeftSince: entry.createdAt } : {}),
      });
      return { outcome: 'sent', receipt: receipt ?? {} };
    } catch (err) {
      const later = (ms: number) => new Date(now.getTime() + ms);
      if (err instanceof ChannelHoldError) {
        // Waits for the person to write (wake) or the recheck; the reason is what staff see.
        if (!(await this.updateUnlessSent(entry, { $set: { status: 'pending', error: err.reason, heldReason: err.reason, nextAttemptAt: later(err.retryAfterMs ?? HOLD_RECHECK_MS) }, $unset: { claim: 1 } }))) return { outcome: 'settled' };
        if (!entry.heldReason) logger.info({ outboxId: String(entry._id), chat: chatLogId(entry.chatKey), source: entry.source }, 'outbound message held by the channel');
        return { outcome: 'retry' };
      }
      if (err instanceof ChannelUnavailableError) {
        if (!(await this.updateUnlessSent(entry, { $set: { status: 'pending', error: err.message, nextAttemptAt: later(err.retryAfterMs ?? UNAVAILABLE_RETRY_MS) } }))) return { outcome: 'settled' };
        return { outcome: 'retry' };
      }
      const attempts = entry.attempts + 1;
      const permanent = (err instanceof ChannelSendError && err.permanent) || attempts >= MAX_ATTEMPTS;
      const message = err instanceof Error ? err.message : String(err);
      const retryAfterMs = err instanceof ChannelSendError ? (err.retryAfterMs ?? 0) : 0;
      const unknown = err instanceof ChannelSendError && err.outcomeUnknown;
      const written = await this.updateUnlessSent(entry, {
        $set: { status: permanent ? 'failed' : 'pending', attempts, error: message, ...(permanent ? { failedAt: now } : {}), nextAttemptAt: later(Math.max(backoffMs(attempts), retryAfterMs)), ...(unknown ? { outcomeUnknown: true } : {}) },
      });
      if (!written) return { outcome: 'settled' };
      if (permanent) {
        // Given up: said loudly, with the chat, so staff can reach the person another way.
        logger.error({ outboxId: String(entry._id), chat: chatLogId(entry.chatKey), source: entry.source, attempts, err: message }, 'outbound message failed');
        this.emit('failed', entry);
      } else logger.warn({ outboxId: String(entry._id), attempts, err: message }, 'outbound message not sent');
      // A message that can never be sent must not hold back the rest of the chat.
      return { outcome: permanent ? 'failed' : 'retry' };
    }
  }

  /**
   * Writes an attempt's failure (or the expiry) — never over an entry a delivery report has
   * marked sent meanwhile, which would send it again or show it failed. False when it was sent.
   */
  private async updateUnlessSent(entry: OutboxEntry, update: { $set: Record<string, unknown>; $unset?: Record<string, 1> }): Promise<boolean> {
    const { matchedCount } = await this.model.updateOne({ _id: entry._id, status: { $ne: 'sent' } }, update).exec();
    return matchedCount > 0;
  }

  private async recordSent(e: OutboxEntry & { sentAt: Date }, receipt: SendReceipt): Promise<void> {
    const set: Partial<OutboxEntry> = { status: 'sent', sentAt: e.sentAt, error: null };
    if (receipt.providerMessageId) set.providerMessageId = receipt.providerMessageId;
    if (receipt.via) set.sentVia = receipt.via;
    // A failure report that overtook the send's own answer is kept. This mark is also what puts
    // the entry in the chat's history (sentHistory).
    await this.grouped.updateOne({ _id: e._id, 'delivery.status': { $ne: 'failed' } } as never, { $set: set, $unset: { claim: 1, heldReason: 1 } });
    if (!e.inHistory) await this.logOutbound(e);
    this.emit('sent', { ...e, ...set });
  }

  /** The message-log row of an entry written before entries were their own history. */
  private async logOutbound(e: OutboxEntry & { sentAt: Date }): Promise<void> {
    await this.deps.messageLog.recordOutbound([
      { channel: e.channel, messageId: `out:${e._id}`, chatKey: e.chatKey, author: authorOf(e), text: e.text, at: e.sentAt, staffUserId: e.staffUserId ?? undefined },
    ]);
  }

  /**
   * The chat's sent messages as history rows, newest first: opened, NIK/KK and phone numbers
   * masked as the message log masks what it keeps. One index range (chat, sentAt).
   */
  async sentHistory(key: string, limit: number): Promise<(LoggedMessage & { _id: Types.ObjectId })[]> {
    const rows = await this.entries
      .find({ chatKey: this.stored(key), status: 'sent', inHistory: true })
      .sort({ sentAt: -1, _id: -1 })
      .limit(limit)
      .toArray();
    return rows.map((doc) => {
      const e = this.open(doc);
      return {
        _id: e._id,
        channel: e.channel,
        messageId: `out:${e._id}`,
        chatKey: key,
        direction: 'out' as const,
        author: authorOf(e),
        type: 'text',
        text: maskIdentityNumbers(e.text),
        at: e.sentAt ?? e.createdAt,
        processed: true,
        ...(e.staffUserId ? { staffUserId: e.staffUserId } : {}),
      };
    });
  }
}

/** Who a sent entry speaks for in the chat history. */
function authorOf(e: Pick<OutboxEntry, 'source'>): 'staff' | 'bot' | 'system' {
  return e.source === 'staff' ? 'staff' : e.source === 'bot' ? 'bot' : 'system';
}
