/**
 * A fake whatsapp-web.js client for the transport tests, typed by the library's own
 * definitions through our port (client-port.ts). It behaves like the library where it
 * matters: `message_create` for every message and `message` only for incoming ones,
 * sendMessage answering undefined for unknown chats, `disconnected` meaning "I am dead".
 */
import { EventEmitter } from 'node:events';
import type { ContactId, Message, MessageId, MessageSearchOptions, MessageSendOptions } from 'whatsapp-web.js';
import type { WaChat, WaClient, WaEvents, WaMessage, WaMessageType, WaState } from '../../../../src/channels/whatsapp/client-port';

let counter = 0;

export interface MessageSpec {
  from?: string;
  to?: string;
  fromMe?: boolean;
  body?: string;
  type?: WaMessageType;
  timestamp?: number;
  id?: string;
  isStatus?: boolean;
  broadcast?: boolean;
  hasMedia?: boolean;
  author?: string;
  location?: WaMessage['location'];
  notifyName?: string;
  /**
   * The file of a media message, as WhatsApp holds it: its bytes, type and name ('gone': WhatsApp
   * no longer has it, and downloadMedia answers undefined as the library does; 'hang': the page never answers).
   */
  media?: { bytes: Buffer; mimetype: string; filename?: string; /** what the message says its size is (default: the bytes') */ size?: number } | 'gone' | 'hang';
}

export const OFFICE_ID = '6281100000000@c.us';

/** A message as the library would emit it. */
export function waMessage(spec: MessageSpec = {}): FakeMessage {
  const fromMe = spec.fromMe ?? false;
  const from = spec.from ?? (fromMe ? OFFICE_ID : '6281234567890@c.us');
  const to = spec.to ?? (fromMe ? '6281234567890@c.us' : OFFICE_ID);
  const key = spec.id ?? `3EB0${(++counter).toString(16).padStart(16, '0').toUpperCase()}`;
  const remote = fromMe ? to : from;
  const id: MessageId = { fromMe, remote, id: key, _serialized: `${fromMe}_${remote}_${key}` };
  return {
    id,
    from,
    to,
    fromMe,
    body: spec.body ?? 'halo',
    type: spec.type ?? 'chat',
    timestamp: spec.timestamp ?? Math.floor(Date.parse('2026-11-23T02:00:00Z') / 1000),
    isStatus: spec.isStatus ?? false,
    broadcast: spec.broadcast ?? false,
    hasMedia: spec.hasMedia ?? spec.media !== undefined,
    author: spec.author,
    location: spec.location,
    // Like the library's data: the file's type, name and size ride on the message itself.
    rawData: { notifyName: spec.notifyName ?? 'Ibu Sari', ...(typeof spec.media === 'object' ? { mimetype: spec.media.mimetype, size: spec.media.size ?? spec.media.bytes.length, ...(spec.media.filename ? { filename: spec.media.filename } : {}) } : {}) },
    downloads: 0,
    async downloadMedia() {
      this.downloads++;
      // Like the library: no media, or media WhatsApp no longer has, is undefined, not an error.
      if (!this.hasMedia || spec.media === undefined || spec.media === 'gone') return undefined;
      if (spec.media === 'hang') return new Promise(() => undefined);
      return { mimetype: spec.media.mimetype, data: spec.media.bytes.toString('base64'), filename: spec.media.filename ?? null, filesize: spec.media.bytes.length };
    },
  } as FakeMessage;
}

/** A fake message also counts its downloads. */
export type FakeMessage = WaMessage & { downloads: number };

export class FakeChat implements WaChat {
  typingShown = 0;
  readonly id: WaChat['id'];
  constructor(
    serialized: string,
    public unreadCount = 0,
    public messages: WaMessage[] = [],
  ) {
    const [user, server] = serialized.split('@');
    this.id = { user, server, _serialized: serialized };
  }
  get isGroup(): boolean {
    return this.id.server === 'g.us';
  }
  async sendStateTyping(): Promise<void> {
    this.typingShown++;
  }
  async fetchMessages(options: MessageSearchOptions): Promise<WaMessage[]> {
    // Like the library: fromMe filters before the limit is applied.
    const matching = options.fromMe === undefined ? this.messages : this.messages.filter((m) => m.fromMe === options.fromMe);
    return matching.slice(-(options.limit ?? matching.length));
  }
}

export interface SentRecord {
  chatId: string;
  content: string;
  options?: MessageSendOptions;
  at: number;
}

