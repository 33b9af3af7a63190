/**
 * Sending for the outbox through the Cloud API. Inside the 24-hour window a message goes as
 * text (with a list or reply buttons where it offers them, see presentation.ts); outside it as the approved template for its source, or it is held (ChannelHoldError)
 * with the reason staff see. Each user and the number as a whole are paced before the request
 * (Meta's pair rate limit and throughput, pair-pacer.ts); Meta's throttling answers (429, 130429,
 * 131056, 80007) and its own 5xx errors wait the Retry-After or a default; a message whose
 * request may have left is never posted again, across restarts too (send-ledger.ts): an accepted
 * one answers its stored wamid, one whose answer was lost (a timeout, a dropped connection, a
 * gateway's 5xx without Meta's error) fails for staff as outcome unknown until a status report
 * settles it, or it is judged (unconfirmed-sends.ts: sent again once when Meta shows it never took
 * it, else left to staff, said so).
 * Every request carries the outbox id as `biz_opaque_callback_data`, which Meta echoes in status
 * webhooks, so a report finds its entry even before the send's answer is recorded.
 */
import type { Logger } from 'pino';
import { ChannelHoldError, ChannelSendError, ChannelUnavailableError, type DeliveryReport, type OutboundMessage, type SendReceipt } from '../port';
import { GraphError, type GraphClient } from './graph-client';
import type { PairPacer } from './pair-pacer';
import type { SendLedger } from './send-ledger';
import type { ServiceWindows } from './service-window';
import type { CloudSettings } from './settings';
import { describeCloudError, REENGAGEMENT } from './error-reasons';
import { plainText, present } from './presentation';
import type { Templates } from './templates';
import { NOT_TAKEN } from './unconfirmed-sends';

/** The number as a whole must slow down: app call limit, WABA rate limit, throughput, spam-rate limit. */
const THROTTLE_NUMBER = new Set([4, 80007, 130429, 131048]);
const PAIR_LIMIT = 131056;
const AUTH = new Set([0, 10, 190]);
/** Meta refused the message's content (invalid, missing parameter): a list or buttons go again as plain text. */
const INVALID_CONTENT = new Set([100, 131008, 131009]);
/** Meta's side is having trouble: unknown, service, generic, service unavailable, throughput upgrade, server unavailable. */
const TRANSIENT = new Set([1, 2, 131000, 131016, 131057, 133004]);
const MAX_REMEMBERED = 20_000;
/** While Meta refuses the token, it is asked again at most this often (a fixed permission needs no restart). */
const TOKEN_RECHECK_MS = 5 * 60_000;

const PACED = {
  user: 'Menunggu jeda pengiriman WhatsApp ke nomor ini (batas Meta).',
  number: 'Menunggu giliran: batas kiriman per detik nomor kantor (batas Meta).',
} as const;
/** What staff see for a send whose answer was lost, with what happens next (unconfirmed-sends.ts). */
const unknownOutcome = (waitMs: number) =>
  `Status pengiriman WhatsApp belum dapat dipastikan (jawaban Cloud API hilang); pesan tidak dikirim ulang agar tidak terkirim dua kali. Bila dalam ${Math.round(waitMs / 60_000)} menit Meta tidak melaporkannya sementara laporan pesan lain masuk, pesan dikirim ulang sekali secara otomatis; bila tetap tanpa laporan, tanyakan dulu ke warga sebelum Kirim ulang.`;
const WAITS_FOR_PERSON = 'pesan menunggu sampai warga menulis lagi.';
export const HOLD_REASONS = {
  'no-template': `Di luar jendela 24 jam WhatsApp dan belum ada templat yang disetujui untuk pesan jenis ini: ${WAITS_FOR_PERSON}`,
  'too-long': `Di luar jendela 24 jam WhatsApp dan pesan terlalu panjang untuk templat: ${WAITS_FOR_PERSON}`,
  bot: `Di luar jendela 24 jam WhatsApp: ${WAITS_FOR_PERSON}`,
  reengagement: `WhatsApp menolak karena sudah lebih dari 24 jam sejak warga terakhir menulis: ${WAITS_FOR_PERSON}`,
} as const;

