/**
 * Which chat reaches a bare phone number: the channel port owns the answer (ChannelRegistry's
 * chatForPhone: WhatsApp when it runs, the simulator only in a demo or test without WhatsApp —
 * production refuses the simulator — null when neither runs). Each channel may say its own chat
 * id for a number (the Cloud API: the bare wa_id `628…`); this file holds the defaults for the
 * ones that do not (whatsapp-web.js: `628…@c.us`; the simulator: the digits). Features call
 * chatForPhone with the port they were given and never read transport settings.
 */
import type { ChannelName, ChatRef } from '../conversation/inbound';
import type { PhoneChats } from './port';
import { toWhatsAppId } from './phone-number';

export function chatForPhone(chats: PhoneChats, e164: string): ChatRef | null {
  return chats.chatForPhone(e164);
}

/** The chat id of a number on a channel that does not name its own. */
export function defaultChatIdForPhone(channel: ChannelName, e164: string): string {
  return channel === 'whatsapp' ? toWhatsAppId(e164) : e164.replace(/^\+/, '');
}
