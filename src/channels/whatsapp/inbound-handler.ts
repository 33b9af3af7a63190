/**
 * Inbound for the engine: people's messages from the library's `message` event, and the
 * office's own messages typed on the phone from `message_create` (fromMe, not an echo of our
 * sends), mapped at once and handed to the engine in arrival order per chat. After a
 * (re)connect, unread one-to-one chats are read back so a message that arrived while the link
 * was down is not lost; the engine's dedupe by message id keeps it from being answered twice.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import { KeyedSerialQueue } from '../../conversation/chat-queue';
import { InboundValidationError } from '../../conversation/engine';
import type { InboundMessageInput } from '../../conversation/inbound';
import { chatKindOf, hashId, type ChatDirectory } from './chat-ids';
import type { WaClient, WaMessage } from './client-port';
import { mapIncoming, mapOwn } from './inbound-mapper';
import { MediaMessages } from './media';
import type { Timers } from './timers';

export const inboundSchema = z.object({
  /** Unread messages older than this are left to staff: a bot answer days later helps nobody. */
  catchUpWindowMs: z.number().int().min(0).default(2 * 3_600_000),
  catchUpMaxChats: z.number().int().min(0).default(50),
  catchUpPerChat: z.number().int().min(1).default(20),
  receiveAttempts: z.number().int().min(1).default(4),
  receiveRetryMs: z.number().int().min(0).default(1_000),
  /** Inbound media above this is refused unread (16 MB: WhatsApp's own cap for images and audio). */
  maxMediaBytes: z.number().int().positive().default(16 * 1024 * 1024),
});
export type InboundSettings = z.infer<typeof inboundSchema>;

/** The engine's entry point (ConversationEngine.receive). */
export type Receiver = (message: InboundMessageInput) => Promise<unknown>;

export interface InboundDeps {
  receive: Receiver;
  directory: ChatDirectory;
  isOwnEcho: (msg: WaMessage) => Promise<boolean>;
  timers: Timers;
  logger: Logger;
  settings: InboundSettings;
}

type Direction = 'in' | 'own';

export class InboundHandler {
  lastInboundAt: Date | undefined;
  /** Media messages received lately, for fetchMedia. */
  readonly media: MediaMessages;
  private readonly queue = new KeyedSerialQueue();

  constructor(private readonly deps: InboundDeps) {
    this.media = new MediaMessages(deps.settings.maxMediaBytes);
  }

  attach(client: WaClient, isCurrent: () => boolean): void {
    client.on('message', (msg) => isCurrent() && this.enqueue(msg, 'in'));
    client.on('message_create', (msg) => isCurrent() && msg.fromMe && this.enqueue(msg, 'own'));
  }

  /** Reads back recent unread messages of one-to-one chats after a (re)connect. */
  async catchUp(client: WaClient, isCurrent: () => boolean): Promise<number> {
    const { catchUpWindowMs, catchUpMaxChats, catchUpPerChat } = this.deps.settings;
    if (catchUpMaxChats === 0) return 0;
    const since = this.deps.timers.now() - catchUpWindowMs;
    let queued = 0;
    try {
      const chats = (await client.getChats()).filter((c) => !c.isGroup && c.unreadCount > 0 && chatKindOf(c.id._serialized) === 'direct');
      for (const chat of chats.slice(0, catchUpMaxChats)) {
        if (!isCurrent()) break;
        const messages = await chat.fetchMessages({ limit: Math.min(chat.unreadCount, catchUpPerChat) });
        for (const msg of messages) {
          if (msg.fromMe || msg.timestamp * 1000 < since) continue;
          this.enqueue(msg, 'in');
          queued++;
        }
      }
    } catch (err) {
      this.deps.logger.warn({ err, queued }, 'reading back unread chats failed');
    }
    if (queued) this.deps.logger.info({ queued }, 'unread messages read back after connecting');
    return queued;
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private enqueue(msg: WaMessage, direction: Direction): void {
    const rawChat = direction === 'in' ? msg.from : msg.to;
    void this.queue.run(rawChat, () => this.handle(msg, direction)).catch((err: unknown) => {
      this.deps.logger.error({ err, chat: hashId(rawChat) }, 'inbound WhatsApp message not handled');
    });
  }

  private async handle(msg: WaMessage, direction: Direction): Promise<void> {
    if (direction === 'own' && (await this.deps.isOwnEcho(msg))) return;
    const ctx = { directory: this.deps.directory, now: () => new Date(this.deps.timers.now()) };
    const mapped = direction === 'in' ? await mapIncoming(msg, ctx) : await mapOwn(msg, ctx);
    if (mapped.kind === 'ignored') {
      // A person's message without a usable id would be lost unseen: that one is a warning.
      if (mapped.reason === 'no_id') this.deps.logger.warn({ type: msg.type }, 'WhatsApp message without an id ignored');
      else this.deps.logger.debug({ reason: mapped.reason, type: msg.type }, 'WhatsApp message ignored');
      return;
    }
    if (direction === 'in') this.lastInboundAt = new Date(this.deps.timers.now());
    if (mapped.input.media) this.media.remember(mapped.input.media.id, msg);
    await this.deliver(mapped.input);
  }

  /** The library delivers a message once: a passing database hiccup must not lose it. */
  private async deliver(input: InboundMessageInput & { chatId: string }): Promise<void> {
    const { receiveAttempts, receiveRetryMs } = this.deps.settings;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.receive(input);
        return;
      } catch (err) {
        const log = { err, chat: hashId(input.chatId), message: hashId(input.messageId), attempt };
        if (err instanceof InboundValidationError || attempt >= receiveAttempts) {
          this.deps.logger.error(log, 'inbound WhatsApp message dropped');
          return;
        }
        this.deps.logger.warn(log, 'inbound WhatsApp message not accepted yet; retrying');
        await this.deps.timers.sleep(receiveRetryMs * 2 ** (attempt - 1));
      }
    }
  }
}
