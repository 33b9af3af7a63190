/**
 * Where a complainant or an officer is reached: chat references sealed for storage (a
 * WhatsApp chat id carries the phone number, which is personal data), the keyed hash that
 * finds a chat's tickets (a bare phone number's chat is src/channels/phone-chat.ts).
 */
import { z } from 'zod';
import type { PiiCipher } from '../applications/pii-crypto';
import { channelNameSchema, chatKey, type ChatRef } from '../conversation/inbound';

const chatRefSchema = z.object({ channel: channelNameSchema, chatId: z.string().min(1) });

export function sealChat(cipher: PiiCipher, chat: ChatRef): string {
  return cipher.encrypt(JSON.stringify({ channel: chat.channel, chatId: chat.chatId }));
}

export function openChat(cipher: PiiCipher, sealed: string): ChatRef {
  return chatRefSchema.parse(JSON.parse(cipher.decrypt(sealed)));
}

export const chatHash = (cipher: PiiCipher, chat: ChatRef): string => cipher.hash(chatKey(chat));

