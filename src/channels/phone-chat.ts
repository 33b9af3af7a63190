/**
 * The one place that knows which chat reaches a bare phone number on the channel this process
 * runs: WhatsApp when it is on (a `628…@c.us` id through whatsapp-web.js, the bare `628…` wa_id
 * through the Cloud API); the simulator (chat id = digits) only in a demo or test without
 * WhatsApp (production refuses the simulator, so a real applicant is never routed to it); null
 * when neither runs. Features call this and never read the transport settings themselves.
 */
import type { Env } from '../config/env';
import type { ChatRef } from '../conversation/inbound';
import { toCloudChatId } from './cloud/chat-id';
import { toWhatsAppId } from './phone-number';

type ChannelFlags = Pick<Env, 'WHATSAPP_ENABLED' | 'SIMULATOR_ENABLED'> & Partial<Pick<Env, 'WHATSAPP_TRANSPORT'>>;

export function chatForPhone(env: ChannelFlags, e164: string): ChatRef | null {
  if (env.WHATSAPP_ENABLED) return { channel: 'whatsapp', chatId: env.WHATSAPP_TRANSPORT === 'cloud' ? toCloudChatId(e164) : toWhatsAppId(e164) };
  if (env.SIMULATOR_ENABLED) return { channel: 'simulator', chatId: e164.replace(/^\+/, '') };
  return null;
}
