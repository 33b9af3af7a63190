/**
 * Human handoff: puts a chat in the staff queue, lets staff claim, reply and close it, and
 * keeps the bot silent while a person owns the chat. Staff replies go through the outbox like
 * every other message; closing (or hours without staff activity) hands the chat back to the bot.
 * Records are sealed at rest (handoff-store.ts): every query finds a chat by its keyed hash and
 * every record leaves this service opened, so callers (API, dashboard, engine) see chat keys,
 * addresses and phone numbers in clear and never the stored form.
 */
import { EventEmitter } from 'node:events';
import type { Connection } from 'mongoose';
import type { PiiCipher } from '../applications/pii-crypto';
import { chatKeyHash, clearKeyRanges, keyedHash, openOptional, sealOptional } from '../applications/sealing';
import type { Clock } from '../calendar/clock';
import type { OfficeCalendar } from '../calendar/working-days';
import type { Catalogue } from '../conversation/catalogue';
import type { ChatOwner, HandoffGate } from '../conversation/engine';
import { CHANNEL_NAMES, chatKey, type ChatRef, type InboundMessage } from '../conversation/inbound';
import type { Outbox } from '../conversation/outbox';
import { MAX_MESSAGE_LENGTH } from '../conversation/split';
import type { ChatIdentity, HandoffService } from '../conversation/services';
import { AppError } from '../http/errors';
import { handoffModel, type Handoff, type StoredHandoff } from './handoff-store';
import { phoneTailHash, phoneTailOf } from './phone-tail';
import { isDuplicateKey } from '../db/duplicate-key';

/**
 * How long one staff reply may be: four WhatsApp messages. The outbox splits a longer text at
 * paragraph, line or word boundaries (conversation/split.ts), so the applicant gets all of it;
 * beyond this the reply is refused, never cut.
 */
export const MAX_REPLY_LENGTH = 4 * MAX_MESSAGE_LENGTH;

/** A `ref` (Handoff.ref): a keyed hash, 64 hex digits; a chat key always starts with its channel's name. */
export const CHAT_REF = /^[a-f0-9]{64}$/;

/** Emitted for the dashboard's live view: 'changed' on queue changes, 'message' on a new user message. */
export interface HandoffEvent {
  chatKey: string;
  status?: Handoff['status'];
}

export class Handoffs extends EventEmitter implements HandoffService, HandoffGate {
  readonly model;

  constructor(
    connection: Connection,
    private readonly deps: {
      outbox: Outbox;
      catalogue: Catalogue;
      clock: Clock;
      calendar: OfficeCalendar;
      idleHours: number;
      /** Office-hours minutes a request may wait unclaimed before the chat returns to the bot. */
      unclaimedMinutes: number;
      /** The office's phone or WhatsApp, for people whose request nobody took. */
      contact: string;
      /** Seals the chat's address and phone, hashes its key (DATA_ENCRYPTION_KEY). */
      cipher: PiiCipher;
    },
  ) {
    super();
    this.setMaxListeners(0);
    this.model = handoffModel(connection);
  }

  /** The chat key as stored. */
  private hashed(key: string): string {
    return chatKeyHash(this.deps.cipher, key);
  }

  /** The opaque key staff address a chat by (Handoff.ref): its stored hash, so a page never carries the number. */
  refOf(key: string): string {
    return this.hashed(key);
  }

  /**
   * The chat key behind an address a request gave (chatAddressSchema): a `ref` is looked up as
   * the stored hash of the chat's newest handoff (null when no handoff has it); a chat key typed
   * by a tool that knows the number is taken as it is.
   */
  async keyOf(address: string): Promise<string | null> {
    if (!CHAT_REF.test(address)) return address;
    return this.opened(await this.model.findOne({ chatKey: address }).sort({ requestedAt: -1 }).lean<StoredHandoff>().exec())?.chatKey ?? null;
  }

