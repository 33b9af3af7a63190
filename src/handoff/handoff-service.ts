/**
 * Human handoff: puts a chat in the staff queue, lets staff claim, reply and close it, and
 * keeps the bot silent while a person owns the chat. Staff replies go through the outbox like
 * every other message; closing (or hours without staff activity) hands the chat back to the bot.
 */
import { EventEmitter } from 'node:events';
import type { Connection } from 'mongoose';
import type { Clock } from '../calendar/clock';
import type { Catalogue } from '../conversation/catalogue';
import type { ChatOwner, HandoffGate } from '../conversation/engine';
import { chatKey, type ChatRef, type InboundMessage } from '../conversation/inbound';
import type { Outbox } from '../conversation/outbox';
import type { ChatIdentity, HandoffService } from '../conversation/services';
import { AppError } from '../http/errors';
import { handoffModel, type Handoff } from './handoff-store';

export class Handoffs extends EventEmitter implements HandoffService, HandoffGate {
  readonly model;

  constructor(
    connection: Connection,
    private readonly deps: { outbox: Outbox; catalogue: Catalogue; clock: Clock; idleHours: number },
  ) {
    super();
    this.setMaxListeners(0);
    this.model = handoffModel(connection);
  }

  async request(input: { chat: ChatIdentity; reason: Handoff['reason']; now: Date }): Promise<{ waiting: number }> {
    const key = chatKey(input.chat);
    const open = await this.open(key);
    if (!open) {
      try {
        await this.model.create({
          chatKey: key, channel: input.chat.channel, chatId: input.chat.chatId, phone: input.chat.phone,
          status: 'waiting', reason: input.reason, requestedAt: input.now, lastActivityAt: input.now,
        });
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err; // a concurrent request won; same outcome
      }
      this.emit('changed', { chatKey: key, status: 'waiting' });
    }
    const mine = (await this.open(key))!;
    const waiting = await this.model.countDocuments({ status: 'waiting', requestedAt: { $lt: mine.requestedAt } }).exec();
    return { waiting };
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
    const claimed = await this.model.findOneAndUpdate({ chatKey: key, status: { $in: ['waiting', 'active'] } }, { $set: { lastActivityAt: now } }).exec();
    if (!claimed) {
      try {
        await this.model.create({ chatKey: key, channel: chat.channel, chatId: chat.chatId, phone: chat.phone, reason: 'office_phone', requestedAt: now, ...update });
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
    } else if (claimed.status === 'waiting') {
      await this.model.updateOne({ _id: claimed._id }, { $set: update }).exec();
    }
    this.emit('changed', { chatKey: key, status: 'active' });
  }

  notify(chat: InboundMessage): void {
    this.emit('message', { chatKey: chatKey(chat) });
  }

  async queue(): Promise<Handoff[]> {
    return this.model.find({ status: { $in: ['waiting', 'active'] } }).sort({ requestedAt: 1 }).lean<Handoff[]>().exec();
  }

  async claim(key: string, staffUserId: string): Promise<Handoff> {
    const now = this.deps.clock.now();
    const claimed = await this.model
      .findOneAndUpdate({ chatKey: key, status: 'waiting' }, { $set: { status: 'active', claimedBy: staffUserId, claimedAt: now, lastActivityAt: now } }, { new: true })
      .lean<Handoff>()
      .exec();
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
    const now = this.deps.clock.now();
    let open = await this.open(key);
    if (!open) throw new AppError('not_open', 'chat is not handed to staff', 409);
    if (open.status === 'waiting') open = await this.claim(key, staffUserId);
    await this.model.updateOne({ _id: open._id }, { $set: { lastActivityAt: now } }).exec();
    await this.deps.outbox.enqueue([{ chat: open, text, source: 'staff', staffUserId }]);
    await this.deps.outbox.drain(key);
  }

  async closeByStaff(key: string): Promise<void> {
    await this.close(key, 'staff', this.deps.clock.now(), true);
  }

  /** Hands back chats without staff activity for idleHours. Returns how many. */
  async releaseIdle(): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - this.deps.idleHours * 3_600_000);
    const idle = await this.model.find({ status: 'active', lastActivityAt: { $lt: cutoff } }).lean<Handoff[]>().exec();
    for (const h of idle) await this.close(h.chatKey, 'idle', this.deps.clock.now(), true);
    return idle.length;
  }

  private async open(key: string): Promise<Handoff | null> {
    return this.model.findOne({ chatKey: key, status: { $in: ['waiting', 'active'] } }).lean<Handoff>().exec();
  }

  private async close(key: string, reason: NonNullable<Handoff['closeReason']>, now: Date, tellUser: boolean): Promise<void> {
    const closed = await this.model
      .findOneAndUpdate({ chatKey: key, status: { $in: ['waiting', 'active'] } }, { $set: { status: 'closed', closedAt: now, closeReason: reason } })
      .lean<Handoff>()
      .exec();
    if (!closed) return;
    if (tellUser) {
      const chat: ChatRef = { channel: closed.channel, chatId: closed.chatId };
      await this.deps.outbox.enqueue([{ chat, text: this.deps.catalogue.render('engine.human_returned'), source: 'bot' }]);
      await this.deps.outbox.drain(key);
    }
    this.emit('changed', { chatKey: key, status: 'closed' });
  }
}
