/**
 * The channel port: what the engine needs from a messaging channel (whatsapp-web.js, the
 * WhatsApp Cloud API, the simulator). Inbound messages reach the engine through
 * ConversationEngine.receive; outbound ones leave only through the outbox dispatcher, which
 * calls send() and records the provider's message id it returns. Delivery reports (sent,
 * delivered, read, failed) come back through the outbox's recordDelivery().
 */
import type { Router } from 'express';
import type { ChannelName } from '../conversation/inbound';

export interface OutboundMessage {
  /** The outbox entry id: stable across retries, so a channel can avoid double sends. */
  id: string;
  chatId: string;
  text: string;
  /** The inbound message this answers, if any. */
  correlationId: string | null;
  source: OutboxSource;
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

export interface Channel {
  readonly name: ChannelName;
  /** Resolves when the message was handed to the network; throws ChannelSendError otherwise. */
  send(message: OutboundMessage): Promise<SendReceipt | void>;
  /** The bytes of an inbound message's `media` reference, for channels that deliver media by reference. */
  fetchMedia?(mediaId: string): Promise<FetchedMedia>;
}

export interface FetchedMedia {
  bytes: Buffer;
  mimeType: string;
}

/** An HTTP endpoint a channel needs (a webhook). Mounted before any body parser: it reads the raw body. */
export interface ChannelWebhook {
  path: string;
  router: Router;
}

export class ChannelRegistry {
  private readonly channels = new Map<ChannelName, Channel>();
  register(channel: Channel): void {
    this.channels.set(channel.name, channel);
  }
  get(name: ChannelName): Channel | undefined {
    return this.channels.get(name);
  }
}
