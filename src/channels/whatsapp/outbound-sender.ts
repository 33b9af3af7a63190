/**
 * Sending for the outbox: the paced path from an outbox entry to sendMessage. Staff and
 * scheduled sends (reminders, notifications) check the number with getNumberId first; a reply
 * from the bot goes to the chat the person wrote from. It also remembers the ids of the messages it
 * sent, so `message_create` echoes of them are not mistaken for the office typing.
 *
 * whatsapp-web.js 1.34.7 against current WhatsApp Web builds sends the message and still answers
 * undefined (the MsgKey rename; no release has the fix); a page error after the send, or an
 * answer later than our timeout, looks like a failure though the message went. Each of these
 * means "outcome unknown", never "failed": the send is confirmed from its echo or the chat's
 * latest own messages; when neither can tell, the outbox tries later and the next try looks for
 * the copy before sending (SendLedger), so nothing is sent twice and no late echo of ours is
 * taken for the office typing.
 * Handled here rather than by patching the library: the patch would target minified WhatsApp Web
 * internals that change weekly, while echoes and fetchMessages are the library's public surface.
 */
import { z } from 'zod';
import type { Logger } from 'pino';
import { ChannelSendError, ChannelUnavailableError, type OutboundMessage, type OutboxSource } from '../port';
import { chatKindOf, hashId, phoneDigitsOf } from './chat-ids';
import type { WaClient, WaMessage } from './client-port';
import type { Pacer } from './pacer';
import { RecentSet } from './recent-set';
import { SendLedger, type SendAttempt } from './send-ledger';
import { withTimeout, type Timers } from './timers';

/** After a failed or unanswered send, how long a copy may still take to show: the next try waits this long. */
const LATE_COPY_MS = 60_000;

/** Messages nobody just asked for: paced more strictly than conversation (see pacer.ts). */
const SCHEDULED = new Set<OutboxSource>(['reminder', 'notification', 'alert']);

export const outboundSchema = z.object({
  /** Above the browser's 120 s protocol timeout: a send still running there is not abandoned and redone. */
  sendTimeoutMs: z.number().int().positive().default(130_000),
  /** How long an undefined answer waits for the message's echo before reading the chat. */
  confirmWaitMs: z.number().int().positive().default(5_000),
  lookupTimeoutMs: z.number().int().positive().default(20_000),
  /** Number lookups are server queries too; many in a row look like scraping. */
  minLookupGapMs: z.number().int().min(0).default(2_000),
  numberCacheMs: z.number().int().positive().default(24 * 3_600_000),
});
export type OutboundSettings = z.infer<typeof outboundSchema>;

export interface OutboundDeps {
  /** The linked client, or null while not linked. */
  client: () => WaClient | null;
  pacer: Pacer;
  timers: Timers;
  logger: Logger;
  settings: OutboundSettings;
}

export class OutboundSender {
  lastOutboundAt: Date | undefined;
  private readonly ownIds = new RecentSet(5_000);
  private readonly delivered = new RecentSet(5_000);
  /** Sends whose outcome is or was unknown: their echoes are ours, and their entry is looked for before it is sent again. */
  private readonly attempts = new SendLedger();
  private readonly numbers = new Map<string, { id: string; until: number }>();
  private lookupTail: Promise<unknown> = Promise.resolve();
  private lastLookupAt = Number.NEGATIVE_INFINITY;
  private sending: Promise<void> | null = null;

  constructor(private readonly deps: OutboundDeps) {}