  /** The fields that name the chat, as written: key hashed, address and phone sealed. */
  private sealedChat(chat: ChatIdentity): Pick<StoredHandoff, 'chatKey' | 'channel' | 'chatId' | 'phone' | 'sealed' | 'phoneTail'> {
    const { cipher } = this.deps;
    return {
      chatKey: this.hashed(chatKey(chat)), channel: chat.channel, chatId: cipher.encrypt(chat.chatId), phone: sealOptional(cipher, chat.phone), sealed: true,
      phoneTail: phoneTailOf(cipher, chat.phone ?? null),
    };
  }

  /** A record as read, opened for callers. */
  private opened(doc: StoredHandoff): Handoff;
  private opened(doc: StoredHandoff | null): Handoff | null;
  private opened(doc: StoredHandoff | null): Handoff | null {
    if (!doc) return null;
    const { sealed, phoneTail: _tail, ...handoff } = doc;
    if (!sealed) return { ...handoff, ref: this.hashed(handoff.chatKey), senderName: handoff.senderName ?? null }; // from before sealing: in clear already (sealed at the next start)
    const chatId = this.deps.cipher.decrypt(handoff.chatId);
    const senderName = handoff.senderName ? this.deps.cipher.decrypt(handoff.senderName) : null; // absent on records from before names
    return { ...handoff, chatKey: chatKey({ channel: handoff.channel, chatId }), ref: handoff.chatKey, chatId, phone: openOptional(this.deps.cipher, handoff.phone), senderName };
  }

  /**
   * Start-up: records written before sealing (chat key, address and phone in clear) are sealed
   * in place — open ones included, so a chat waiting for or handled by staff stays in the queue,
   * silent to the bot, and staff can still reply. Found by an index range on the clear chat key.
   * Should an open record under the hashed key exist already, the old one is closed as it is
   * sealed (the unique index allows one open handoff per chat). Returns how many were sealed.
   */
  async migrateLegacy(): Promise<number> {
    const legacy = await this.model.find(clearKeyRanges('chatKey', CHANNEL_NAMES)).lean<StoredHandoff[]>().exec();
    for (const old of legacy) {
      const sealed = this.sealedChat({ channel: old.channel, chatId: old.chatId, phone: old.phone });
      try {
        await this.model.updateOne({ _id: old._id }, { $set: sealed }).exec();
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const now = this.deps.clock.now();
        await this.model.updateOne({ _id: old._id }, { $set: { ...sealed, status: 'closed', closedAt: old.closedAt ?? now, closeReason: old.closeReason ?? 'idle' } }).exec();
      }
    }
    return legacy.length;
  }

  /**
   * Start-up, after migrateLegacy: handoffs from before `phoneTail` get it, so a search by the
   * last digits finds every closed chat still kept, not only the new ones. Done at start rather
   * than lazily when a record is read, because a search reads records only through this field:
   * one never filled in would never be found. Found through the field's own index (null
   * bounds); each is opened once. Returns how many.
   */
  async backfillPhoneTails(): Promise<number> {
    const old = await this.model.find({ phoneTail: null }, { phone: 1, sealed: 1 }).lean<Pick<StoredHandoff, '_id' | 'phone' | 'sealed'>[]>().exec();
    for (const doc of old) {
      const phone = doc.sealed ? openOptional(this.deps.cipher, doc.phone) : doc.phone;
      await this.model.updateOne({ _id: doc._id, phoneTail: null }, { $set: { phoneTail: phoneTailOf(this.deps.cipher, phone) } }).exec();
    }
    return old.length;
  }

  async request(input: { chat: ChatIdentity; reason: Handoff['reason']; now: Date }): Promise<{ waiting: number; expectedMinutes: number | null }> {
    const key = chatKey(input.chat);
    const mine = (await this.open(key)) ?? (await this.create(input, key));
    // Same-millisecond requests are ordered by id, so two chats never both count as first.
    const waiting = await this.model
      .countDocuments({ status: 'waiting', $or: [{ requestedAt: { $lt: mine.requestedAt } }, { requestedAt: mine.requestedAt, _id: { $lt: mine._id } }] })
      .exec();
    return { waiting, expectedMinutes: await this.expectedWaitMinutes(waiting) };
  }

