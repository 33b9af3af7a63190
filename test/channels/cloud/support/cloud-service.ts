/**
 * The real service with WHATSAPP_TRANSPORT=cloud against the fake Graph API, plus helpers to
 * post signed webhooks the way Meta does.
 */
import { signBody } from '../../../../src/channels/cloud';
import type { EmbeddedMongo } from '../../../../src/db/embedded';
import { startTestService, type TestService } from '../../../support/service';
import { PHONE_NUMBER_ID, startFakeGraph, type FakeGraph } from './fake-graph';

export const APP_SECRET = '0123456789abcdef0123456789abcdef';
export const VERIFY_TOKEN = 'verify-token-for-tests-7f3a9c';
export const ACCESS_TOKEN = 'EAAGtest-access-token-0123456789';
export const USER = '6281234567890';

export interface CloudTestService extends TestService {
  graph: FakeGraph;
  /** POSTs a webhook body; signed with the app secret unless `signature` says otherwise. */
  webhook(body: unknown, options?: { signature?: string | null; raw?: string }): Promise<Response>;
  /** Waits until everything received has been handled and every reply sent. */
  settle(chatId?: string): Promise<void>;
}

export interface CloudServiceOptions {
  now?: string;
  /** A restart: the same engine and database as an earlier service, and the same fake Graph API (closed by its owner). */
  mongo?: EmbeddedMongo;
  databaseName?: string;
  graph?: FakeGraph;
  /** More environment (e.g. the pacing variables). */
  env?: Record<string, string>;
}

export async function startCloudService(options: CloudServiceOptions = {}): Promise<CloudTestService> {
  const graph = options.graph ?? (await startFakeGraph());
  const t = await startTestService({
    now: options.now,
    mongo: options.mongo,
    databaseName: options.databaseName,
    env: {
      SIMULATOR_ENABLED: 'false',
      WHATSAPP_ENABLED: 'true',
      WHATSAPP_TRANSPORT: 'cloud',
      WHATSAPP_CLOUD_APP_SECRET: APP_SECRET,
      WHATSAPP_CLOUD_VERIFY_TOKEN: VERIFY_TOKEN,
      WHATSAPP_CLOUD_ACCESS_TOKEN: ACCESS_TOKEN,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      WHATSAPP_CLOUD_API_BASE: graph.base,
      ...options.env,
    },
  });
  const closeService = t.close.bind(t);
  return Object.assign(t, {
    graph,
    async webhook(body: unknown, o: { signature?: string | null; raw?: string } = {}) {
      const raw = o.raw ?? JSON.stringify(body);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const signature = o.signature === undefined ? signBody(raw, APP_SECRET) : o.signature;
      if (signature !== null) headers['x-hub-signature-256'] = signature;
      return fetch(`${t.baseUrl}/webhooks/whatsapp`, { method: 'POST', headers, body: raw });
    },
    async settle(chatId = USER) {
      await t.service.cloud!.idle();
      await t.service.engine.settle(`whatsapp:${chatId}`);
      await t.service.outbox.idle();
    },
    async close() {
      await closeService();
      if (!options.graph) await graph.close();
    },
  });
}

let seq = 0;
const unixSeconds = (at?: Date) => String(Math.floor((at ?? new Date()).getTime() / 1000));

/** Meta's webhook envelope around one `messages` change for our phone number. */
function webhookOf(value: Record<string, unknown>, phoneNumberId = PHONE_NUMBER_ID) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '6251100000', phone_number_id: phoneNumberId }, ...value } }],
      },
    ],
  };
}

/** A `messages` webhook with one inbound message from USER (type-specific fields in `content`). */
export function inbound(content: Record<string, unknown>, options: { id?: string; from?: string; at?: Date; phoneNumberId?: string } = {}) {
  const from = options.from ?? USER;
  return webhookOf(
    {
      contacts: [{ profile: { name: 'Siti Aminah' }, wa_id: from }],
      messages: [{ from, id: options.id ?? `wamid.IN${++seq}-${Date.now()}`, timestamp: unixSeconds(options.at), ...content }],
    },
    options.phoneNumberId,
  );
}

export const text = (body: string) => ({ type: 'text', text: { body } });

/** A status report webhook for a message we sent. */
export function statusReport(wamid: string, status: string, options: { at?: Date; outboxId?: string; error?: { code: number; title: string }; recipient?: string } = {}) {
  return webhookOf({
    statuses: [
      {
        id: wamid,
        status,
        timestamp: unixSeconds(options.at),
        recipient_id: options.recipient ?? USER,
        ...(options.outboxId ? { biz_opaque_callback_data: options.outboxId } : {}),
        ...(options.error ? { errors: [{ ...options.error, message: options.error.title, error_data: { details: options.error.title } }] } : {}),
      },
    ],
  });
}
