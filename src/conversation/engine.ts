/**
 * The one message path: channel adapter → inbound schema → dedupe → per-chat serial queue →
 * session → understanding → flow step → outbox → channel. Nothing a flow does is saved if the
 * step throws. A chat waiting for staff is never silent: the person is told their message
 * waits (at most every few minutes) and how to get the bot back.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AgencyProfile } from '../agency/profile-schema';
import type { Clock } from '../calendar/clock';
import type { Catalogue } from './catalogue';
import { KeyedSerialQueue } from './chat-queue';
import type { FlowContext } from './flow-types';
import { chatKey, chatLogId, inboundMessageSchema, type InboundMessage, type InboundMessageInput } from './inbound';
import type { MessageLog } from './message-log';
import type { Outbox } from './outbox';
import type { Router } from './router';
import type { FlowServices } from './services';
import type { Session, SessionStore } from './session-store';
import type { Meaning, Understanding } from '../understanding';
import { isTransientDbError, retryWhileUnavailable } from '../db/transient';

/** Who talks to a chat right now: the bot, nobody yet (waiting for staff), or a person. */
export type ChatOwner = 'bot' | 'waiting' | 'human';

export interface HandoffGate {
  ownerOf(chat: InboundMessage): Promise<ChatOwner>;
  /** The person typed "menu"/"batal" while waiting: they want the bot back. */
  withdraw(chat: InboundMessage, now: Date): Promise<void>;
  /** May the waiting person be told "your message is received" now (at most every `everyMinutes`)? */
  acknowledge(chat: InboundMessage, now: Date, everyMinutes: number): Promise<boolean>;
  /** A message typed on the office phone: the chat is now handled by a person. */
  officeReplied(chat: InboundMessage, now: Date): Promise<void>;
  /** Tell staff a message arrived in a chat they handle or wait on. */
  notify(chat: InboundMessage): void;
}

export type ReceiveResult =
  | { status: 'processed'; messageId: string }
  | { status: 'duplicate' | 'ignored' | 'recorded'; messageId: string };

export class InboundValidationError extends Error {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(`Invalid inbound message: ${issues.map((i) => `${i.path.join('.') || 'message'} ${i.message}`).join('; ')}`);
    this.name = 'InboundValidationError';
  }
}

export interface EngineDeps {
  profile: AgencyProfile;
  catalogue: Catalogue;
  understanding: Understanding;
  router: Router;
  /** While a chat waits for staff, its messages are acknowledged at most this often. */
  ackMinutes: number;
  sessions: SessionStore;
  messageLog: MessageLog;
  outbox: Outbox;
  services: FlowServices;
  handoff: HandoffGate;
  clock: Clock;
  logger: Logger;
}

export class ConversationEngine {
  private readonly queue = new KeyedSerialQueue();

  constructor(private readonly deps: EngineDeps) {}

  async receive(raw: InboundMessageInput): Promise<ReceiveResult> {
    const parsed = inboundMessageSchema.safeParse(raw);
    if (!parsed.success) throw new InboundValidationError(parsed.error.issues);
    const msg = parsed.data;
    // Groups, broadcasts, status updates and channels are not conversations with an applicant.
    if (msg.chatKind !== 'direct') return { status: 'ignored', messageId: msg.messageId };
    const key = chatKey(msg);
    // A database outage holds the message and retries it: nothing is lost, nothing answered twice.
    return this.queue.run(key, () =>
      retryWhileUnavailable(() => this.handle(msg, key), {
        onRetry: (err, attempt) => this.deps.logger.warn({ err: String(err), attempt, messageId: msg.messageId }, 'database unavailable: holding message'),
      }),
    );
  }

  private async handle(msg: InboundMessage, key: string): Promise<ReceiveResult> {
    const { messageLog, outbox, logger } = this.deps;
    const fresh = await messageLog.recordInbound(msg, key, msg.fromMe ? 'office_phone' : 'user');
    if (!fresh) return { status: 'duplicate', messageId: msg.messageId };
    const result = msg.fromMe ? await this.recordOfficeReply(msg) : await this.process(msg, key);
    await messageLog.markProcessed(msg.channel, msg.messageId);
    if (!msg.fromMe) void outbox.drain(key).catch((err) => logger.error({ err }, 'outbox drain failed'));
    return result;
  }

