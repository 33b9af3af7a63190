/**
 * The chat a bare phone number maps to on the channel this process runs: WhatsApp when it is
 * on; the simulator (chat id = digits) only in a demo or test without WhatsApp (production
 * refuses the simulator, so a real applicant is never routed to it); null when neither runs.
 */
import type { Env } from '../config/env';
import type { ChatRef } from '../conversation/inbound';
import { toWhatsAppId } from './phone-number';

export function chatForPhone(env: Pick<Env, 'WHATSAPP_ENABLED' | 'SIMULATOR_ENABLED'>, e164: string): ChatRef | null {
  if (env.WHATSAPP_ENABLED) return { channel: 'whatsapp', chatId: toWhatsAppId(e164) };
  if (env.SIMULATOR_ENABLED) return { channel: 'simulator', chatId: e164.replace(/^\+/, '') };
  return null;
}