  async send(message: OutboundMessage): Promise<void> {
    // The outbox id is stable across retries: a message that already left is not sent twice.
    if (this.delivered.has(message.id)) return;
    if (chatKindOf(message.chatId) !== 'direct') {
      throw new ChannelSendError('Hanya chat pribadi yang bisa dikirimi pesan (bukan grup, siaran, atau saluran).', true);
    }
    this.linked(); // fail fast while not linked: the outbox keeps the message
    // Staff and schedules may write to numbers nobody checked; the bot answers someone who just wrote.
    const target = message.source === 'bot' ? message.chatId : await this.checkedTarget(message.chatId);
    // An earlier try of this entry may have gone without our knowing: look before sending again.
    if (await this.wentEarlier(message, target)) return;
    const scheduled = SCHEDULED.has(message.source);
    const { pacer, timers } = this.deps;
    await pacer.waitForChat(target);
    await this.showTyping(target, message.text);
    const release = await pacer.acquire(target, scheduled);
    let sent = false;
    let done = () => undefined as void;
    // Covers the send and its confirmation, so an echo that arrives meanwhile waits for the answer.
    this.sending = new Promise<void>((resolve) => (done = resolve));
    const attempt = this.attempts.begin(message.id, target, message.text, timers.now());
    try {
      // The link may have dropped while we waited for the slot.
      const client = this.linked();
      const answer = client.sendMessage(target, message.text, { linkPreview: false });
      // An answer that comes after our timeout still tells which copy went.
      answer.then((r) => r?.id?.id && this.attempts.confirm(attempt, r.id.id, timers.now()), () => undefined);
      let result: Awaited<typeof answer> | undefined;
      let failure: unknown = null;
      try {
        result = await withTimeout(timers, answer, this.deps.settings.sendTimeoutMs, 'sendMessage');
      } catch (err) {
        failure = err; // thrown or timed out: it may still have gone
      }
      this.settle(message.id, result?.id?.id ?? (await this.confirm(client, attempt, failure)));
      sent = true;
    } finally {
      this.sending = null;
      done();
      release(sent);
    }
  }

  /** The entry went: remembered by its outbox id (never sent again) and by WhatsApp's id (its echo is ours). */
  private settle(outboxId: string, whatsappId: string): void {
    const { timers } = this.deps;
    const attempt = this.attempts.get(outboxId);
    if (attempt) this.attempts.confirm(attempt, whatsappId, timers.now());
    this.ownIds.add(whatsappId);
    this.delivered.add(outboxId);
    this.lastOutboundAt = new Date(timers.now());
  }

  /**
   * Whether an earlier try of this entry, whose outcome was left unknown, went after all: its
   * echo came, or the chat shows it. A chat that cannot be read keeps the question open: the
   * entry is retried later (never sent blind), and the outbox fails it for staff after its attempts.
   */
  private async wentEarlier(message: OutboundMessage, target: string): Promise<boolean> {
    const outboxId = message.id;
    // This process's own attempts are in the ledger; one from before a restart only the outbox knows of.
    const since = message.mayHaveLeftSince;
    const attempt = this.attempts.get(outboxId) ?? (since ? this.attempts.begin(outboxId, target, message.text, since.getTime()) : undefined);
    if (!attempt) return false;
    const id = attempt.confirmedId ?? (await this.findCopy(this.linked(), attempt));
    if (id === undefined) throw unknownOutcome();
    if (id === null) return false;
    this.settle(outboxId, id);
    return true;
  }

  /**
   * The id of a copy of an attempt whose answer did not name it (undefined, thrown, timed out):
   * from its echo, else from the chat's latest own messages. Not found in a readable chat: it
   * did not go (retryable). Unreadable: unknown, retryable too, but the next try looks first.
   */
  private async confirm(client: WaClient, attempt: SendAttempt, failure: unknown): Promise<string> {
    const { timers, settings } = this.deps;
    const waitUntil = timers.now() + settings.confirmWaitMs;
    while (!attempt.confirmedId && timers.now() < waitUntil) await timers.sleep(250);
    const id = attempt.confirmedId ?? (await this.findCopy(client, attempt));
    if (id === undefined) throw unknownOutcome();
    if (id !== null) return id;
    // Answered undefined, the page did all it would: tried again soon. A failed call may still be
    // running in the page, or WhatsApp Web may send it from its own queue: a copy can come late.
    if (!failure) throw new ChannelSendError('WhatsApp tidak menerima pesan; akan dicoba lagi.');
    throw new ChannelSendError(`Pengiriman WhatsApp gagal: ${describe(failure)}`, { retryAfterMs: LATE_COPY_MS });
  }

  /** A copy of the attempt among the chat's latest own messages: its id, null when none, undefined when the chat cannot be read. */
  private async findCopy(client: WaClient, attempt: SendAttempt): Promise<string | null | undefined> {
    const { timers } = this.deps;
    let recent: WaMessage[];
    try {
      const chat = await withTimeout(timers, client.getChatById(attempt.target), 10_000, 'getChatById');
      recent = await withTimeout(timers, chat.fetchMessages({ limit: 10, fromMe: true }), 10_000, 'fetchMessages');
    } catch {
      return undefined;
    }
    // A copy another entry already owns (the same text sent twice on purpose) is not this one.
    const since = attempt.since / 1000 - 5;
    const copy = recent.find((m) => m.fromMe && m.body === attempt.text && Number(m.timestamp) >= since && !this.ownIds.has(m.id.id));
    return copy ? copy.id.id : null;
  }

