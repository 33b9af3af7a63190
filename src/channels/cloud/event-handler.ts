/**
 * Handles a verified webhook body: each `messages` change for our phone number id yields inbound
 * messages (validated one by one, the sender's window opened, then handed to the engine, which
 * drops redeliveries by message id) and delivery reports (handed to the outbox).
 */
import type { Logger } from 'pino';
import type { ChatRef, InboundMessageInput } from '../../conversation/inbound';
import type { DeliveryReport } from '../port';
import { toDeliveryReport, toInbound } from './inbound-mapper';
import type { ServiceWindows } from './service-window';
import { cloudChangeValueSchema, cloudMessageSchema, cloudStatusSchema, cloudWebhookSchema } from './webhook-schema';

export interface EventHandlerDeps {
  phoneNumberId: string;
  windows: ServiceWindows;
  receive(message: InboundMessageInput): Promise<unknown>;
  /** The person wrote: messages held for them may go now. */
  windowOpened(chat: ChatRef): Promise<void>;
  recordDelivery(report: DeliveryReport): Promise<unknown>;
  logger: Logger;
}

export class CloudEventHandler {
  lastWebhookAt: Date | undefined;
  lastInboundAt: Date | undefined;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: EventHandlerDeps, private readonly now: () => Date) {}

  handle(payload: unknown): Promise<void> {
    this.lastWebhookAt = this.now();
    const work = this.process(payload).finally(() => this.running.delete(work));
    this.running.add(work);
    return work;
  }

  /** Resolves when every event received so far has been handled. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private async process(payload: unknown): Promise<void> {
    const { logger, phoneNumberId } = this.deps;
    const parsed = cloudWebhookSchema.safeParse(payload);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`) }, 'WhatsApp webhook of an unknown shape ignored');
      return;
    }
    for (const entry of parsed.data.entry) {
      for (const change of entry.changes) {
        if (change.field !== 'messages') continue;
        const value = cloudChangeValueSchema.safeParse(change.value);
        if (!value.success) {
          logger.warn({ issues: value.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`) }, 'WhatsApp webhook change ignored');
          continue;
        }
        if (value.data.metadata.phone_number_id !== phoneNumberId) {
          logger.warn('WhatsApp webhook for another phone number id ignored');
          continue;
        }
        for (const error of value.data.errors ?? []) logger.warn({ code: error.code, title: error.title }, 'WhatsApp webhook reported an error');
        const names = new Map((value.data.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
        for (const raw of value.data.messages ?? []) await this.message(raw, names);
        for (const raw of value.data.statuses ?? []) await this.status(raw);
      }
    }
  }

  private async message(raw: unknown, names: Map<string, string | undefined>): Promise<void> {
    const { logger, windows } = this.deps;
    const msg = cloudMessageSchema.safeParse(raw);
    if (!msg.success) {
      logger.warn({ issues: msg.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`) }, 'WhatsApp message of an unknown shape dropped');
      return;
    }
    const inbound = toInbound(msg.data, names.get(msg.data.from));
    this.lastInboundAt = this.now();
    if (!inbound) return; // a reaction or a system notice: nothing to answer
    // Only a closed window can have held messages (held sends happen only then): an open one costs no write.
    const wasClosed = !(await windows.isOpen(msg.data.from, this.now()));
    await windows.opened(msg.data.from, inbound.receivedAt);
    if (wasClosed) await this.deps.windowOpened({ channel: 'whatsapp', chatId: msg.data.from });
    try {
      await this.deps.receive(inbound);
    } catch (err) {
      logger.error({ err, messageId: msg.data.id }, 'WhatsApp message not accepted by the engine');
    }
  }

  private async status(raw: unknown): Promise<void> {
    const parsed = cloudStatusSchema.safeParse(raw);
    if (!parsed.success) return void this.deps.logger.warn('WhatsApp status report of an unknown shape dropped');
    const report = toDeliveryReport(parsed.data);
    if (report) await this.deps.recordDelivery(report);
  }
}
