/**
 * Handles verified webhook bodies in two steps. `accept` validates the body (for our phone number
 * id only), and writes each inbound message and status report to the intake store before the
 * webhook is answered; handling then runs from the store: a message opens its sender's window and
 * goes to the engine (which drops redeliveries by message id), a status report goes to the
 * outbox. An item is marked handled only after that; one not handled (a crash, an error) stays
 * pending and is taken up by `recover`, at start-up and on each sweep. Each chat's items are
 * handled one after the other in the order they arrived (its line); chats side by side.
 */
import type { Logger } from 'pino';
import { KeyedSerialQueue } from '../../conversation/chat-queue';
import { InboundValidationError } from '../../conversation/engine';
import type { ChatRef, InboundMessageInput } from '../../conversation/inbound';
import type { DeliveryReport } from '../port';
import { REENGAGEMENT } from './error-reasons';
import { toDeliveryReport, toInbound } from './inbound-mapper';
import type { ServiceWindows } from './service-window';
import type { IntakeDoc, NewIntakeItem, WebhookIntakeStore } from './webhook-intake-store';
import { cloudChangeValueSchema, cloudMessageSchema, cloudStatusSchema, cloudWebhookSchema } from './webhook-schema';

/** After this many failed attempts an item is set aside as failed (logged), not retried forever. */
const MAX_ATTEMPTS = 8;
const RECOVERY_BATCH = 200;

export interface EventHandlerDeps {
  phoneNumberId: string;
  windows: ServiceWindows;
  intake: WebhookIntakeStore;
  receive(message: InboundMessageInput): Promise<unknown>;
  /** The person wrote: messages held for them may go now. */
  windowOpened(chat: ChatRef): Promise<void>;
  recordDelivery(report: DeliveryReport): Promise<unknown>;
  /** Told of each status report before the outbox is (the sender's ledger, the unconfirmed sends' evidence). */
  reported?(report: DeliveryReport): Promise<void>;
  /** Told how many messages arrived (they count in the number's throughput). */
  received?(count: number): void;
  logger: Logger;
}

export class CloudEventHandler {
  lastWebhookAt: Date | undefined;
  lastInboundAt: Date | undefined;
  private readonly running = new Set<Promise<void>>();
  /** Items being handled by this process: a sweep never starts them twice. */
  private readonly inFlight = new Set<string>();
  /** One line per chat (the person's wa_id). */
  private readonly lines = new KeyedSerialQueue();
  private recovering: Promise<void> | null = null;

  constructor(private readonly deps: EventHandlerDeps, private readonly now: () => Date) {}

  /**
   * Validates a verified body and stores its items; resolves once they are durable (then the
   * webhook may be answered 200) and starts handling them. Rejects when the store cannot take them.
   */
  async accept(payload: unknown): Promise<void> {
    this.lastWebhookAt = this.now();
    const items = this.itemsOf(payload);
    if (items.length === 0) return;
    this.deps.received?.(items.filter((i) => i.kind === 'message').length);
    const stored = this.deps.intake.add(items);
    // In line on arrival, before the store answers: a message still opening its chat (a new
    // sender's first, whose window is opened first) is never overtaken by the next one.
    this.track(this.handleInLines(stored.catch(() => []), items));
    await stored;
  }

  /** Handles everything stored but not handled yet (after a crash, or items that failed once). */
  recover(): Promise<void> {
    this.recovering ??= this.track(
      (async () => {
        for (;;) {
          const batch = (await this.deps.intake.pending(RECOVERY_BATCH)).filter((d) => !this.inFlight.has(d._id));
          if (batch.length === 0) return;
          this.deps.logger.info({ items: batch.length }, 'WhatsApp webhook items stored but not handled: handling them now');
          const before = batch.length;
          await this.handleInLines(Promise.resolve(batch), batch);
          // Items that failed again stay pending until the next sweep: stop rather than spin.
          if (before < RECOVERY_BATCH) return;
        }
      })().finally(() => (this.recovering = null)),
    );
    return this.recovering;
  }