  private async recordOfficeReply(msg: InboundMessage): Promise<ReceiveResult> {
    await this.deps.handoff.officeReplied(msg, this.deps.clock.now());
    return { status: 'recorded', messageId: msg.messageId };
  }

  /** Resolves when every message received so far has been handled and its replies sent. */
  async settle(key: string): Promise<void> {
    await this.queue.run(key, async () => undefined);
    // handle() already started the chat's drain; wait for it instead of querying again.
    await this.deps.outbox.settled(key);
  }

  get chatsInFlight(): number {
    return this.queue.activeChats;
  }

  private async process(msg: InboundMessage, key: string): Promise<ReceiveResult> {
    const { sessions, outbox, handoff, clock, logger } = this.deps;
    const now = clock.now();
    const log = logger.child({ chat: chatLogId(key), messageId: msg.messageId });
    const input = await this.deps.understanding.understand(msg.text);
    const owner = await handoff.ownerOf(msg);
    const wantsBot = input.choice === 0 || input.command === 'menu' || input.command === 'cancel';
    if (owner === 'human' || (owner === 'waiting' && !wantsBot)) {
      handoff.notify(msg);
      if (owner === 'waiting' && (await handoff.acknowledge(msg, now, this.deps.ackMinutes))) {
        await outbox.enqueue([{ chat: msg, text: this.waitingText(now), source: 'bot', correlationId: msg.messageId, dedupeKey: replyKey(msg, 'waiting') }]);
      }
      return { status: 'recorded', messageId: msg.messageId };
    }
    if (owner === 'waiting') await handoff.withdraw(msg, now);

    const stored = await sessions.get(key);
    if (stored?.lastMessageId === msg.messageId) return { status: 'processed', messageId: msg.messageId };
    const session: Session = stored ?? { _id: key, flow: null, misses: 0, offer: null, lastActivityAt: now, lastMessageId: null };
    const replies: string[] = [];
    const ctx = this.context(msg, input, now, replies);
    try {
      const next = await this.deps.router.route(ctx, session);
      // Keyed by the inbound message: a step retried after a failed session write, or taken again
      // after a crash, writes the same entries again and the outbox keeps the first.
      await outbox.enqueue(replies.map((text, i) => ({ chat: msg, text, source: 'bot' as const, correlationId: msg.messageId, dedupeKey: replyKey(msg, i) })));
      await sessions.save({ ...next, lastMessageId: msg.messageId });
      log.info({ flow: next.flow?.id ?? 'idle', replies: replies.length }, 'message handled');
    } catch (err) {
      if (isTransientDbError(err)) throw err; // held and retried by receive()
      // The session is not written back: the next message starts from the last good state.
      log.error({ err, flow: session.flow?.id }, 'flow step failed');
      await outbox.enqueue([{ chat: msg, text: this.deps.catalogue.render('engine.error'), source: 'bot', correlationId: msg.messageId, dedupeKey: replyKey(msg, 'error') }]);
    }
    return { status: 'processed', messageId: msg.messageId };
  }

  private waitingText(now: Date): string {
    const { schedule } = this.deps.services;
    if (schedule.isOfficeOpen(now)) return this.deps.catalogue.render('engine.human_waiting');
    return this.deps.catalogue.render('engine.human_waiting_closed', { opening: schedule.formatDateTime(schedule.nextOpening(now)) });
  }

  private context(msg: InboundMessage, input: Meaning, now: Date, replies: string[]): FlowContext {
    const { catalogue, profile, services } = this.deps;
    return {
      chat: { channel: msg.channel, chatId: msg.chatId, phone: msg.phone },
      message: msg,
      input,
      topic: null,
      now,
      profile,
      services,
      t: (key, vars) => catalogue.render(key, vars),
      say: (key, vars) => void replies.push(catalogue.render(key, vars)),
      reply: (t) => void replies.push(t),
    };
  }
}

/** The idempotency key of a reply: the inbound message it answers and its place among the replies. */
function replyKey(msg: InboundMessage, part: number | string): string {
  return `${msg.channel}:${msg.messageId}:${part}`;
}
