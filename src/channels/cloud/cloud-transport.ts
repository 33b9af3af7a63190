/**
 * The Cloud API transport: the `whatsapp` channel the outbox sends through, the webhook it
 * mounts, and its state for /readyz (last webhook, last inbound, last send, failures, token).
 */
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { ReadinessCheck } from '../../http/app';
import type { ChatRef, InboundMessageInput } from '../../conversation/inbound';
import type { Channel, ChannelWebhook, DeliveryReport, FetchedMedia, OutboundMessage, SendReceipt } from '../port';
import { CloudSender } from './cloud-sender';
import { CloudEventHandler } from './event-handler';
import { GraphClient } from './graph-client';
import { PairPacer } from './pair-pacer';
import { SendLedger } from './send-ledger';
import { ServiceWindows } from './service-window';
import { cloudSettingsSchema, type CloudSettingsInput } from './settings';
import type { Templates } from './templates';
import { cloudWebhookRouter } from './webhook-routes';

export const CLOUD_WEBHOOK_PATH = '/webhooks/whatsapp';

export interface CloudTransportDeps {
  settings: CloudSettingsInput;
  templates: Templates;
  connection: Connection;
  receive(message: InboundMessageInput): Promise<unknown>;
  windowOpened(chat: ChatRef): Promise<void>;
  recordDelivery(report: DeliveryReport): Promise<unknown>;
  now: () => Date;
  logger: Logger;
}

export class CloudTransport implements Channel {
  readonly name = 'whatsapp' as const;
  readonly webhook: ChannelWebhook;
  private readonly sender: CloudSender;
  private readonly events: CloudEventHandler;
  private rejectedWebhooks = 0;
  private readonly graph: GraphClient;
  private readonly maxMediaBytes: number;
  private phone: { displayPhoneNumber?: string; qualityRating?: string } = {};

  constructor(deps: CloudTransportDeps) {
    const settings = cloudSettingsSchema.parse(deps.settings);
    const logger = deps.logger.child({ component: 'whatsapp-cloud' });
    const windows = new ServiceWindows(deps.connection, settings);
    this.graph = new GraphClient({ ...settings, now: deps.now });
    this.maxMediaBytes = settings.maxMediaBytes;
    this.sender = new CloudSender({
      graph: this.graph,
      pacer: new PairPacer(settings.pairIntervalMs, settings.pairBurst, () => deps.now().getTime()),
      windows,
      templates: deps.templates,
      ledger: new SendLedger(deps.connection, deps.now),
      settings,
      now: deps.now,
      logger,
    });
    this.events = new CloudEventHandler(
      { phoneNumberId: settings.phoneNumberId, windows, receive: deps.receive, windowOpened: deps.windowOpened, recordDelivery: deps.recordDelivery, logger },
      deps.now,
    );
    this.webhook = {
      path: CLOUD_WEBHOOK_PATH,
      router: cloudWebhookRouter({
        verifyToken: settings.verifyToken,
        appSecret: settings.appSecret,
        logger,
        handle: (payload) => this.events.handle(payload),
        onRejected: () => void this.rejectedWebhooks++,
      }),
    };
  }

  /** Checks the token against the phone number (for /readyz); sending does not wait for it. */
  start(): void {
    void this.sender.checkToken().then((info) => {
      if (info) this.phone = info;
    });
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

  /** Resolves when every webhook event received so far has been handled (shutdown, tests). */
  idle(): Promise<void> {
    return this.events.idle();
  }

  state() {
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
      rejectedWebhooks: this.rejectedWebhooks,
    };
  }

  /** /readyz: ready unless Meta refused the token (sending could not work); the rest is shown. */
  readiness(): ReadinessCheck {
    return { name: 'whatsapp', check: async () => ({ ok: !this.sender.state.tokenProblem, ...this.state() }) };
  }
}