  /**
   * A new waiting request; the record written is the one to count from, not read back (one round
   * trip less per request). When a concurrent request won the unique index, its record.
   */
  private async create(input: { chat: ChatIdentity; reason: Handoff['reason']; now: Date }, key: string): Promise<Pick<StoredHandoff, 'requestedAt'> & { _id: unknown }> {
    let mine: (Pick<StoredHandoff, 'requestedAt'> & { _id: unknown }) | null;
    try {
      mine = await this.model.create({
        ...this.sealedChat(input.chat),
        senderName: input.chat.name ? this.deps.cipher.encrypt(input.chat.name) : null,
        status: 'waiting', reason: input.reason, requestedAt: input.now, lastActivityAt: input.now, acknowledgedAt: null,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // a concurrent request won; same outcome
      mine = await this.open(key);
    }
    this.emit('changed', { chatKey: key, status: 'waiting' });
    if (!mine) throw new Error('handoff request: the open record vanished as it was written');
    return mine;
  }

  /**
   * A rough wait for a chat with `ahead` chats before it: the median time recent chats waited
   * for a person, once per chat in front. Null when there is no history to judge by.
   */
  async expectedWaitMinutes(ahead: number): Promise<number | null> {
    const recent = await this.model
      .find({ claimedAt: { $ne: null }, reason: { $ne: 'office_phone' } }, { requestedAt: 1, claimedAt: 1 })
      .sort({ claimedAt: -1 })
      .limit(30)
      .lean<Pick<Handoff, 'requestedAt' | 'claimedAt'>[]>()
      .exec();
    if (recent.length === 0) return null;
    const waits = recent.map((h) => h.claimedAt!.getTime() - h.requestedAt.getTime()).sort((a, b) => a - b);
    const median = waits[Math.floor(waits.length / 2)];
    return Math.max(1, Math.round((median * (ahead + 1)) / 60_000));
  }

  async ownerOf(chat: InboundMessage): Promise<ChatOwner> {
    const open = await this.open(chatKey(chat));
    if (!open) return 'bot';
    return open.status === 'active' ? 'human' : 'waiting';
  }

  async withdraw(chat: InboundMessage, now: Date): Promise<void> {
    await this.close(chatKey(chat), 'withdrawn', now, false);
  }

  async officeReplied(chat: InboundMessage, now: Date): Promise<void> {
    const key = chatKey(chat);
    const update = { status: 'active', claimedBy: 'office_phone', claimedAt: now, lastActivityAt: now };
    const claimed = await this.model.findOneAndUpdate({ chatKey: this.hashed(key), status: { $in: ['waiting', 'active'] } }, { $set: { lastActivityAt: now } }).exec();
    if (!claimed) {
      try {
        await this.model.create({ ...this.sealedChat(chat), reason: 'office_phone', requestedAt: now, ...update });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    } else if (claimed.status === 'waiting') {
      await this.model.updateOne({ _id: claimed._id }, { $set: update }).exec();
    }
    this.emit('changed', { chatKey: key, status: 'active' });
  }

  /**
   * Claims the right to tell a waiting person "your message is received" now: true at most
   * once every `everyMinutes` per chat, so a string of messages gets one answer, not silence.
   * The claim names the message that took it: that message taken again (its step retried after a
   * transient error, or redelivered after the process died) gets true again and so the same reply,
   * under the same idempotency key — not a spent claim (its reply lost) or another reply (doubled).
   */
  async acknowledge(chat: InboundMessage, now: Date, everyMinutes: number): Promise<boolean> {
    const before = new Date(now.getTime() - everyMinutes * 60_000);
    const by = keyedHash(this.deps.cipher, 'message', chat.messageId);
    const taken = await this.model
      .findOneAndUpdate(
        { chatKey: this.hashed(chatKey(chat)), status: 'waiting', $or: [{ acknowledgedAt: null }, { acknowledgedAt: { $lte: before } }, { acknowledgedFor: by }] },
        { $set: { acknowledgedAt: now, acknowledgedFor: by } },
      )
      .lean()
      .exec();
    return taken !== null;
  }

  notify(chat: InboundMessage): void {
    this.emit('message', { chatKey: chatKey(chat) });
  }

  async queue(): Promise<Handoff[]> {
    const rows = await this.model.find({ status: { $in: ['waiting', 'active'] } }).sort({ requestedAt: 1 }).lean<StoredHandoff[]>().exec();
    return rows.map((h) => this.opened(h));
  }

  /**
   * Takes a waiting chat. With `takeOver`, also a chat someone else (or the office phone)
   * handles: a colleague going home must not strand the person in the chat.
   */
  async claim(key: string, staffUserId: string, options: { takeOver?: boolean } = {}): Promise<Handoff> {
    const now = this.deps.clock.now();
    const from = options.takeOver ? { $in: ['waiting', 'active'] } : 'waiting';
    const claimed = await this.model
      .findOneAndUpdate({ chatKey: this.hashed(key), status: from }, { $set: { status: 'active', claimedBy: staffUserId, claimedAt: now, lastActivityAt: now } }, { returnDocument: 'after' })
      .lean<StoredHandoff>()
      .exec()
      .then((doc) => this.opened(doc));
    if (!claimed) {
      const open = await this.open(key);
      if (open?.claimedBy === staffUserId) return open;
      throw new AppError('not_claimable', open ? 'chat is already handled by someone else' : 'chat is not waiting for staff', 409);
    }
    this.emit('changed', { chatKey: key, status: 'active' });
    return claimed;
  }

  /** A staff reply: claims the chat if it was waiting, then sends through the outbox. */
  async reply(key: string, staffUserId: string, text: string): Promise<void> {
    if (text.length > MAX_REPLY_LENGTH) throw new AppError('reply_too_long', `a reply is at most ${MAX_REPLY_LENGTH} characters`, 400);
    const now = this.deps.clock.now();
    let open = await this.open(key);
    if (!open) throw new AppError('not_open', 'chat is not handed to staff', 409);
    if (open.status === 'waiting') open = await this.claim(key, staffUserId);
    else if (open.claimedBy !== staffUserId) throw new AppError('not_claimable', 'chat is handled by someone else; take it over first', 409);
    await this.model.updateOne({ _id: open._id }, { $set: { lastActivityAt: now } }).exec();
    await this.deps.outbox.enqueue([{ chat: open, text, source: 'staff', staffUserId }]);
    await this.deps.outbox.drain(key);
  }

  /** Hands the chat back to the bot, which tells the user. False when it was not open. */
  async closeByStaff(key: string): Promise<boolean> {
    return this.close(key, 'staff', this.deps.clock.now(), true);
  }

  /** The open handoff of a chat, if any. */
  async get(key: string): Promise<Handoff | null> {
    return this.open(key);
  }

  /** The newest handoff of a chat, open or closed (the inbox still shows a chat just closed). */
  async latest(key: string): Promise<Handoff | null> {
    return this.opened(await this.model.findOne({ chatKey: this.hashed(key) }).sort({ requestedAt: -1 }).lean<StoredHandoff>().exec());
  }

  /** Every handoff of a chat, open or closed, newest first, opened (a data-subject request, src/privacy). */
  async allOf(key: string): Promise<Handoff[]> {
    const rows = await this.model.find({ chatKey: { $in: [this.hashed(key), key] } }).sort({ requestedAt: -1 }).lean<StoredHandoff[]>().exec();
    return rows.map((h) => this.opened(h));
  }

  /**
   * Erases every handoff of a chat, an open one too (a data-subject request, src/privacy): the
   * chat leaves the staff queue and returns to the bot. Returns how many.
   */
  async eraseChat(key: string): Promise<number> {
    const { deletedCount } = await this.model.deleteMany({ chatKey: { $in: [this.hashed(key), key] } }).exec();
    if (deletedCount > 0) this.emit('changed', { chatKey: key, status: 'closed' });
    return deletedCount;
  }

  /** Handoffs requested in [from, to), for the reports. */
  async requestedBetween(from: Date, to: Date): Promise<Handoff[]> {
    const rows = await this.model.find({ requestedAt: { $gte: from, $lt: to } }).sort({ requestedAt: 1 }).lean<StoredHandoff[]>().exec();
    return rows.map((h) => this.opened(h));
  }

  /**
   * One page of closed handoffs, the most recently closed first, and how many there are: an
   * index range on (status, closedAt) read backwards, over everything retention keeps.
   */
  async closedPage(skip: number, limit: number): Promise<{ rows: Handoff[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.model.find({ status: 'closed' }).sort({ closedAt: -1 }).skip(skip).limit(limit).lean<StoredHandoff[]>().exec(),
      this.model.countDocuments({ status: 'closed' }).exec(),
    ]);
    return { rows: rows.map((h) => this.opened(h)), total };
  }

  /**
   * The closed handoffs whose number ends in the last 4 of these digits, most recently closed
   * first: by the keyed hash of those digits (phone-tail.ts), through its index. The caller
   * checks the whole of what was typed against the opened numbers.
   */
  async closedByPhoneTail(digits: string): Promise<Handoff[]> {
    const rows = await this.model.find({ phoneTail: phoneTailHash(this.deps.cipher, digits), status: 'closed' }).sort({ closedAt: -1 }).lean<StoredHandoff[]>().exec();
    return rows.map((h) => this.opened(h));
  }

  /** Hands back chats without staff activity for idleHours. Returns how many. */
  async releaseIdle(): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - this.deps.idleHours * 3_600_000);
    const idle = (await this.model.find({ status: 'active', lastActivityAt: { $lt: cutoff } }).lean<StoredHandoff[]>().exec()).map((h) => this.opened(h));
    let released = 0;
    // The cutoff is part of the close: a staff reply that lands meanwhile keeps the chat open.
    for (const h of idle) if (await this.close(h.chatKey, 'idle', this.deps.clock.now(), true, { lastActivityAt: { $lt: cutoff } })) released++;
    return released;
  }

