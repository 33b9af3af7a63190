/**
 * The channel port: what the engine needs from a messaging channel (whatsapp-web.js, the
 * WhatsApp Cloud API, the simulator). Inbound messages reach the engine through
 * ConversationEngine.receive; outbound ones leave only through the outbox dispatcher, which
 * calls send() and records the provider's message id it returns. Delivery reports (sent,
 * delivered, read, failed) come back through the outbox's recordDelivery(). Each channel also
 * says how it is doing (state(), for the dashboard and /readyz) and which chat reaches a phone
 * number on it (the registry's chatForPhone), so features never read transport settings.
 */
import type { Router } from 'express';
import type { ChannelName, ChatRef } from '../conversation/inbound';
import { defaultChatIdForPhone } from './phone-chat';

export interface OutboundMessage {
  /** The outbox entry id: stable across retries, so a channel can avoid double sends. */
  id: string;
  chatId: string;
  text: string;
  /** The inbound message this answers, if any. */
  correlationId: string | null;
  source: OutboxSource;
  /**
   * An earlier attempt may have sent it without the outbox learning so (the process died
   * mid-send, or the send's answer was lost): a channel that can look at the chat should, before
   * sending again. A copy there from this time on is this message.
   */
  mayHaveLeftSince?: Date;
}

export type OutboxSource = 'bot' | 'staff' | 'reminder' | 'notification' | 'alert';

/** What a channel answers when a message left: the provider's own id for it, when it has one. */
export interface SendReceipt {
  /** e.g. the Cloud API's `wamid.…`; delivery reports name the message by it. */
  providerMessageId?: string;
  /** How it went out when not as plain text (e.g. `template:dinsos_pemberitahuan`). */
  via?: string;
}

export interface SendErrorOptions {
  /** Never retry (e.g. the number is not on WhatsApp). */
  permanent?: boolean;
  /** The provider asked to wait this long before trying again (Retry-After, rate limits). */
  retryAfterMs?: number;
  /** The provider's error code, for staff and logs. */
  code?: string;
  /** The request may have reached the provider: never resent; a later delivery report settles it. */
  outcomeUnknown?: boolean;
}

/** A channel's answer to a send: retry later, or never (e.g. the number is not on WhatsApp). */
export class ChannelSendError extends Error {
  readonly permanent: boolean;
  readonly retryAfterMs?: number;
  readonly code?: string;
  readonly outcomeUnknown: boolean;
  constructor(message: string, options: boolean | SendErrorOptions = false) {
    super(message);
    this.name = 'ChannelSendError';
    const o = typeof options === 'boolean' ? { permanent: options } : options;
    this.permanent = o.permanent ?? false;
    this.retryAfterMs = o.retryAfterMs;
    this.code = o.code;
    this.outcomeUnknown = o.outcomeUnknown ?? false;
  }
}

/**
 * The channel itself is down or throttled (WhatsApp not linked, the transport not running, the
 * provider's rate limit): not this message's fault, so it waits instead of spending its attempts.
 */
export class ChannelUnavailableError extends ChannelSendError {
  constructor(message: string, options: Omit<SendErrorOptions, 'permanent'> = {}) {
    super(message, { ...options, permanent: false });
    this.name = 'ChannelUnavailableError';
  }
}

/**
 * The channel may not send this message now (outside WhatsApp's 24-hour customer-service window
 * with no approved template for it): it waits, with the reason shown to staff, until the person
 * writes again (the outbox is woken then) or `retryAfterMs` passes. Spends no attempts.
 */
export class ChannelHoldError extends ChannelSendError {
  constructor(readonly reason: string, options: Omit<SendErrorOptions, 'permanent'> = {}) {
    super(reason, { ...options, permanent: false });
    this.name = 'ChannelHoldError';
  }
}

/** A delivery report from the provider about a message it accepted. */
export interface DeliveryReport {
  channel: ChannelName;
  /** The provider's id returned by send(). */
  providerMessageId: string;
  /** The outbox entry id when the provider echoes it back (Cloud API `biz_opaque_callback_data`). */
  outboxId?: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: Date;
  /** For `failed`: the provider's code and reason. */
  error?: { code: string; reason: string };
}

/**
 * How a channel is doing, for the dashboard's channel page and banner: no secrets, no full ids.
 * Fields a transport does not have are left out; the page shows what is there.
 */
