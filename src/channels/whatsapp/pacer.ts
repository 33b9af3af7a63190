/**
 * Outbound pacing for the office number: a global rate limit, a stricter limit for messages
 * nobody just asked for, a minimum gap per chat, random jitter and a typing time scaled to
 * the text. Sends leave one at a time; per-chat order is the outbox's job.
 *
 * Why these defaults. WhatsApp bans numbers that look like bulk senders: many messages a
 * minute, machine-regular timing, messages to people who never wrote, to numbers not on
 * WhatsApp, no presence (typing) before a message. Our traffic is mostly replies to people
 * who wrote first, which is ordinary conversation; the limits keep the rest looking human:
 * - 20 a minute overall with bursts of 5: a busy person at the counter rarely sends more; a
 *   multi-part answer still leaves at once, and a spike waits in the (durable) outbox.
 * - 6 a minute and 10 s apart for scheduled sends (reminders, notifications, alerts): messages
 *   to many people that nobody just asked for are the most spam-like traffic we have. Staff
 *   replies in a handed-over chat are conversation and go at the normal pace.
 * - At least 1 s between any two sends plus 0–1.5 s of jitter: no metronome timing.
 * - At least 2 s between two messages to one chat: a multi-part reply arrives as typed.
 * - Typing for 0.8 s + 25 ms a character, at most 6 s: the presence WhatsApp expects from a
 *   person, without making someone wait a minute for a long answer.
 */
import { z } from 'zod';
import type { Timers } from './timers';

export const pacingSchema = z.object({
  globalPerMinute: z.number().positive().default(20),
  globalBurst: z.number().int().min(1).default(5),
  scheduledPerMinute: z.number().positive().default(6),
  minGlobalGapMs: z.number().int().min(0).default(1000),
  jitterMs: z.number().int().min(0).default(1500),
  minChatGapMs: z.number().int().min(0).default(2000),
  typingBaseMs: z.number().int().min(0).default(800),
  typingPerCharMs: z.number().min(0).default(25),
  typingMaxMs: z.number().int().min(0).default(6000),
});
export type PacingSettings = z.infer<typeof pacingSchema>;

const MAX_TRACKED_CHATS = 10_000;

export class Pacer {
  private tokens: number;
  private refilledAt: number;
  private lastSendAt = Number.NEGATIVE_INFINITY;
  private lastScheduledAt = Number.NEGATIVE_INFINITY;
  private readonly lastChatSendAt = new Map<string, number>();
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly settings: PacingSettings,
    private readonly timers: Timers,
    private readonly random: () => number = Math.random,
  ) {
    this.tokens = settings.globalBurst;
    this.refilledAt = timers.now();
  }

  typingMs(text: string): number {
    const { typingBaseMs, typingPerCharMs, typingMaxMs } = this.settings;
    return Math.min(typingMaxMs, Math.round(typingBaseMs + typingPerCharMs * text.length));
  }

  /** Waits until this chat may get its next message. */
  async waitForChat(chatId: string): Promise<void> {
    const last = this.lastChatSendAt.get(chatId);
    if (last === undefined) return;
    const wait = last + this.settings.minChatGapMs - this.timers.now();
    if (wait > 0) await this.timers.sleep(wait);
  }

  /**
   * Waits for a global send slot and holds it: the next sender waits until release().
   * release(sent) records the send for the per-chat gap.
   */
  async acquire(chatId: string, scheduled: boolean): Promise<(sent: boolean) => void> {
    const previous = this.tail;
    let unlock!: () => void;
    this.tail = new Promise<void>((resolve) => (unlock = resolve));
    await previous;
    try {
      await this.waitForSlot(scheduled);
    } catch (err) {
      unlock();
      throw err;
    }
    return (sent) => {
      const now = this.timers.now();
      this.lastSendAt = now;
      if (sent) this.noteChatSend(chatId, now);
      unlock();
    };
  }

  private async waitForSlot(scheduled: boolean): Promise<void> {
    const { minGlobalGapMs, jitterMs, scheduledPerMinute } = this.settings;
    const now = this.timers.now();
    this.refill(now);
    const perMs = this.settings.globalPerMinute / 60_000;
    const tokenWait = this.tokens >= 1 ? 0 : (1 - this.tokens) / perMs;
    const gapWait = this.lastSendAt + minGlobalGapMs - now;
    const scheduledWait = scheduled ? this.lastScheduledAt + 60_000 / scheduledPerMinute - now : 0;
    const wait = Math.max(0, tokenWait, gapWait, scheduledWait) + Math.round(this.random() * jitterMs);
    if (wait > 0) await this.timers.sleep(wait);
    this.refill(this.timers.now());
    this.tokens = Math.max(0, this.tokens - 1);
    if (scheduled) this.lastScheduledAt = this.timers.now();
  }

  private refill(now: number): void {
    const perMs = this.settings.globalPerMinute / 60_000;
    this.tokens = Math.min(this.settings.globalBurst, this.tokens + (now - this.refilledAt) * perMs);
    this.refilledAt = now;
  }

  private noteChatSend(chatId: string, at: number): void {
    this.lastChatSendAt.delete(chatId);
    this.lastChatSendAt.set(chatId, at);
    if (this.lastChatSendAt.size > MAX_TRACKED_CHATS) this.lastChatSendAt.delete(this.lastChatSendAt.keys().next().value as string);
  }
}
