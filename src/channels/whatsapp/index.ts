/**
 * The WhatsApp transport as the service builds it from configuration. The library (and
 * Puppeteer) load on the first browser start only, so a service without WhatsApp never
 * loads them.
 */
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Env } from '../../config/env';
import type { ClientFactory } from './client-port';
import type { Receiver } from './inbound-handler';
import { authDir, profileDirFor } from './paths';
import { GridFsSessionStore } from './session-store';
import { removeStaleLocks } from './stale-locks';
import { WhatsAppTransport, type TransportSettingsInput } from './transport';

export { WhatsAppTransport } from './transport';
export type { LinkState } from './transport';
export type { LinkStatus, WhatsAppAlert } from './supervisor';

export interface WhatsAppOptions {
  env: Pick<Env, 'DATA_DIR' | 'CHROME_PATH' | 'WHATSAPP_AUTH' | 'MONGODB_URI'>;
  logger: Logger;
  /** ConversationEngine.receive. */
  receive: Receiver;
  /** For WHATSAPP_AUTH=mongo: the session backup goes to GridFS in this database. */
  connection: Connection;
  /** Office time zone for the nightly restart (03:00 there); null turns it off. */
  timeZone: string | null;
  settings?: TransportSettingsInput;
  /** More Chromium flags; the smoke test keeps the browser off the network with them. */
  extraChromeArgs?: string[];
}

export function createWhatsAppTransport(options: WhatsAppOptions): WhatsAppTransport {
  const { env, logger } = options;
  const dataDir = path.join(env.DATA_DIR, 'whatsapp');
  const auth = env.WHATSAPP_AUTH;
  if (auth === 'mongo' && !env.MONGODB_URI) {
    logger.warn('WHATSAPP_AUTH=mongo with the embedded database: the WhatsApp session is lost on exit');
  }
  let factory: ClientFactory | null = null;
  const createClient: ClientFactory = async () => {
    if (!factory) {
      const { createRealClientFactory } = await import('./real-client');
      const choice = auth === 'local' ? { kind: 'local' as const } : { kind: 'mongo' as const, store: new GridFsSessionStore(options.connection, authDir(dataDir)) };
      factory = createRealClientFactory({ dataDir, chromePath: env.CHROME_PATH, auth: choice, extraArgs: options.extraChromeArgs });
    }
    return factory();
  };
  const profileDir = profileDirFor(dataDir, auth);
  const nightlyRestart = options.timeZone ? { at: '03:00', timeZone: options.timeZone } : null;
  return new WhatsAppTransport({
    createClient,
    receive: options.receive,
    logger,
    settings: { ...options.settings, supervisor: { nightlyRestart, ...options.settings?.supervisor } },
    beforeStart: () => {
      const removed = removeStaleLocks(profileDir);
      if (removed.length) logger.warn({ removed }, 'removed stale Chromium profile locks');
    },
  });
}
