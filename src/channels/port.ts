/**
 * The channel port: what the engine needs from a messaging channel (WhatsApp, simulator).
 * Inbound messages reach the engine through ConversationEngine.receive; outbound ones leave
 * only through the outbox dispatcher, which calls send().
 */
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

/** A channel's answer to a send: retry later, or never (e.g. the number is not on WhatsApp). */
export class ChannelSendError extends Error {
  constructor(message: string, readonly permanent = false) {
    super(message);
    this.name = 'ChannelSendError';
  }
}

/**
 * The channel itself is down (WhatsApp not linked, the transport not running): not this
 * message's fault, so it waits for the link instead of spending its attempts.
 */
export class ChannelUnavailableError extends ChannelSendError {
  constructor(message: string) {
    super(message, false);
    this.name = 'ChannelUnavailableError';
  }
}

export interface Channel {
  readonly name: ChannelName;
  /** Resolves when the message was handed to the network; throws ChannelSendError otherwise. */
  send(message: OutboundMessage): Promise<void>;
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
