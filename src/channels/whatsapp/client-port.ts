/**
 * The slice of whatsapp-web.js the transport uses, derived from the library's own type
 * definitions (type imports only, so nothing here loads the library). The real `Client` is
 * checked against these types in real-client.ts; tests implement them with a fake client.
 */
import type { Chat, Client, Events, Message, MessageMedia, MessageSearchOptions, MessageSendOptions, MessageTypes, WAState } from 'whatsapp-web.js';

/** The library's string enums as plain string unions, so code can compare without loading it. */
export type WaMessageType = `${MessageTypes}`;
export type WaState = `${WAState}`;

/** The message fields we read; everything else stays inside the library object. */
export type WaMessage = Pick<Message, 'id' | 'from' | 'to' | 'fromMe' | 'body' | 'timestamp' | 'isStatus' | 'broadcast' | 'hasMedia' | 'author' | 'rawData'> & {
  /** The library's download: base64 data, mimetype, filename, filesize; undefined when the media is gone (or there is none). */
  downloadMedia(): Promise<Pick<MessageMedia, 'mimetype' | 'data' | 'filename' | 'filesize'> | undefined>;
  type: WaMessageType;
  /** Typed as always present by the library, but only set on location messages. */
  location?: Message['location'];
};

export type WaChat = Pick<Chat, 'id' | 'isGroup' | 'unreadCount' | 'sendStateTyping'> & {
  fetchMessages(options: MessageSearchOptions): Promise<WaMessage[]>;
};

/** Only the events the supervisor and the transport listen to, with the library's payloads. */
export interface WaEvents {
  qr: [qr: string];
  authenticated: [];
  auth_failure: [message: string];
  ready: [];
  disconnected: [reason: WaState | 'LOGOUT' | string];
  change_state: [state: WaState];
  message: [message: WaMessage];
  message_create: [message: WaMessage];
}
// A renamed event in a library upgrade breaks the build here instead of going silent.
type AssertEventNames<T extends `${Events}`> = T;
export type WaEventName = AssertEventNames<keyof WaEvents>;

type Browser = NonNullable<Client['pupBrowser']>;
export type WaBrowser = Pick<Browser, 'process' | 'isConnected' | 'once'>;

export interface WaClient
  extends Pick<Client, 'initialize' | 'destroy' | 'getNumberId' | 'getContactLidAndPhone'> {
  pupBrowser?: WaBrowser | null;
  removeAllListeners(): unknown;
  /** Null when the page has no socket (yet). */
  getState(): Promise<WaState | null>;
  on<K extends keyof WaEvents>(event: K, listener: (...args: WaEvents[K]) => void): unknown;
  /** Resolves to undefined/null (does not throw) when the chat cannot be resolved. */
  sendMessage(chatId: string, content: string, options?: MessageSendOptions): Promise<Pick<Message, 'id'> | undefined | null>;
  getChatById(chatId: string): Promise<WaChat>;
  /** A message by its serialized id (for a media download after the live object was dropped). */
  getMessageById(messageId: string): Promise<WaMessage | null | undefined>;
  getChats(): Promise<WaChat[]>;
}

/** Builds a client ready for initialize(); a new one after every disconnection (the library never reconnects). */
export type ClientFactory = () => Promise<WaClient>;
