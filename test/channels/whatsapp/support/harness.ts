/**
 * A WhatsApp transport on fake clients and fake time, with everything it hands out recorded:
 * what the engine received, QR codes printed, alerts, states and raw log lines (a plain pino
 * logger without the project's redaction, so tests see what the transport itself writes).
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import type { InboundMessageInput } from '../../../../src/conversation/inbound';
import type { WhatsAppAlert } from '../../../../src/channels/whatsapp/supervisor';
import { WhatsAppTransport, type LinkState, type TransportSettingsInput } from '../../../../src/channels/whatsapp/transport';
import { FakeClient } from './fake-client';
import { FakeTimers, settle } from './fake-timers';

export interface HarnessOptions {
  settings?: TransportSettingsInput;
  receive?: (m: InboundMessageInput) => Promise<unknown>;
  beforeStart?: () => void;
  /** Sets up each new fake client before the transport gets it. */
  configure?: (client: FakeClient, index: number) => void;
  random?: () => number;
  start?: string | number;
}

export async function startHarness(options: HarnessOptions = {}) {
  const timers = new FakeTimers(options.start);
  const clients: FakeClient[] = [];
  const received: InboundMessageInput[] = [];
  const printed: string[] = [];
  const alerts: WhatsAppAlert[] = [];
  const states: LinkState[] = [];
  const logs: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _enc, cb) {
        logs.push(...String(chunk).split('\n').filter(Boolean));
        cb();
      },
    }),
  );
  const transport = new WhatsAppTransport({
    createClient: async () => {
      const client = new FakeClient(() => timers.now());
      options.configure?.(client, clients.length);
      clients.push(client);
      return client;
    },
    receive: async (m) => {
      received.push(m);
      return options.receive?.(m);
    },
    logger,
    timers,
    // 0.5: backoff exactly at its base, jitter at its middle.
    random: options.random ?? (() => 0.5),
    printQr: (t) => printed.push(t),
    beforeStart: options.beforeStart,
    settings: options.settings,
  });
  transport.on('alert', (a) => alerts.push(a));
  transport.on('state', (s) => states.push(s));
  transport.start();
  await settle();
  const h = {
    transport,
    timers,
    clients,
    received,
    printed,
    alerts,
    states,
    logs,
    get client(): FakeClient {
      const last = clients.at(-1);
      if (!last) throw new Error('no client was created');
      return last;
    },
    async ready(): Promise<FakeClient> {
      h.client.emit('ready');
      await settle();
      return h.client;
    },
    /** Waits in real time (QR rendering is real work) until the condition holds. */
    async until(condition: () => boolean, maxMs = 5000): Promise<void> {
      const end = Date.now() + maxMs;
      while (!condition()) {
        if (Date.now() > end) throw new Error('condition not met in time');
        await new Promise((r) => setTimeout(r, 5));
      }
      await settle();
    },
    async close(): Promise<void> {
      await transport.close();
    },
  };
  return h;
}
export type Harness = Awaited<ReturnType<typeof startHarness>>;
