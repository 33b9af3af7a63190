/**
 * The WhatsApp transport: the channel the outbox sends through, and the link's state for
 * /readyz and the dashboard (status, pairing QR code, last inbound and outbound time, alerts).
 * It wires the supervisor (client life), the inbound handler and the paced sender together, and
 * downloads inbound media for the engine (fetchMedia, media.ts).
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ReadinessCheck } from '../../http/app';
import type { Channel, FetchedMedia, OutboundMessage } from '../port';
import { ChatDirectory } from './chat-ids';
import type { ClientFactory, WaClient } from './client-port';
import { InboundHandler, inboundSchema, type Receiver } from './inbound-handler';
import { OutboundSender, outboundSchema } from './outbound-sender';
import { Pacer, pacingSchema } from './pacer';
import { Supervisor, supervisorSchema, type LinkStatus, type WhatsAppAlert } from './supervisor';
import { realTimers, type Timers } from './timers';

export const transportSettingsSchema = z.object({
  supervisor: supervisorSchema.prefault({}),
  pacing: pacingSchema.prefault({}),
  outbound: outboundSchema.prefault({}),
  inbound: inboundSchema.prefault({}),
});
export type TransportSettings = z.infer<typeof transportSettingsSchema>;
export type TransportSettingsInput = z.input<typeof transportSettingsSchema>;

export interface LinkState {
  status: LinkStatus;
  qrDataUrl?: string;
  lastInboundAt?: Date;
  lastOutboundAt?: Date;
}

export interface TransportEvents {
  state: [state: LinkState];
  alert: [alert: WhatsAppAlert];
}

export interface TransportDeps {
  createClient: ClientFactory;
  receive: Receiver;
  logger: Logger;
  settings?: TransportSettingsInput;
  /** Runs before each browser start: stale profile locks are removed here. */
  beforeStart?: () => void | Promise<void>;
  timers?: Timers;
  random?: () => number;
  printQr?: (text: string) => void;
}

export class WhatsAppTransport extends EventEmitter<TransportEvents> implements Channel {
  readonly name = 'whatsapp' as const;
  readonly settings: TransportSettings;
  private readonly supervisor: Supervisor;
  private readonly inbound: InboundHandler;
  private readonly outbound: OutboundSender;

  constructor(deps: TransportDeps) {
    super();
    const timers = deps.timers ?? realTimers;
    const logger = deps.logger.child({ component: 'whatsapp' });
    const settings = transportSettingsSchema.parse(deps.settings ?? {});
    this.settings = settings;
    this.outbound = new OutboundSender({
      client: () => this.supervisor.readyClient(),
      pacer: new Pacer(settings.pacing, timers, deps.random),
      timers,
      logger,
      settings: settings.outbound,
    });
    const directory = new ChatDirectory(async (lids) => (await this.supervisor.currentClient()?.getContactLidAndPhone(lids)) ?? []);
    this.inbound = new InboundHandler({ receive: deps.receive, directory, isOwnEcho: (m) => this.outbound.isOwnEcho(m), timers, logger, settings: settings.inbound });
    this.supervisor = new Supervisor({
      createClient: deps.createClient,
      beforeStart: deps.beforeStart,
      attach: (client, isCurrent) => this.inbound.attach(client, isCurrent),
      beforePlannedRestart: () => this.outbound.idle(30_000),
      printQr: deps.printQr,
      timers,
      logger: deps.logger,
      random: deps.random,
      settings: settings.supervisor,
    });
    this.supervisor.on('status', () => this.emit('state', this.state()));
    this.supervisor.on('qr', () => this.emit('state', this.state()));
    this.supervisor.on('alert', (alert) => {
      logger.warn({ alert: alert.kind }, 'WhatsApp alert for admins');
      this.emit('alert', alert);
    });
    this.supervisor.on('ready', (client) => void this.afterReady(client));
  }

  start(): void {
    this.supervisor.start();
  }

  /** For the dashboard: a fresh client now (e.g. after the supervisor gave up). */
  restart(): Promise<void> {
    return this.supervisor.restart();
  }

  async close(): Promise<void> {
    await this.supervisor.stop();
    await this.inbound.idle();
  }

  send(message: OutboundMessage): Promise<void> {
    return this.outbound.send(message);
  }

  /** An inbound message's file (its media id is the message's id), through the library's downloadMedia. */
  fetchMedia(mediaId: string): Promise<FetchedMedia> {
    return this.inbound.media.fetch(mediaId, this.supervisor.currentClient());
  }

  state(): LinkState {
    const { lastInboundAt } = this.inbound;
    const { lastOutboundAt } = this.outbound;
    const qrDataUrl = this.supervisor.qrDataUrl;
    return {
      status: this.supervisor.status,
      ...(qrDataUrl ? { qrDataUrl } : {}),
      ...(lastInboundAt ? { lastInboundAt } : {}),
      ...(lastOutboundAt ? { lastOutboundAt } : {}),
    };
  }

  /** /readyz: not ready unless linked; the QR code itself stays on the admin page. */
  readiness(): ReadinessCheck {
    return {
      name: 'whatsapp',
      check: async () => {
        const s = this.state();
        return {
          ok: s.status === 'ready',
          status: s.status,
          lastInboundAt: s.lastInboundAt?.toISOString() ?? null,
          lastOutboundAt: s.lastOutboundAt?.toISOString() ?? null,
        };
      },
    };
  }

  private async afterReady(client: WaClient): Promise<void> {
    this.emit('state', this.state());
    await this.inbound.catchUp(client, () => this.supervisor.currentClient() === client);
  }
}
