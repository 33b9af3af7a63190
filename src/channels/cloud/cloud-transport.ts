/**
 * The Cloud API transport: the `whatsapp` channel the outbox sends through, the webhook it
 * mounts (events stored in the intake store before the 200, handled from there, recovered at
 * start and on a sweep), the chat id of a phone number (the bare wa_id), and its state for the
 * dashboard (state()) and /readyz (last webhook, last inbound, last send, failures, token).
 */
import type { Connection } from 'mongoose';
import type { PiiCipher } from '../../applications/pii-crypto';
import type { ReadinessCheck } from '../../http/app';
import type { Channel, ChannelState, ChannelWebhook, FetchedMedia, OutboundMessage, SendReceipt } from '../port';
import { toCloudChatId } from './chat-id';
import { CloudSender } from './cloud-sender';
import { CloudEventHandler, type EventHandlerDeps } from './event-handler';
import { GraphClient } from './graph-client';
import { PairPacer } from './pair-pacer';
import { SendLedger } from './send-ledger';
import { ServiceWindows } from './service-window';
import { cloudSettingsSchema, type CloudSettingsInput } from './settings';
import type { Templates } from './templates';
import { UnconfirmedSends } from './unconfirmed-sends';
import { WebhookIntakeStore } from './webhook-intake-store';
import { cloudWebhookRouter } from './webhook-routes';

export const CLOUD_WEBHOOK_PATH = '/webhooks/whatsapp';
/** How often stored webhook items not handled yet (an error, a crash elsewhere) are tried again. */
const SWEEP_MS = 30_000;

/** What the transport hands on to its webhook event handler, declared there once. */
export interface CloudTransportDeps extends Pick<EventHandlerDeps, 'receive' | 'windowOpened' | 'recordDelivery' | 'logger'> {
  settings: CloudSettingsInput;
  templates: Templates;
  connection: Connection;
  now: () => Date;
  /** Hashes the intake's keys and seals its pending bodies (they hold wamids, numbers, texts). */
  cipher: PiiCipher;
}

export class CloudTransport implements Channel {
  readonly name = 'whatsapp' as const;
  readonly webhook: ChannelWebhook;
  private readonly sender: CloudSender;
  private readonly events: CloudEventHandler;
  private readonly unconfirmed: UnconfirmedSends;
  private rejectedWebhooks = 0;
  private readonly graph: GraphClient;
  private readonly maxMediaBytes: number;
  private phone: { displayPhoneNumber?: string; qualityRating?: string } = {};
  private readonly templates: Templates;
  private readonly phoneNumberId: string;
  private sweep: NodeJS.Timeout | null = null;
  private readonly logger: CloudTransportDeps['logger'];

  constructor(deps: CloudTransportDeps) {
    const settings = cloudSettingsSchema.parse(deps.settings);
    const logger = deps.logger.child({ component: 'whatsapp-cloud' });
    this.logger = logger;
    const windows = new ServiceWindows(deps.connection, settings);
    this.graph = new GraphClient({ ...settings, now: deps.now });
    this.maxMediaBytes = settings.maxMediaBytes;
    this.templates = deps.templates;
    this.phoneNumberId = settings.phoneNumberId;
    const ledger = new SendLedger(deps.connection, deps.now);
    const intake = new WebhookIntakeStore(deps.connection, deps.now, deps.cipher);
    const pacer = new PairPacer({ pair: { intervalMs: settings.pairIntervalMs, burst: settings.pairBurst }, perSecond: settings.throughputPerSecond }, () => deps.now().getTime());
    this.sender = new CloudSender({
      graph: this.graph,
      pacer,
      windows,
      templates: deps.templates,
      ledger,
      settings,
      now: deps.now,
      logger,
    });
    this.unconfirmed = new UnconfirmedSends({
      ledger,
      pendingWebhookItems: () => intake.countPending(),
      recordDelivery: deps.recordDelivery,
      settings,
      now: deps.now,
      onUnresolved: (message) => this.sender.unresolved(message),
      logger,
    });
    this.events = new CloudEventHandler(
      {
        phoneNumberId: settings.phoneNumberId,
        windows,
        intake,
        receive: deps.receive,
        windowOpened: deps.windowOpened,
        recordDelivery: deps.recordDelivery,
        reported: async (report) => {
          await this.sender.reported(report);
          this.unconfirmed.reportSeen(report.at);
        },
        received: (count) => pacer.inbound(count),
        logger,
      },
      deps.now,
    );
    this.webhook = {
      path: CLOUD_WEBHOOK_PATH,
      router: cloudWebhookRouter({
        verifyToken: settings.verifyToken,
        appSecret: settings.appSecret,
        logger,
        accept: (payload) =>
          this.events.accept(payload).catch((err: unknown) => {
            this.unconfirmed.webhookTrouble(); // answered 503: what it held comes when Meta tries again
            throw err;
          }),
        onRejected: () => {
          this.rejectedWebhooks++;
          this.unconfirmed.webhookTrouble();
        },
      }),
    };
  }

