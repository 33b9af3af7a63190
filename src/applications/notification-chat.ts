/**
 * Where a notification to an applicant's phone goes: the WhatsApp chat when WhatsApp is on,
 * otherwise the simulator chat named by the number's digits (what the simulator uses as its
 * chat id), so a demo or a test sees notifications where the person would.
 */
import type { Env } from '../config/env';
import type { ChatRef } from '../conversation/inbound';
import { toWhatsAppId } from '../channels/phone-number';

export function notificationChat(env: Pick<Env, 'WHATSAPP_ENABLED'>, e164: string): ChatRef {
  if (env.WHATSAPP_ENABLED) return { channel: 'whatsapp', chatId: toWhatsAppId(e164) };
  return { channel: 'simulator', chatId: e164.replace(/^\+/, '') };
}