  /** True when a fromMe message is the echo of one we sent or tried to send (waits out a send still in flight). */
  async isOwnEcho(msg: WaMessage): Promise<boolean> {
    if (this.ownIds.has(msg.id.id)) return true;
    // A send whose id is not known yet (in flight, or its answer lost): its echo is the confirmation it went.
    if (msg.fromMe && this.attempts.claimEcho(msg.to, msg.body, msg.id.id, this.deps.timers.now())) return true;
    // message_create can fire before sendMessage resolves with the id.
    const inFlight = this.sending;
    if (!inFlight) return false;
    await inFlight;
    return this.ownIds.has(msg.id.id);
  }

  /** Resolves when no send is in flight, or after maxMs. */
  async idle(maxMs: number): Promise<void> {
    const inFlight = this.sending;
    if (inFlight) await Promise.race([inFlight, this.deps.timers.sleep(maxMs)]);
  }

  private linked(): WaClient {
    const client = this.deps.client();
    if (!client) throw new ChannelUnavailableError('WhatsApp kantor sedang tidak tersambung; pesan akan dikirim setelah tersambung kembali.');
    return client;
  }

  /** Staff and scheduled sends go to numbers nobody checked: sending to one not on WhatsApp is a ban signal. */
  private async checkedTarget(chatId: string): Promise<string> {
    const digits = phoneDigitsOf(chatId);
    if (!digits) return chatId; // a LID only exists because WhatsApp gave it to us
    const cached = this.numbers.get(digits);
    if (cached && cached.until > this.deps.timers.now()) return cached.id;
    const id = await this.serialLookup(async () => {
      const client = this.linked();
      try {
        return await withTimeout(this.deps.timers, client.getNumberId(digits), this.deps.settings.lookupTimeoutMs, 'getNumberId');
      } catch (err) {
        throw new ChannelSendError(`Nomor WhatsApp tidak bisa diperiksa saat ini: ${describe(err)}`);
      }
    });
    if (!id) {
      this.deps.logger.warn({ chat: hashId(chatId) }, 'number is not on WhatsApp');
      throw new ChannelSendError('Nomor ini tidak terdaftar di WhatsApp.', true);
    }
    this.numbers.set(digits, { id: id._serialized, until: this.deps.timers.now() + this.deps.settings.numberCacheMs });
    if (this.numbers.size > 10_000) this.numbers.delete(this.numbers.keys().next().value as string);
    return id._serialized;
  }

  private serialLookup<T>(lookup: () => Promise<T>): Promise<T> {
    const run = this.lookupTail.then(async () => {
      const wait = this.lastLookupAt + this.deps.settings.minLookupGapMs - this.deps.timers.now();
      if (wait > 0) await this.deps.timers.sleep(wait);
      this.lastLookupAt = this.deps.timers.now();
      return lookup();
    });
    this.lookupTail = run.catch(() => undefined);
    return run;
  }

  /** Typing is a courtesy: if it cannot be shown, the message still goes. */
  private async showTyping(chatId: string, text: string): Promise<void> {
    const ms = this.deps.pacer.typingMs(text);
    if (ms <= 0) return;
    const client = this.deps.client();
    if (client) {
      try {
        const chat = await withTimeout(this.deps.timers, client.getChatById(chatId), 10_000, 'getChatById');
        await withTimeout(this.deps.timers, chat.sendStateTyping(), 10_000, 'sendStateTyping');
      } catch {
        // fall through to the pause: the pacing matters more than the indicator
      }
    }
    await this.deps.timers.sleep(ms);
  }
}

/** Whether it went cannot be told now (the chat cannot be read): retried later, looked for before it is sent again. */
function unknownOutcome(): ChannelSendError {
  return new ChannelSendError('Status pengiriman WhatsApp belum dapat dipastikan; pesan tidak dikirim ulang sebelum dipastikan agar tidak terkirim dua kali. Mohon periksa chat ini di WhatsApp kantor.', { outcomeUnknown: true, retryAfterMs: LATE_COPY_MS });
}

/** Library errors can quote chat ids: keep the gist, drop long digit runs. */
function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\d{6,}(@\w+(\.\w+)?)?/g, '…').slice(0, 160);
}
