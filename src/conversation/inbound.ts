/**
 * The inbound message: what every channel adapter hands to the engine, validated by zod.
 * Adapters map their library's objects to this shape at once; nothing downstream sees them.
 */
import { logId } from '../logging/logger';
import { z } from 'zod';

export const CHANNEL_NAMES = ['whatsapp', 'simulator'] as const;
export const channelNameSchema = z.enum(CHANNEL_NAMES);
export type ChannelName = z.infer<typeof channelNameSchema>;

export const MESSAGE_TYPES = [
  'text', 'image', 'video', 'audio', 'voice', 'sticker', 'document', 'location', 'contact', 'other',
] as const;
export const messageTypeSchema = z.enum(MESSAGE_TYPES);
export type MessageType = z.infer<typeof messageTypeSchema>;

export const CHAT_KINDS = ['direct', 'group', 'broadcast', 'status', 'newsletter'] as const;

export const inboundMessageSchema = z.object({
  channel: channelNameSchema,
  /** The channel's own message id: the dedupe key. */
  messageId: z.string().min(1).max(200),
  /** The channel's chat id (e.g. 628…@c.us, …@lid, or simulator digits). */
  chatId: z.string().min(1).max(200),
  /** The sender's phone in E.164 when the channel knows it; null for opaque ids. */
  phone: z.string().regex(/^\+\d{8,15}$/).nullable(),
  chatKind: z.enum(CHAT_KINDS).default('direct'),
  /** Sent by the office's own account (typed on the office phone). */
  fromMe: z.boolean().default(false),
  type: messageTypeSchema.default('text'),
  /** Text or caption; WhatsApp allows 65,536 characters, anything longer is cut. */
  text: z.string().max(65_536).default(''),
  receivedAt: z.date(),
  senderName: z.string().max(200).optional(),
  /** A photo, document or voice note by the channel's reference: fetched through the channel's fetchMedia when a flow keeps it. */
  media: z.object({ id: z.string().min(1).max(200), mimeType: z.string().max(200).optional(), filename: z.string().max(255).optional() }).optional(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;
export type InboundMessageInput = z.input<typeof inboundMessageSchema>;

/** A chat is addressed by channel and the channel's chat id. */
export interface ChatRef {
  channel: ChannelName;
  chatId: string;
}

export const chatKey = (chat: ChatRef): string => `${chat.channel}:${chat.chatId}`;

/** How log lines name a chat: a short hash of its key, never the phone number inside it. */
export const chatLogId = (key: string): string => logId(key);