  /** Resolves when every event received so far has been handled. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked = work.catch((err) => this.deps.logger.error({ err }, 'WhatsApp webhook items not handled')).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
    return tracked;
  }

  /** The messages and statuses of a body, for our number, each validated on its own. */
  private itemsOf(payload: unknown): NewIntakeItem[] {
    const { logger, phoneNumberId } = this.deps;
    const parsed = cloudWebhookSchema.safeParse(payload);
    if (!parsed.success) {
      logger.warn({ issues: issuesOf(parsed.error) }, 'WhatsApp webhook of an unknown shape ignored');
      return [];
    }
    const items: NewIntakeItem[] = [];
    for (const entry of parsed.data.entry) {
      for (const change of entry.changes) {
        if (change.field !== 'messages') continue;
        const value = cloudChangeValueSchema.safeParse(change.value);
        if (!value.success) {
          logger.warn({ issues: issuesOf(value.error) }, 'WhatsApp webhook change ignored');
          continue;
        }
        if (value.data.metadata.phone_number_id !== phoneNumberId) {
          logger.warn('WhatsApp webhook for another phone number id ignored');
          continue;
        }
        for (const error of value.data.errors ?? []) logger.warn({ code: error.code, title: error.title }, 'WhatsApp webhook reported an error');
        const names = new Map((value.data.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
        for (const raw of value.data.messages ?? []) {
          const msg = cloudMessageSchema.safeParse(raw);
          if (!msg.success) {
            logger.warn({ issues: issuesOf(msg.error) }, 'WhatsApp message of an unknown shape dropped');
            continue;
          }
          const senderName = names.get(msg.data.from);
          items.push({ _id: `m:${msg.data.id}`, kind: 'message', body: msg.data, ...(senderName ? { senderName } : {}) });
        }
        for (const raw of value.data.statuses ?? []) {
          const status = cloudStatusSchema.safeParse(raw);
          if (!status.success) {
            logger.warn('WhatsApp status report of an unknown shape dropped');
            continue;
          }
          items.push({ _id: `s:${status.data.id}:${status.data.status}`, kind: 'status', body: status.data });
        }
      }
    }
    return items;
  }

  /**
   * Handles `docs` (once stored), each in its chat's line: the lines of `arrived` are joined now,
   * in the order given. The engine keeps each chat's order from the order of receive calls.
   */
  private async handleInLines(docs: Promise<IntakeDoc[]>, arrived: Pick<IntakeDoc, 'kind' | 'body'>[]): Promise<void> {
    // Taken as soon as they are stored, so a sweep meanwhile never queues them a second time.
    const taken = docs.then((all) =>
      all.filter((d) => {
        if (this.inFlight.has(d._id)) return false;
        this.inFlight.add(d._id);
        return true;
      }),
    );
    const lines = new Set(arrived.map(lineOf));
    await Promise.all(
      [...lines].map((line) =>
        this.lines.run(line, async () => {
          for (const doc of (await taken).filter((d) => lineOf(d) === line)) {
            try {
              await this.handleOne(doc);
            } finally {
              this.inFlight.delete(doc._id);
            }
          }
        }),
      ),
    );
  }

  private async handleOne(doc: IntakeDoc): Promise<void> {
    const { intake, logger } = this.deps;
    try {
      // Read back from the database: validated again at this boundary.
      if (doc.kind === 'message') await this.message(doc);
      else await this.status(doc);
      await intake.done(doc._id);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (err instanceof InboundValidationError || err instanceof ShapeError) {
        logger.error({ item: doc._id, reason }, 'WhatsApp webhook item cannot be handled: set aside');
        await intake.failed(doc._id, reason).catch(() => undefined);
        return;
      }
      const attempts = await intake.attemptFailed(doc._id, reason).catch(() => 0);
      logger.error({ err, item: doc._id, attempts }, 'WhatsApp webhook item not handled: stays pending for the next sweep');
      if (attempts >= MAX_ATTEMPTS) await intake.failed(doc._id, reason).catch(() => undefined);
    }
  }

  private async message(doc: IntakeDoc): Promise<void> {
    const { windows } = this.deps;
    const msg = cloudMessageSchema.safeParse(doc.body);
    if (!msg.success) throw new ShapeError('stored message of an unknown shape');
    const inbound = toInbound(msg.data, doc.senderName);
    this.lastInboundAt = this.now();
    if (!inbound) return; // a reaction or a system notice: nothing to answer
    // Only a closed window can have held messages (held sends happen only then): an open one costs no write.
    const wasClosed = !(await windows.isOpen(msg.data.from, this.now()));
    await windows.opened(msg.data.from, inbound.receivedAt);
    if (wasClosed) await this.deps.windowOpened({ channel: 'whatsapp', chatId: msg.data.from });
    await this.deps.receive(inbound);
  }

  private async status(doc: IntakeDoc): Promise<void> {
    const parsed = cloudStatusSchema.safeParse(doc.body);
    if (!parsed.success) throw new ShapeError('stored status report of an unknown shape');
    const report = toDeliveryReport(parsed.data);
    if (!report) return;
    // Meta took a free-form message and then found the person's window closed (its clock, not
    // ours): from now on their messages go as templates, or wait, instead of failing the same way.
    const to = parsed.data.recipient_id;
    if (report.error?.code === String(REENGAGEMENT) && to) await this.deps.windows.closedAsOf(to, report.at);
    await this.deps.reported?.(report);
    await this.deps.recordDelivery(report);
  }
}

class ShapeError extends Error {}

/** The chat an item belongs to, its line: the person's wa_id (a message's sender, a report's recipient). */
function lineOf(item: Pick<IntakeDoc, 'kind' | 'body'>): string {
  const body = item.body as { from?: unknown; recipient_id?: unknown } | undefined;
  return String((item.kind === 'message' ? body?.from : body?.recipient_id) ?? '');
}

const issuesOf = (error: { issues: { path: PropertyKey[]; message: string }[] }) => error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`);
