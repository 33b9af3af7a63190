/**
 * The one message path: channel adapter → inbound schema → dedupe → per-chat serial queue →
 * session → understanding → flow step → outbox → channel. Nothing a flow does is saved if the
 * step throws. A chat waiting for staff is never silent: the person is told their message
 * waits (at most every few minutes) and how to get the bot back.
 *
 * Round trips on the hot path (a plain message in a chat the bot owns): the dedupe record, the
 * outbox write and the session write — which is also what marks the message processed (the
 * session lists the messages it has applied) — then the send's mark, which also makes the
 * outbox entry the reply's history row. The session comes from SessionStore's write-through
 * cache; each chat's owner (bot, waiting, person) is remembered here until the handoff service
 * reports a change for it, and chats known to have no complaint follow-up (an answer or a
 * rating a ticket waits on from them) until any ticket changes (complaintsChanged). The caches
 * assume this process is the only writer (one instance per WhatsApp number, as the outbox does).
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AgencyProfile } from '../agency/profile-schema';
import type { Clock } from '../calendar/clock';
import { attachmentReplyKey, type AttachmentNote, type AttachmentPort } from './attachment-note';
import type { Catalogue } from './catalogue';
import { KeyedSerialQueue } from './chat-queue';
import type { FlowContext } from './flow-types';
import { chatKey, chatLogId, inboundMessageSchema, type InboundMessage, type InboundMessageInput } from './inbound';
import type { MessageLog } from './message-log';
import type { Outbox } from './outbox';
import type { Router } from './router';
import type { ComplaintFollowUp, FlowServices } from './services';
import { hasApplied, LruMap, withApplied, type Session, type SessionStore } from './session-store';
import type { Meaning, Understanding } from '../understanding';
import { asksWhyNot, whenAnswered } from '../understanding/awaiting-answer';
import { isTransientDbError, retryWhileUnavailable } from '../db/transient';

/** Who talks to a chat right now: the bot, nobody yet (waiting for staff), or a person. */
export type ChatOwner = 'bot' | 'waiting' | 'human';

/** "brapa lama dibalas?" while waiting: a question about the wait itself (one naming a complaint is about the complaint). */
function asksAboutTheWait(input: Meaning): boolean {
  const asked = whenAnswered(input);
  return asked !== null && !asked.complaint;
}

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

/** The service is shutting down: the message was not taken (the channel redelivers or catches it up later). */
export class EngineClosedError extends Error {
  constructor() {
    super('conversation engine is shutting down: message not accepted');
    this.name = 'EngineClosedError';
  }
}

export interface EngineDeps {
  profile: AgencyProfile;
  catalogue: Catalogue;
  understanding: Understanding;
  router: Router;
  /** While a chat waits for staff, its messages are acknowledged at most this often. */
  ackMinutes: number;
  /** A request nobody claims returns to the bot after this many office-hours minutes: told to who asks how long. */
  unclaimedMinutes: number;
  sessions: SessionStore;
  messageLog: MessageLog;
  outbox: Outbox;
  services: FlowServices;
  handoff: HandoffGate;
  /** Takes in the file a message carries (src/attachments); without it files are answered as text-only, as before. */
  attachments?: AttachmentPort;
  /** Every change of a chat's handoff (requested, claimed, closed, office phone): the owner cache forgets the chat. */
  handoffChanges: { on(event: 'changed', listener: (e: { chatKey: string }) => void): unknown };
  clock: Clock;
  logger: Logger;
}

/**
 * Chats whose state a slow check found (who owns the chat; that no complaint waits on it): not
 * asked again until a change is reported. Only the values `remember` accepts are kept (by default
 * the quiet one). A check that read across a change is not remembered, since it may have seen the
 * state from before it.
 */
class KnownQuiet<T> {
  private readonly chats = new LruMap<{ value: T }>(10_000);
  /** Bumped on every change. */
  private epoch = 0;