export interface ChannelState {
  /** `starting`, `qr`, `ready`, `disconnected`, `logged_out` (whatsapp-web.js), `token_refused` (Cloud API). */
  status: string;
  /** Which transport runs the channel, for people (e.g. `WhatsApp Cloud API`); never branched on. */
  transport?: string;
  /** whatsapp-web.js while unpaired: the pairing code as an image data URL. */
  qrDataUrl?: string | null;
  lastInboundAt?: Date;
  lastOutboundAt?: Date;
  /** The sending account as configured, masked (Cloud API: the phone number id's last digits). */
  account?: string;
  /** The number as Meta shows it (the office's public number). */
  displayPhoneNumber?: string | null;
  /** Channels fed by a webhook: when the last one arrived (null: none since start). */
  lastWebhookAt?: Date | null;
  /** The last send the provider refused (null: none since start). */
  lastSendError?: { at: Date; message: string } | null;
  sendFailures?: number;
  rejectedWebhooks?: number;
  /** Approved templates loaded for messages outside the 24-hour window. */
  templates?: string[];
}

/** What the dashboard may do with a channel: read its state and, where it can, restart it. */
export interface ChannelLink {
  state(): ChannelState;
  restart?(): Promise<void>;
}

export interface Channel {
  readonly name: ChannelName;
  /** Resolves when the message was handed to the network; throws ChannelSendError otherwise. */
  send(message: OutboundMessage): Promise<SendReceipt | void>;
  /**
   * The provider accepted this message and then reported it failed (`error`): would sending the
   * same text once more now get past that failure? (The Cloud API: failed for the closed 24-hour
   * window, 131047, and the message has an approved template, which a new attempt goes as.) The
   * outbox then queues one copy of it, once, and the failed entry gives way to the copy.
   */
  redeliverable?(message: Pick<OutboundMessage, 'source' | 'text'>, error: { code: string; reason: string }): boolean;
  /**
   * The bytes of an inbound message's `media` reference (InboundMessage.media.id). Throws when
   * they cannot be had (gone, refused); a message over the channel's size cap throws naming it
   * "too large" without reading it whole.
   */
  fetchMedia?(mediaId: string): Promise<FetchedMedia>;
  /** The chat id that reaches this E.164 number on this channel (else phone-chat.ts's default for its name). */
  chatIdForPhone?(e164: string): string;
  state?(): ChannelState;
  restart?(): Promise<void>;
  /** Channels with a connection of their own (WhatsApp) close it at shutdown, after the outbox drained. */
  close?(): Promise<void>;
}

export interface FetchedMedia {
  bytes: Buffer;
  mimeType: string;
  /** The sender's file name, when the channel gives one (documents). */
  filename?: string;
}

/** An HTTP endpoint a channel needs (a webhook). Mounted before any body parser: it reads the raw body. */
export interface ChannelWebhook {
  path: string;
  router: Router;
}

/** Which chat reaches a person by phone number: what features ask instead of reading settings. */
export interface PhoneChats {
  chatForPhone(e164: string): ChatRef | null;
}

/** A real applicant is reached on WhatsApp whenever it runs; the simulator only instead of it. */
const PHONE_CHANNELS: readonly ChannelName[] = ['whatsapp', 'simulator'];

export class ChannelRegistry implements PhoneChats {
  private readonly channels = new Map<ChannelName, Channel>();
  register(channel: Channel): void {
    this.channels.set(channel.name, channel);
  }
  get(name: ChannelName): Channel | undefined {
    return this.channels.get(name);
  }

  /** The channel's state and restart, when it reports a state (null when it does not run). */
  link(name: ChannelName): ChannelLink | null {
    const channel = this.channels.get(name);
    if (!channel?.state) return null;
    return { state: () => channel.state!(), ...(channel.restart ? { restart: () => channel.restart!() } : {}) };
  }

  /** The chat that reaches this E.164 number on the channel this process runs; null when none can. */
  chatForPhone(e164: string): ChatRef | null {
    for (const name of PHONE_CHANNELS) {
      const channel = this.channels.get(name);
      if (channel) return { channel: name, chatId: channel.chatIdForPhone ? channel.chatIdForPhone(e164) : defaultChatIdForPhone(name, e164) };
    }
    return null;
  }
}