  /**
   * Returns to the bot the requests nobody claimed within `unclaimedMinutes` of office hours,
   * telling each person so and how else to reach the office. Returns how many.
   */
  async releaseUnclaimed(): Promise<number> {
    const now = this.deps.clock.now();
    const { unclaimedMinutes, calendar } = this.deps;
    const candidates = await this.model
      .find({ status: 'waiting', requestedAt: { $lte: new Date(now.getTime() - unclaimedMinutes * 60_000) } })
      .lean<StoredHandoff[]>()
      .exec()
      .then((rows) => rows.map((h) => this.opened(h)));
    let released = 0;
    for (const h of candidates) {
      if (calendar.workingHoursBetween(h.requestedAt, now) * 60 < unclaimedMinutes) continue;
      if (await this.close(h.chatKey, 'unclaimed', now, true, { status: 'waiting' })) released++;
    }
    return released;
  }

  private async open(key: string): Promise<Handoff | null> {
    return this.opened(await this.model.findOne({ chatKey: this.hashed(key), status: { $in: ['waiting', 'active'] } }).lean<StoredHandoff>().exec());
  }

  private async close(key: string, reason: NonNullable<Handoff['closeReason']>, now: Date, tellUser: boolean, also: Record<string, unknown> = {}): Promise<boolean> {
    const closed = this.opened(
      await this.model
        .findOneAndUpdate({ chatKey: this.hashed(key), status: { $in: ['waiting', 'active'] }, ...also }, { $set: { status: 'closed', closedAt: now, closeReason: reason } })
        .lean<StoredHandoff>()
        .exec(),
    );
    if (!closed) return false;
    if (tellUser) {
      const chat: ChatRef = { channel: closed.channel, chatId: closed.chatId };
      const text = reason === 'unclaimed' ? this.deps.catalogue.render('engine.human_unclaimed', { contact: this.deps.contact }) : this.deps.catalogue.render('engine.human_returned');
      await this.deps.outbox.enqueue([{ chat, text, source: 'bot' }]);
      await this.deps.outbox.drain(key);
    }
    this.emit('changed', { chatKey: key, status: 'closed' });
    return true;
  }
}
