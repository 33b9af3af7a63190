/**
 * cloud — the WhatsApp Business Cloud API adapter (WHATSAPP_TRANSPORT=cloud): the signed webhook
 * at /webhooks/whatsapp (handshake, inbound messages, delivery reports), sending through the
 * Graph API messages endpoint with Meta's limits, the 24-hour customer-service window and its
 * approved templates (flows/whatsapp-templates.yaml), lists and buttons for menus and yes/no
 * questions, and inbound media by reference (fetchMedia). The same `whatsapp` channel as the
 * whatsapp-web.js adapter, behind the same port; chat ids are bare wa_ids (628…).
 */
import type { Env } from '../../config/env';
import { CloudTransport, type CloudTransportDeps } from './cloud-transport';
import type { CloudSettingsInput } from './settings';
import { Templates } from './templates';

export { CloudTransport, CLOUD_WEBHOOK_PATH } from './cloud-transport';
export { signBody } from './signature';

/** What the transport needs from the service, besides its settings and templates (read here from env and flows/). */
export type CloudOptions = Omit<CloudTransportDeps, 'settings' | 'templates'> & {
  env: Pick<
    Env,
    | 'FLOWS_DIR' | 'WHATSAPP_CLOUD_API_BASE' | 'WHATSAPP_CLOUD_PHONE_NUMBER_ID' | 'WHATSAPP_CLOUD_ACCESS_TOKEN' | 'WHATSAPP_CLOUD_APP_SECRET' | 'WHATSAPP_CLOUD_VERIFY_TOKEN'
    | 'WHATSAPP_CLOUD_PAIR_INTERVAL_SECONDS' | 'WHATSAPP_CLOUD_PAIR_BURST' | 'WHATSAPP_CLOUD_MAX_PER_SECOND'
  >;
  officeName: string;
  /** Pacing and window tuning (tests). */
  tuning?: Partial<Omit<CloudSettingsInput, 'apiBase' | 'phoneNumberId' | 'accessToken' | 'appSecret' | 'verifyToken'>>;
};

export function createCloudTransport(options: CloudOptions): CloudTransport {
  const { env, officeName, tuning, ...deps } = options;
  return new CloudTransport({
    ...deps,
    settings: {
      apiBase: env.WHATSAPP_CLOUD_API_BASE,
      phoneNumberId: env.WHATSAPP_CLOUD_PHONE_NUMBER_ID ?? '',
      accessToken: env.WHATSAPP_CLOUD_ACCESS_TOKEN ?? '',
      appSecret: env.WHATSAPP_CLOUD_APP_SECRET ?? '',
      verifyToken: env.WHATSAPP_CLOUD_VERIFY_TOKEN ?? '',
      pairIntervalMs: Math.round(env.WHATSAPP_CLOUD_PAIR_INTERVAL_SECONDS * 1000),
      pairBurst: env.WHATSAPP_CLOUD_PAIR_BURST,
      throughputPerSecond: env.WHATSAPP_CLOUD_MAX_PER_SECOND,
      ...tuning,
    },
    templates: Templates.load(env.FLOWS_DIR, officeName),
  });
}
