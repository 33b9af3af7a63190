/**
 * Sends whose outcome is unknown (the answer was lost: a timeout, a dropped connection, a
 * gateway's 5xx without Meta's error, a crash mid-request) are never posted again blindly. Meta
 * reports every message it takes (`sent`, or `failed`) within seconds, naming our outbox id, and
 * that report confirms it (ledger `confirmed`). One still unconfirmed `unconfirmedWaitMs` after it
 * was posted is judged here, on the transport's sweep:
 *
 * - **not taken** — only on evidence that reports were reaching us all along: this process was up
 *   since before it was posted, no webhook was refused or failed since then, a report Meta
 *   stamped at least `reportSkewMs` after the post was handled (so Meta was reporting events that
 *   came later), and no webhook item is waiting to be handled (ours could be among them). It is
 *   then reported to the outbox as failed with NOT_TAKEN, which the channel calls redeliverable:
 *   the outbox sends one copy (keyed `redeliver:<entry>`), and the failed entry gives way to it.
 * - **unresolved** — without that evidence until `unconfirmedGiveUpMs`: left failed for staff
 *   (its error says what to do), counted, and shown as the channel's last failure and on /readyz.
 *   A report arriving later still marks the entry sent.
 *
 * The evidence is this process's own; with several processes behind one webhook, each judges
 * only by what it received itself (the confirmation is shared through the ledger).
 */
import type { Logger } from 'pino';
import type { DeliveryReport } from '../port';
import type { SendLedger } from './send-ledger';
import type { CloudSettings } from './settings';

/** The failure code of a send judged never taken by Meta (not one of Meta's codes). */
export const NOT_TAKEN = 'tidak-sampai-ke-meta';
const BATCH = 100;

export interface UnconfirmedSendsDeps {
  ledger: SendLedger;
  /** How many webhook items are stored but not handled yet (a report for ours may be among them). */
  pendingWebhookItems(): Promise<number>;
  recordDelivery(report: DeliveryReport): Promise<unknown>;
  settings: Pick<CloudSettings, 'unconfirmedWaitMs' | 'unconfirmedGiveUpMs' | 'reportSkewMs'>;
  now: () => Date;
  /** Told when one is left to staff (the channel's last failure). */
  onUnresolved(message: string): void;
  logger: Logger;
}

export class UnconfirmedSends {
  /** Left to staff since start (for /readyz). */
  unresolved = 0;
  /** Sent again after they were judged never taken, since start. */
  resent = 0;
  private readonly startedAt: number;
  /** The latest time Meta stamped on a report handled by this process. */
  private latestReportAt = Number.NEGATIVE_INFINITY;
  /** The last time a webhook was refused or could not be stored (Meta delivers it again later). */
  private troubleAt = Number.NEGATIVE_INFINITY;
  private running: Promise<void> | null = null;

  constructor(private readonly deps: UnconfirmedSendsDeps) {
    this.startedAt = deps.now().getTime();
  }

  /** A status report was handled (Meta's own timestamp). */
  reportSeen(at: Date): void {
    this.latestReportAt = Math.max(this.latestReportAt, at.getTime());
  }

  /** A webhook was answered with an error: a report in it reaches us only when Meta tries again. */
  webhookTrouble(): void {
    this.troubleAt = this.deps.now().getTime();
  }

  /** Judges every unconfirmed send old enough (one run at a time). */
  resolve(): Promise<void> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<void> {
    const { ledger, settings, logger } = this.deps;
    const now = this.deps.now().getTime();
    const due = await ledger.unconfirmed(new Date(now - settings.unconfirmedWaitMs), BATCH);
    let pending: number | null = null;
    for (const { outboxId, postedAt } of due) {
      const posted = postedAt.getTime();
      if (this.reportsFlowedSince(posted)) {
        pending ??= await this.deps.pendingWebhookItems();
        if (pending === 0) {
          await this.notTaken(outboxId, posted);
          continue;
        }
      }
      if (now - posted >= settings.unconfirmedGiveUpMs && (await ledger.unresolved(outboxId))) {
        this.unresolved++;
        const minutes = Math.round((now - posted) / 60_000);
        logger.warn({ outboxId, minutes }, 'Cloud API send still unconfirmed and no evidence either way: left to staff');
        this.deps.onUnresolved(`${this.unresolved} pesan belum dapat dipastikan terkirim: ${minutes} menit tanpa laporan Meta dan tanpa laporan lain untuk menilainya (periksa langganan webhook "messages"). Pesan itu tidak dikirim ulang otomatis.`);
      }
    }
  }

  /** Reports were reaching this process, for events after `posted`, the whole time since. */
  private reportsFlowedSince(posted: number): boolean {
    return posted >= this.startedAt && this.troubleAt < posted && this.latestReportAt >= posted + this.deps.settings.reportSkewMs;
  }

  /**
   * Meta never took it: reported failed with NOT_TAKEN, so the outbox queues its one copy; then
   * marked in the ledger. The report first: handled twice (a crash between, another process), the
   * copy is still written once.
   */
  private async notTaken(outboxId: string, posted: number): Promise<void> {
    const { ledger, settings, logger } = this.deps;
    const minutes = Math.round(settings.unconfirmedWaitMs / 60_000);
    await this.deps.recordDelivery({
      channel: 'whatsapp',
      providerMessageId: `unconfirmed:${outboxId}`,
      outboxId,
      status: 'failed',
      at: this.deps.now(),
      error: { code: NOT_TAKEN, reason: `Meta tidak melaporkan pesan ini dalam ${minutes} menit, sementara laporan pesan lain masuk: permintaannya tidak sampai ke Meta. Dikirim ulang sekali.` },
    });
    if (await ledger.absent(outboxId)) this.resent++;
    logger.warn({ outboxId, postedMinutesAgo: Math.round((this.deps.now().getTime() - posted) / 60_000) }, 'Cloud API send unconfirmed while later reports arrived: judged never taken, sent again once');
  }
}