export class FakeClient extends EventEmitter implements WaClient {
  initialized = 0;
  destroyed = 0;
  /** What getState answers; 'hang' never answers (a frozen page), 'throw' is a dead browser. */
  waState: WaState | 'hang' | 'throw' = 'CONNECTED';
  initializeResult: 'ok' | 'reject' | 'hang' = 'ok';
  /** Chats the fake knows; sendMessage to others answers undefined, like the library. */
  readonly chats = new Map<string, FakeChat>();
  /** LID → phone id ("628…@c.us"), as getContactLidAndPhone answers when WhatsApp shares it. */
  readonly lids = new Map<string, string>();
  lidLookups = 0;
  lidLookupFails = false;
  /** Numbers on WhatsApp (digits) → the id getNumberId answers. */
  readonly registered = new Map<string, string>();
  numberLookups: string[] = [];
  readonly sent: SentRecord[] = [];
  /** Emit the message_create echo before sendMessage resolves (the library's real ordering race). */
  echoBeforeResolve = false;
  /**
   * 'sent-undefined': sends (echo and chat history) but answers undefined, as 1.34.7 does on current WhatsApp Web;
   * 'sent-throw': sends, then the page call fails (a protocol error after the send); 'sent-hang': sends and never answers.
   */
  sendAnswer: 'message' | 'undefined' | 'sent-undefined' | 'sent-throw' | 'sent-hang' | 'null' | 'throw' = 'message';

  constructor(private readonly now: () => number = () => Date.now()) {
    super();
  }

  override on<K extends keyof WaEvents>(event: K, listener: (...args: WaEvents[K]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  async initialize(): Promise<void> {
    this.initialized++;
    if (this.initializeResult === 'reject') throw new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/');
    if (this.initializeResult === 'hang') await new Promise(() => undefined);
  }

  async destroy(): Promise<void> {
    this.destroyed++;
  }

  async getState(): Promise<WaState | null> {
    if (this.waState === 'hang') return new Promise(() => undefined);
    if (this.waState === 'throw') throw new Error('Protocol error: Target closed');
    return this.waState;
  }

  async getNumberId(number: string): Promise<ContactId | null> {
    this.numberLookups.push(number);
    const id = this.registered.get(number);
    if (!id) return null;
    const [user, server] = id.split('@');
    return { user, server, _serialized: id };
  }

  async getContactLidAndPhone(userIds: string[]): Promise<{ lid: string; pn: string }[]> {
    this.lidLookups++;
    if (this.lidLookupFails) throw new Error('Evaluation failed: t');
    // The library answers pn undefined when WhatsApp keeps the number hidden.
    return userIds.map((lid) => ({ lid, pn: this.lids.get(lid) as string }));
  }

  async sendMessage(chatId: string, content: string, options?: MessageSendOptions): Promise<Pick<Message, 'id'> | undefined | null> {
    this.sent.push({ chatId, content, options, at: this.now() });
    if (this.sendAnswer === 'throw') throw new Error(`Evaluation failed: chat ${chatId} not found`);
    if (this.sendAnswer === 'null') return null;
    if (this.sendAnswer === 'undefined' || !this.chats.has(chatId)) return undefined;
    const echo = waMessage({ fromMe: true, to: chatId, body: content, timestamp: Math.floor(this.now() / 1000) });
    this.chats.get(chatId)!.messages.push(echo);
    if (this.echoBeforeResolve) this.emitMessage(echo);
    else setImmediate(() => this.emitMessage(echo));
    if (this.sendAnswer === 'sent-throw') throw new Error('Protocol error (Runtime.callFunctionOn): Target closed');
    if (this.sendAnswer === 'sent-hang') return new Promise(() => undefined);
    return this.sendAnswer === 'sent-undefined' ? undefined : { id: echo.id };
  }

  async getChatById(chatId: string): Promise<WaChat> {
    const chat = this.chats.get(chatId);
    if (!chat) throw new Error('chat not found');
    return chat;
  }

  /** Like the library: a message of a known chat by its serialized id, else undefined. */
  async getMessageById(messageId: string): Promise<WaMessage | undefined> {
    for (const chat of this.chats.values()) {
      const found = chat.messages.find((m) => m.id._serialized === messageId);
      if (found) return found;
    }
    return undefined;
  }

  async getChats(): Promise<WaChat[]> {
    return [...this.chats.values()];
  }

  addChat(chatId: string, unread = 0, messages: WaMessage[] = []): FakeChat {
    const chat = new FakeChat(chatId, unread, messages);
    this.chats.set(chatId, chat);
    return chat;
  }

  /** Like the library: message_create for every message, then message for incoming ones. */
  emitMessage(msg: WaMessage): void {
    this.emit('message_create', msg);
    if (!msg.fromMe) this.emit('message', msg);
  }
}