  constructor(
    private readonly quiet: T,
    private readonly remember: (value: T) => boolean = (value) => value === quiet,
  ) {}

  async check(key: string, read: () => Promise<T>): Promise<T> {
    const known = this.chats.get(key);
    if (known) return known.value;
    const epoch = this.epoch;
    const value = await read();
    if (this.remember(value) && epoch === this.epoch) this.chats.set(key, { value });
    return value;
  }

  /** A change for this chat, or (no key) for any chat. */
  forget(key?: string): void {
    this.epoch++;
    if (key === undefined) this.chats.clear();
    else this.chats.delete(key);
  }
}

export class ConversationEngine {
  private readonly queue = new KeyedSerialQueue();
  private closing = false;
  /**
   * Who owns each chat (the bot, nobody yet, a person): the gate is not asked again until it
   * reports a change for the chat — every change of a handoff's status emits one (request, claim,
   * office phone, close, release, erasure), so a chat waiting for staff costs no read per message.
   */
  private readonly botChats = new KnownQuiet<ChatOwner>('bot', () => true);
  /** Chats known to have no complaint follow-up pending: not asked again until a ticket changes. */
  private readonly noFollowUp = new KnownQuiet<ComplaintFollowUp | null>(null);
  /** The flows' services, the complaint follow-up check answered from noFollowUp when it can be. */
  private readonly services: FlowServices;

  constructor(private readonly deps: EngineDeps) {
    deps.handoffChanges.on('changed', (e) => this.ownerChanged(e.chatKey));
    const { complaints } = deps.services;
    const pending = complaints.pendingFollowUp?.bind(complaints);
    this.services = pending ? { ...deps.services, complaints: Object.assign(Object.create(complaints) as typeof complaints, { pendingFollowUp: (input: { chat: FlowContext['chat']; now: Date }) => this.followUpOf(input, pending) }) } : deps.services;
  }

  /**
   * A ticket changed (the complaint desk calls this after every change it makes): it may now
   * wait on its complainant, whose chat the engine may have cached as having nothing pending.
   * Every chat is forgotten: ticket changes are rare next to messages, and a ticket can reach a
   * chat by its phone number as well as by the chat it was filed from.
   */
  complaintsChanged(): void {
    this.noFollowUp.forget();
  }

  private async followUpOf(
    input: { chat: FlowContext['chat']; now: Date },
    read: (input: { chat: FlowContext['chat']; now: Date }) => Promise<ComplaintFollowUp | null>,
  ): Promise<ComplaintFollowUp | null> {
    // Nothing pending stays so until a ticket changes (a rating request only lapses with time).
    return this.noFollowUp.check(chatKey(input.chat), () => read(input));
  }

  private ownerChanged(key: string): void {
    this.botChats.forget(key);
  }

  private ownerOf(msg: InboundMessage, key: string): Promise<ChatOwner> {
    return this.botChats.check(key, () => this.deps.handoff.ownerOf(msg));
  }

  /** Forgets cached sessions and owners, as a restart would: for a database edited behind the service's back. */
  forgetCachedState(): void {
    this.botChats.forget();
    this.noFollowUp.forget();
    this.deps.sessions.forgetCached();
  }

  async receive(raw: InboundMessageInput): Promise<ReceiveResult> {
    if (this.closing) throw new EngineClosedError();
    const parsed = inboundMessageSchema.safeParse(raw);
    if (!parsed.success) throw new InboundValidationError(parsed.error.issues);
    const msg = parsed.data;
    // Groups, broadcasts, status updates and channels are not conversations with an applicant.
    if (msg.chatKind !== 'direct') return { status: 'ignored', messageId: msg.messageId };
    const key = chatKey(msg);
    // A database outage holds the message and retries it: nothing is lost, nothing answered twice.
    let attempt = 0;
    const seen: FirstAttempt = {};
    return this.queue.run(key, () =>
      retryWhileUnavailable(() => this.handle(msg, key, attempt++ > 0, seen), {
        onRetry: (err, attempt) => this.deps.logger.warn({ err: String(err), attempt, messageId: msg.messageId }, 'database unavailable: holding message'),
      }),
    );
  }