  /**
   * Checks the token against the phone number (for /readyz; sending does not wait for it), and
   * handles webhook items stored but not handled before a crash or restart, then on each sweep.
   */
  start(): void {
    void this.sender.checkToken().then((info) => {
      if (info) this.phone = info;
    });
    void this.recover();
    this.sweep ??= setInterval(() => {
      void this.recover();
      void this.resolveUnconfirmed();
    }, SWEEP_MS).unref();
  }

  /** Handles the webhook items stored but not handled yet (start-up, the sweep). */
  recover(): Promise<void> {
    return this.events.recover();
  }

  /** Judges sends whose outcome is unknown and that no report confirmed (the sweep; unconfirmed-sends.ts). */
  resolveUnconfirmed(): Promise<void> {
    return this.unconfirmed.resolve().catch((err: unknown) => this.logger.error({ err }, 'unconfirmed Cloud API sends not judged: tried again on the next sweep'));
  }

  /** Shutdown (the service closes each channel): the sweep stops; what is still stored waits for the next start. */
  async close(): Promise<void> {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
    await this.events.idle();
  }

  /** The Cloud API names a user by the bare wa_id: '+6281…' → '6281…'. */
  chatIdForPhone(e164: string): string {
    return toCloudChatId(e164);
  }

  /** Downloads an inbound message's media (InboundMessage.media.id), checked against its digest. */
  async fetchMedia(mediaId: string): Promise<FetchedMedia> {
    try {
      return await this.graph.media(mediaId, this.maxMediaBytes);
    } catch (err) {
      throw new Error(`WhatsApp media not available: ${(err as Error).message}`);
    }
  }

  send(message: OutboundMessage): Promise<SendReceipt> {
    return this.sender.send(message);
  }

  /** A message Meta failed for the closed window (131047) goes again once, as its template (CloudSender.redeliverable). */
  redeliverable(message: Pick<OutboundMessage, 'source' | 'text'>, error: { code: string; reason: string }): boolean {
    return this.sender.redeliverable(message, error);
  }

  /** Resolves when every webhook event received so far has been handled (shutdown, tests). */
  idle(): Promise<void> {
    return this.events.idle();
  }

  /** For the dashboard's channel page: the configured number (masked), last webhook, last send error, templates. */
  state(): ChannelState {
    const s = this.sender.state;
    return {
      status: s.tokenProblem ? 'token_refused' : 'ready',
      transport: 'WhatsApp Cloud API',
      account: maskId(this.phoneNumberId),
      displayPhoneNumber: this.phone.displayPhoneNumber ?? null,
      ...(this.events.lastInboundAt ? { lastInboundAt: this.events.lastInboundAt } : {}),
      ...(s.lastSendAt ? { lastOutboundAt: s.lastSendAt } : {}),
      lastWebhookAt: this.events.lastWebhookAt ?? null,
      lastSendError: s.lastFailure ? { ...s.lastFailure } : null,
      sendFailures: s.failures,
      rejectedWebhooks: this.rejectedWebhooks,
      templates: this.templates.names(),
    };
  }

  /** For /readyz (JSON). */
  private readinessState() {
    const s = this.sender.state;
    return {
      transport: 'cloud' as const,
      tokenValid: !s.tokenProblem,
      displayPhoneNumber: this.phone.displayPhoneNumber ?? null,
      qualityRating: this.phone.qualityRating ?? null,
      lastWebhookAt: this.events.lastWebhookAt?.toISOString() ?? null,
      lastInboundAt: this.events.lastInboundAt?.toISOString() ?? null,
      lastSendAt: s.lastSendAt?.toISOString() ?? null,
      sendFailures: s.failures,
      lastFailure: s.lastFailure ? { at: s.lastFailure.at.toISOString(), message: s.lastFailure.message } : null,
      /** Sends whose answer was lost, since start: sent again once judged never taken; left to staff when that cannot be told. */
      unconfirmedSends: { resent: this.unconfirmed.resent, leftToStaff: this.unconfirmed.unresolved },
      rejectedWebhooks: this.rejectedWebhooks,
    };
  }

  /** /readyz: ready unless Meta refused the token (sending could not work); the rest is shown. */
  readiness(): ReadinessCheck {
    return { name: 'whatsapp', check: async () => ({ ok: !this.sender.state.tokenProblem, ...this.readinessState() }) };
  }
}

/** '109876543210' → '••••••••3210': enough to tell numbers apart, not to copy one. */
function maskId(id: string): string {
  return `${'•'.repeat(Math.max(0, id.length - 4))}${id.slice(-4)}`;
}
