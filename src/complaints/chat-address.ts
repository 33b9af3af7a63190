/**
 * Where a complainant or an officer is reached: chat references sealed for storage (a
 * WhatsApp chat id carries the phone number, which is personal data), the keyed hash that
 * finds a chat's tickets, and the chat a bare phone number maps to on the running channel.
 */
import { z } from 'zod';
import type { PiiCipher } from '../applications/pii-crypto';
import { toWhatsAppId } from '../channels/phone-number';
import type { Env } from '../config/env';
import { channelNameSchema, chatKey, type ChatRef } from '../conversation/inbound';

const chatRefSchema = z.object({ channel: channelNameSchema, chatId: z.string().min(1) });

export function sealChat(cipher: PiiCipher, chat: ChatRef): string {
  return cipher.encrypt(JSON.stringify({ channel: chat.channel, chatId: chat.chatId }));
}

export function openChat(cipher: PiiCipher, sealed: string): ChatRef {
  return chatRefSchema.parse(JSON.parse(cipher.decrypt(sealed)));
}

export const chatHash = (cipher: PiiCipher, chat: ChatRef): string => cipher.hash(chatKey(chat));

/**
 * A phone number's chat on the channel this process runs: WhatsApp in production, the
 * simulator (chat id = digits) in demos and tests; null when neither is enabled.
 */
export function chatForPhone(env: Pick<Env, 'WHATSAPP_ENABLED' | 'SIMULATOR_ENABLED'>, e164: string): ChatRef | null {
  if (env.WHATSAPP_ENABLED) return { channel: 'whatsapp', chatId: toWhatsAppId(e164) };
  if (env.SIMULATOR_ENABLED) return { channel: 'simulator', chatId: e164.replace(/^\+/, '') };
  return null;
}