  /** `retried`: this message's step failed on a transient error in this process and runs again. */
  private async handle(msg: InboundMessage, key: string, retried: boolean, seen: FirstAttempt): Promise<ReceiveResult> {
    const { messageLog, outbox, logger } = this.deps;
    // The owner goes in with the dedupe record: a message taken again is the step its first attempt took.
    const owner = msg.fromMe ? null : (seen.owner ?? (await this.ownerOf(msg, key)));
    const taken = await messageLog.take(msg, key, msg.fromMe ? 'office_phone' : 'user', owner);
    if (!taken.fresh) {
      // An earlier attempt of this step did finish (its answer was lost): what it queued goes now.
      if (retried && !msg.fromMe) void outbox.drain(key).catch((err) => logger.error({ err }, 'outbox drain failed'));
      return { status: retried ? 'processed' : 'duplicate', messageId: msg.messageId };
    }
    if (!msg.fromMe) seen.owner ??= isChatOwner(taken.owner) ? taken.owner : owner!;
    const { result, committed } = msg.fromMe ? { result: await this.recordOfficeReply(msg), committed: false } : await this.process(msg, key, retried, seen);
    // A step that saved the session has marked the message there; the others mark it here.
    if (!committed) await messageLog.markProcessed(msg.channel, msg.messageId);
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

  /** Shutdown, first step: from now on receive() refuses messages (EngineClosedError). */
  stopIntake(): void {
    this.closing = true;
  }

  /**
   * Shutdown: refuses new messages, then resolves when every message already taken has been
   * handled (its replies are in the outbox and their chat's drain has started).
   */
  async close(): Promise<void> {
    this.stopIntake();
    await this.queue.idle();
  }

  get chatsInFlight(): number {
    return this.queue.activeChats;
  }

  /** `committed`: the session write that also marks the message processed has landed. */
  private async process(msg: InboundMessage, key: string, retried: boolean, seen: FirstAttempt): Promise<{ result: ReceiveResult; committed: boolean }> {
    const { sessions, outbox, handoff, clock, logger } = this.deps;
    const now = clock.now();
    const log = logger.child({ chat: chatLogId(key), messageId: msg.messageId });
    // The message log keeps a message unprocessed when its effects were saved with the session:
    // a redelivery (after a crash, or WhatsApp's catch-up) is recognised here.
    const stored = await sessions.get(key);
    // Sessions record message ids as keyed hashes (they hold the phone number): compared as such.
    const mark = sessions.markOf(msg.messageId);
    // A retry whose earlier attempt did commit (the write landed, its answer was lost) is that
    // attempt's result, not a redelivery.
    if (hasApplied(stored, mark)) return { result: { status: retried ? 'processed' : 'duplicate', messageId: msg.messageId }, committed: false };
    // The file first: the reply says whether it was kept. Fetched once per message, not per retry.
    if (!('attachment' in seen)) seen.attachment = this.deps.attachments ? await this.deps.attachments.take(msg, key) : null;
    const attachment = seen.attachment ?? null;
    let input = await this.deps.understanding.understand(msg.text);
    // Read once per message: the first attempt's own effects (the handoff its "ya" requested) must
    // not turn its retry into another step with another reply ("Pesan sudah kami terima").
    const owner = (seen.owner ??= await this.ownerOf(msg, key));
    const replies: string[] = [];
    let stillWaiting = false;
    if (owner === 'waiting') {
      // "menu", "batal", "gak jadi deh, sy tanya bot aja": the person takes the bot back; so does a
      // keyword for a step of its own ("pengaduan", "cek status"), which the waiting chat cannot take.
      const startsStep = input.keyword !== null && !this.deps.router.answersAtOnce([input.keyword]);
      // A question read as cancelling ("petugasnya jadi bales ga sih?") asks about the wait; it takes nothing back.
      // Cancel words said outright ("gk jadi pak udh dipanggil petugasnya, batal aja") call it off, questions or not.
      const guessedCancel = input.calledOff && (!input.asks || input.topics.length > 0 || input.saysCancel);
      const wantsBot = input.choice === 0 || input.command === 'menu' || input.command === 'cancel' || guessedCancel || startsStep;
      if (wantsBot) {
        await handoff.withdraw(msg, now);
        replies.push(this.deps.catalogue.render('engine.handoff_withdrawn'));
        // The cancel is spent on the request; what else the message asks is answered, else the menu.
        if (input.command !== 'menu' && input.choice !== 0) input = { ...input, command: input.topics.length ? null : 'menu', intent: input.topics[0] ?? null };
      } else if (attachment) {
        // A file for the person the chat waits for: it is with the chat, and they are told so.
        await this.fileForStaff(msg, attachment);
        return { result: { status: 'recorded', messageId: msg.messageId }, committed: false };
      } else if (asksAboutTheWait(input) || (!input.asks && !this.deps.router.answersUnasked(input.topics, input)) || !this.deps.router.answersAtOnce(input.topics, input)) {
        const said: string[] = [];
        this.deps.router.sayWhileWaiting(this.context(msg, input, now, said, null));
        await this.keepWaiting(msg, input, now, said);
        return { result: { status: 'recorded', messageId: msg.messageId }, committed: false };
      } else {
        // A question the bot answers outright ("jam buka kantor?") is answered; the request stays
        // with staff. Only a question: "masih menunggu" is no question about the waiting list.
        handoff.notify(msg);
        stillWaiting = true;
        // In a conversation with the office already: "halo?? …" is not greeted as a newcomer.
        input = { ...input, greeting: null };
      }
    } else if (owner === 'human') {
      if (attachment) await this.fileForStaff(msg, attachment);
      else handoff.notify(msg);
      return { result: { status: 'recorded', messageId: msg.messageId }, committed: false };
    }

    const session: Session = stored ?? { _id: key, flow: null, misses: 0, offer: null, lastActivityAt: now, lastMessageId: null };
    const ctx = this.context(msg, input, now, replies, attachment);
    try {
      const next = await this.deps.router.route(ctx, session);
      if (stillWaiting) replies.push(this.deps.catalogue.render('engine.still_waiting'));
      // Keyed by the inbound message: a step retried after a failed session write, or taken again
      // after a crash, writes the same entries again and the outbox keeps the first.
      await outbox.enqueue(replies.map((text, i) => ({ chat: msg, text, source: 'bot' as const, correlationId: msg.messageId, dedupeKey: replyKey(msg, i) })));
      // The commit: the new state and "this message is applied" in one single-document write.
      await sessions.save(withApplied({ ...next, applied: session.applied }, mark));
      log.info({ flow: next.flow?.id ?? 'idle', replies: replies.length }, 'message handled');
      return { result: { status: 'processed', messageId: msg.messageId }, committed: true };
    } catch (err) {
      if (isTransientDbError(err)) throw err; // held and retried by receive()
      // The session is not written back: the next message starts from the last good state.
      log.error({ err, flow: session.flow?.id }, 'flow step failed');
      await outbox.enqueue([{ chat: msg, text: this.deps.catalogue.render('engine.error'), source: 'bot', correlationId: msg.messageId, dedupeKey: replyKey(msg, 'error') }]);
    }
    return { result: { status: 'processed', messageId: msg.messageId }, committed: false };
  }

  /**
   * A message to staff while the chat waits: acknowledged at most every few minutes, so a story
   * told in several messages is not answered line by line; thanks and a question ("halo??",
   * "masih lama ya?") are always answered, since silence to a question reads as a dead bot.
   */
  private async keepWaiting(msg: InboundMessage, input: Meaning, now: Date, said: readonly string[]): Promise<void> {
    const { handoff, outbox, catalogue } = this.deps;
    handoff.notify(msg);
    if (said.length) await outbox.enqueue(said.map((text, i) => ({ chat: msg, text, source: 'bot' as const, correlationId: msg.messageId, dedupeKey: replyKey(msg, `said-${i}`) })));
    if ((await handoff.acknowledge(msg, now, this.deps.ackMinutes)) || said.length) {
      await outbox.enqueue([{ chat: msg, text: this.waitingText(now), source: 'bot', correlationId: msg.messageId, dedupeKey: replyKey(msg, 'waiting') }]);
    } else if (input.intent === 'thanks') {
      // Thanks between acknowledgements is answered, not met with silence; other messages simply wait.
      await outbox.enqueue([{ chat: msg, text: catalogue.render('engine.thanks_waiting'), source: 'bot', correlationId: msg.messageId, dedupeKey: replyKey(msg, 'thanks') }]);
    } else if (input.asks || asksWhyNot(input)) {
      // "kok belum dibales" asks why as surely as "masih lama ya?" asks how long.
      const { schedule } = this.deps.services;
      const text = schedule.isOfficeOpen(now) ? catalogue.render('engine.waiting_asked', { minutes: this.deps.unclaimedMinutes }) : this.waitingText(now);
      await outbox.enqueue([{ chat: msg, text, source: 'bot', correlationId: msg.messageId, dedupeKey: replyKey(msg, 'asked') }]);
    }
  }

  /** A file in a chat staff handle or wait on: staff are told, the person gets the short acknowledgement (or why it was not kept). */
  private async fileForStaff(msg: InboundMessage, note: AttachmentNote): Promise<void> {
    this.deps.handoff.notify(msg);
    const text = this.deps.catalogue.render(attachmentReplyKey(note, 'staff'));
    await this.deps.outbox.enqueue([{ chat: msg, text, source: 'bot', correlationId: msg.messageId, dedupeKey: replyKey(msg, 'file') }]);
  }

  private waitingText(now: Date): string {
    const { schedule } = this.deps.services;
    if (schedule.isOfficeOpen(now)) return this.deps.catalogue.render('engine.human_waiting');
    return this.deps.catalogue.render('engine.human_waiting_closed', { opening: schedule.formatDateTime(schedule.nextOpening(now)) });
  }

  private context(msg: InboundMessage, input: Meaning, now: Date, replies: string[], attachment: AttachmentNote | null): FlowContext {
    const { catalogue, profile } = this.deps;
    const { services } = this;
    return {
      chat: { channel: msg.channel, chatId: msg.chatId, phone: msg.phone, ...(msg.senderName ? { name: msg.senderName } : {}) },
      message: msg,
      input,
      attachment,
      topic: null,
      now,
      profile,
      services,
      t: (key, vars) => catalogue.render(key, vars),
      say: (key, vars) => void replies.push(catalogue.render(key, vars)),
      reply: (t) => void replies.push(t),
      wordSet: (name) => {
        const set = this.deps.understanding.wordSet(name);
        if (!set) throw new Error(`flows/nlu/vocabularies.yaml has no word set "${name}"`);
        return set;
      },
    };
  }
}

/** What a message's first attempt found, kept for its retries after a transient error. */
interface FirstAttempt {
  owner?: ChatOwner;
  attachment?: AttachmentNote | null;
}

const isChatOwner = (value: string | null): value is ChatOwner => value === 'bot' || value === 'waiting' || value === 'human';

/** The idempotency key of a reply: the inbound message it answers and its place among the replies. */
function replyKey(msg: InboundMessage, part: number | string): string {
  return `${msg.channel}:${msg.messageId}:${part}`;
}