export interface SenderState {
  lastSendAt?: Date;
  lastFailure?: { at: Date; message: string };
  failures: number;
  /** Set when Meta refused the access token; cleared by the next accepted send. */
  tokenProblem?: string;
}

export interface CloudSenderDeps {
  graph: GraphClient;
  pacer: PairPacer;
  windows: ServiceWindows;
  templates: Templates;
  ledger: SendLedger;
  settings: CloudSettings;
  now: () => Date;
  logger: Logger;
}

export class CloudSender {
  readonly state: SenderState = { failures: 0 };
  private readonly accepted = new Map<string, SendReceipt>();
  private tokenCheckedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: CloudSenderDeps) {}

  async send(message: OutboundMessage): Promise<SendReceipt> {
    // Meta has it already (an earlier attempt whose result was not recorded): never post it twice.
    const known = this.accepted.get(message.id);
    if (known) return known;
    const to = message.chatId;
    if (!/^\d{7,15}$/.test(to)) throw new ChannelSendError('Nomor tujuan tidak dapat dikirimi pesan WhatsApp.', true);
    if (this.state.tokenProblem && this.deps.now().getTime() - this.tokenCheckedAt >= TOKEN_RECHECK_MS) await this.checkToken();
    if (this.state.tokenProblem) throw new ChannelUnavailableError(`WhatsApp Cloud API menolak token akses (${this.state.tokenProblem}); periksa WHATSAPP_CLOUD_ACCESS_TOKEN.`, { retryAfterMs: TOKEN_RECHECK_MS });

    const { body, via } = await this.compose(message, to);
    // Paced before the request, so Meta's limits are kept rather than hit (131056, 130429).
    const pace = this.deps.pacer.reserve(to);
    if (pace) throw new ChannelUnavailableError(PACED[pace.limit], { retryAfterMs: pace.waitMs });

    return this.post(message, to, body, via);
  }

  /**
   * Posts one message object. Written to the ledger before the request leaves: after a crash or a
   * lost answer the message is not posted again. A list or buttons Meta refuses for their content
   * go again at once as the same text without them: Meta took nothing, so nothing is doubled, and
   * the reply is not lost for its controls.
   */
  private async post(message: OutboundMessage, to: string, body: Record<string, unknown>, via: string | undefined): Promise<SendReceipt> {
    const begin = await this.deps.ledger.begin(message.id);
    if (!begin.go) {
      if ('wamid' in begin) return this.remember(message.id, { providerMessageId: begin.wamid });
      throw new ChannelSendError(unknownOutcome(this.deps.settings.unconfirmedWaitMs), { permanent: true, outcomeUnknown: true });
    }
    let wamid: string;
    try {
      wamid = await this.deps.graph.sendMessage({ to, ...body, biz_opaque_callback_data: message.id });
    } catch (err) {
      if (err instanceof GraphError && err.kind !== 'unknown_outcome') await this.deps.ledger.rejected(message.id);
      if (body.type === 'interactive' && refusedContent(err)) {
        this.deps.logger.warn({ outboxId: message.id, code: (err as GraphError).code }, 'Cloud API refused a list or buttons: sent as plain text');
        return this.post(message, to, plainText(message.text), via);
      }
      throw await this.failure(err, to, message);
    }
    await this.deps.ledger.accepted(message.id, wamid);
    return this.remember(message.id, { providerMessageId: wamid, ...(via ? { via } : {}) });
  }

  private remember(outboxId: string, receipt: SendReceipt): SendReceipt {
    if (this.accepted.size >= MAX_REMEMBERED) this.accepted.delete(this.accepted.keys().next().value as string);
    this.accepted.set(outboxId, receipt);
    this.state.lastSendAt = this.deps.now();
    this.state.tokenProblem = undefined;
    return receipt;
  }

  /**
   * Meta accepted a free-form message and then failed it because the person's 24-hour window had
   * closed (131047; the event handler has closed the window by then): it may go again, once, when
   * its source has an approved template its text fits, which is how it goes now. Anything else
   * Meta failed (or a message with no template) stays failed for staff.
   */
  redeliverable(message: Pick<OutboundMessage, 'source' | 'text'>, error: { code: string }): boolean {
    // Judged never taken by Meta (unconfirmed-sends.ts): it goes again, once, as it would now.
    if (error.code === NOT_TAKEN) return true;
    return error.code === String(REENGAGEMENT) && !('reason' in this.deps.templates.build(message.source, message.text));
  }

  /**
   * Meta reported one of our messages (any status): it took it. Recorded in the ledger before the
   * outbox hears of it, so an unconfirmed send is never judged untaken after its report. Costs
   * nothing for a message this process saw accepted.
   */
  async reported(report: DeliveryReport): Promise<void> {
    const id = report.outboxId;
    if (!id || this.accepted.has(id)) return;
    const before = await this.deps.ledger.confirmed(id, report.providerMessageId);
    if (before === 'absent') this.deps.logger.error({ outboxId: id, status: report.status }, 'Cloud API reported a message judged never taken and already sent again: the person may have it twice');
    if (this.accepted.size >= MAX_REMEMBERED) this.accepted.delete(this.accepted.keys().next().value as string);
    this.accepted.set(id, { providerMessageId: report.providerMessageId });
  }

  /** A send left to staff (unconfirmed-sends.ts): the channel's last failure says so. */
  unresolved(message: string): void {
    this.state.lastFailure = { at: this.deps.now(), message };
  }

  /** At start: is the token accepted for this phone number id? (Shown on /readyz; sending waits while not.) */
  async checkToken(): Promise<{ displayPhoneNumber?: string; qualityRating?: string } | null> {
    this.tokenCheckedAt = this.deps.now().getTime();
    try {
      const info = await this.deps.graph.phoneNumber();
      this.state.tokenProblem = undefined;
      return info;
    } catch (err) {
      const e = err as GraphError;
      if (e.kind === 'http' && (e.httpStatus === 401 || e.httpStatus === 403 || (e.code !== null && (AUTH.has(e.code) || (e.code >= 200 && e.code <= 299))))) {
        this.state.tokenProblem = `kode ${e.code ?? e.httpStatus}`;
      }
      this.deps.logger.warn({ status: e.httpStatus ?? undefined, code: e.code ?? undefined, kind: e.kind }, 'WhatsApp Cloud API phone number check failed');
      return null;
    }
  }

  /** Text inside the window; outside it the source's template, or a hold with the reason. */
  private async compose(message: OutboundMessage, to: string): Promise<{ body: Record<string, unknown>; via?: string }> {
    const { windows, templates, now } = this.deps;
    if (await windows.isOpen(to, now())) return { body: present(message.text) };
    if (message.source === 'bot') throw new ChannelHoldError(HOLD_REASONS.bot);
    const built = templates.build(message.source, message.text);
    if ('reason' in built) throw new ChannelHoldError(HOLD_REASONS[built.reason as 'no-template' | 'too-long']);
    return { body: { type: 'template', template: built.template }, via: `template:${built.name}` };
  }

  /** What Meta's (or the network's) answer means for the outbox. */
  private async failure(err: unknown, to: string, message: OutboundMessage): Promise<Error> {
    const { pacer, settings, windows, logger } = this.deps;
    const result = this.classify(err);
    if (result.pair) pacer.blockUser(to, result.retryAfterMs ?? settings.pairIntervalMs);
    if (result.number) pacer.blockNumber(result.retryAfterMs ?? settings.throttleWaitMs);
    if (result.windowClosed) await windows.closed(to);
    if (result.auth) {
      this.state.tokenProblem = `kode ${(err as GraphError).code ?? (err as GraphError).httpStatus}`;
      this.tokenCheckedAt = this.deps.now().getTime();
    }
    if (!(result.error instanceof ChannelHoldError)) {
      this.state.failures++;
      this.state.lastFailure = { at: this.deps.now(), message: result.error.message };
    }
    logger.warn({ outboxId: message.id, source: message.source, code: (err as GraphError).code ?? undefined, status: (err as GraphError).httpStatus ?? undefined, kind: result.error.name }, 'Cloud API send not accepted');
    return result.error;
  }

  private classify(err: unknown): { error: Error; retryAfterMs?: number; pair?: boolean; number?: boolean; windowClosed?: boolean; auth?: boolean } {
    const { settings } = this.deps;
    if (!(err instanceof GraphError)) return { error: new ChannelSendError(`Pengiriman WhatsApp gagal: ${String(err)}`) };
    const ra = err.retryAfterMs ?? undefined;
    const code = err.code ?? undefined;
    if (err.kind === 'not_reached') return { error: new ChannelUnavailableError('WhatsApp Cloud API tidak terjangkau; pesan akan dikirim setelah tersambung kembali.', { retryAfterMs: settings.serverErrorWaitMs }) };
    if (err.kind === 'unknown_outcome') {
      return { error: new ChannelSendError(unknownOutcome(settings.unconfirmedWaitMs), { permanent: true, outcomeUnknown: true }) };
    }
    const tag = code !== undefined ? String(code) : String(err.httpStatus);
    if (code === REENGAGEMENT) return { error: new ChannelHoldError(HOLD_REASONS.reengagement, { code: tag }), windowClosed: true };
    if (code === PAIR_LIMIT) {
      const wait = ra ?? settings.pairIntervalMs;
      return { error: new ChannelUnavailableError('Batas kiriman Meta ke nomor ini tercapai; pesan dikirim lagi sebentar lagi.', { retryAfterMs: wait, code: tag }), pair: true, retryAfterMs: wait };
    }
    if (err.httpStatus === 429 || (code !== undefined && THROTTLE_NUMBER.has(code))) {
      const wait = ra ?? settings.throttleWaitMs;
      return { error: new ChannelUnavailableError('Batas kiriman WhatsApp Cloud API tercapai; pesan dikirim lagi setelah jeda.', { retryAfterMs: wait, code: tag }), number: true, retryAfterMs: wait };
    }
    if (err.httpStatus === 401 || (code !== undefined && (AUTH.has(code) || (code >= 200 && code <= 299)))) {
      return { error: new ChannelUnavailableError(`WhatsApp Cloud API menolak token akses (kode ${tag}); periksa WHATSAPP_CLOUD_ACCESS_TOKEN.`, { retryAfterMs: 5 * 60_000, code: tag }), auth: true };
    }
    if (code !== undefined && code >= 132000 && code < 133000) {
      return { error: new ChannelHoldError(`Templat WhatsApp ditolak (kode ${tag}; belum disetujui atau parameternya tidak cocok): ${WAITS_FOR_PERSON}`, { code: tag }) };
    }
    if ((err.httpStatus ?? 0) >= 500 || (code !== undefined && TRANSIENT.has(code))) {
      return { error: new ChannelSendError(`WhatsApp Cloud API sedang bermasalah (kode ${tag}); akan dicoba lagi.`, { retryAfterMs: ra ?? settings.serverErrorWaitMs, code: tag }) };
    }
    return { error: new ChannelSendError(`WhatsApp menolak pesan ini (kode ${tag}): ${describeCloudError(code, err.message)}`, { permanent: true, code: tag }) };
  }
}

/** Meta answered and refused what the message holds (not who it goes to, not the rate). */
function refusedContent(err: unknown): boolean {
  return err instanceof GraphError && err.kind === 'http' && err.code !== null && INVALID_CONTENT.has(err.code);
}
