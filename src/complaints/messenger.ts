/**
 * Sending to a chat from the complaints feature: through the outbox like every other message,
 * drained at once so the person gets it now; a failed send stays in the outbox for its retries.
 */
import type { Logger } from 'pino';
import type { OutboxSource } from '../channels/port';
import { chatKey, type ChatRef } from '../conversation/inbound';
import type { Outbox } from '../conversation/outbox';

export class Messenger {
  constructor(private readonly deps: { outbox: Outbox; logger: Logger }) {}

  async send(chat: ChatRef, texts: string[], source: OutboxSource, staffUserId: string | null = null): Promise<void> {
    if (texts.length === 0) return;
    await this.deps.outbox.enqueue(texts.map((text) => ({ chat, text, source, staffUserId })));
    await this.deps.outbox.drain(chatKey(chat)).catch((err) => this.deps.logger.error({ err }, 'outbox drain failed after a complaint message'));
  }
}
