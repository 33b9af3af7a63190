/**
 * Maps a whatsapp-web.js message to the engine's inbound shape at once, or says why it is
 * ignored: only one-to-one chats with a person reach the engine, and WhatsApp's own system
 * events (calls, revokes, encryption notices, group changes) are not messages anyone wrote.
 */
import { z } from 'zod';
import type { InboundMessageInput, MessageType } from '../../conversation/inbound';
import { chatKindOf, type ChatDirectory } from './chat-ids';
import type { WaMessage, WaMessageType } from './client-port';
import { declaredMedia } from './media';

export type IgnoreReason = 'group' | 'broadcast' | 'status' | 'newsletter' | 'unknown_chat' | 'system' | 'self' | 'no_id';

export type MappedMessage =
  | { kind: 'message'; input: InboundMessageInput & { chatId: string } }
  | { kind: 'ignored'; reason: IgnoreReason };

/** Every library message type, so an upgrade that adds one fails to compile until it is placed. */
const TYPES: Record<WaMessageType, MessageType | 'system'> = {
  chat: 'text',
  buttons_response: 'text',
  list_response: 'text',
  template_button_reply: 'text',
  image: 'image',
  album: 'image',
  video: 'video',
  audio: 'audio',
  ptt: 'voice',
  sticker: 'sticker',
  document: 'document',
  location: 'location',
  vcard: 'contact',
  multi_vcard: 'contact',
  order: 'other',
  product: 'other',
  payment: 'other',
  poll_creation: 'other',
  scheduled_event_creation: 'other',
  groups_v4_invite: 'other',
  list: 'other',
  hsm: 'other',
  interactive: 'other',
  native_flow: 'other',
  oversized: 'other',
  unknown: 'other',
  revoked: 'system',
  call_log: 'system',
  ciphertext: 'system',
  e2e_notification: 'system',
  gp2: 'system',
  group_notification: 'system',
  notification: 'system',
  notification_template: 'system',
  protocol: 'system',
  reaction: 'system',
  broadcast_notification: 'system',
  debug: 'system',
};

const MAX_TEXT = 65_536;
const rawDataSchema = z.object({ notifyName: z.string().optional() }).passthrough();

export interface MapContext {
  directory: ChatDirectory;
  now: () => Date;
}

/** A message someone sent to the office (the library's `message` event). */
export function mapIncoming(msg: WaMessage, ctx: MapContext): Promise<MappedMessage> {
  return map(msg, msg.from, false, ctx);
}

/** A message the office's own account sent (`message_create` with fromMe), e.g. typed on the phone. */
export function mapOwn(msg: WaMessage, ctx: MapContext): Promise<MappedMessage> {
  if (msg.from === msg.to) return Promise.resolve({ kind: 'ignored', reason: 'self' });
  return map(msg, msg.to, true, ctx);
}

async function map(msg: WaMessage, rawChatId: string, fromMe: boolean, ctx: MapContext): Promise<MappedMessage> {
  const kind = msg.isStatus ? 'status' : msg.broadcast ? 'broadcast' : chatKindOf(rawChatId);
  if (kind === null) return { kind: 'ignored', reason: 'unknown_chat' };
  if (kind !== 'direct') return { kind: 'ignored', reason: kind };
  const type = TYPES[msg.type] ?? 'other';
  if (type === 'system') return { kind: 'ignored', reason: 'system' };
  const messageId = messageIdOf(msg.id);
  if (!messageId) return { kind: 'ignored', reason: 'no_id' };

  const phone = await ctx.directory.phoneOf(rawChatId);
  let chatId = rawChatId;
  if (fromMe) chatId = ctx.directory.conversationFor(phone, rawChatId);
  else ctx.directory.noteConversation(phone, rawChatId);

  const senderName = fromMe ? undefined : rawDataSchema.safeParse(msg.rawData).data?.notifyName?.slice(0, 200) || undefined;
  // A file is referred to by the message's own id: the transport downloads it through the live message (media.ts).
  const declared = msg.hasMedia && !fromMe ? declaredMedia(msg) : null;
  return {
    kind: 'message',
    input: {
      channel: 'whatsapp',
      messageId,
      chatId,
      phone,
      chatKind: 'direct',
      fromMe,
      type,
      text: textOf(msg, type).slice(0, MAX_TEXT),
      receivedAt: receivedAt(msg, ctx.now),
      ...(senderName ? { senderName } : {}),
      ...(declared ? { media: { id: messageId, ...(declared.mimetype ? { mimeType: declared.mimetype.slice(0, 200) } : {}), ...(declared.filename ? { filename: declared.filename.slice(0, 255) } : {}) } } : {}),
    },
  };
}

/**
 * The message's id. whatsapp-web.js builds `_serialized` as fromMe_remote_id, but against current
 * WhatsApp Web builds (the MsgKey rename) it comes back undefined: rebuilt from the same parts,
 * so the id stays the one the library would have given and redeliveries still match.
 */
export function messageIdOf(id: WaMessage['id'] | undefined): string | null {
  if (!id) return null;
  if (id._serialized) return id._serialized;
  const remote: unknown = id.remote;
  const chat = typeof remote === 'string' ? remote : (remote as { _serialized?: string } | undefined)?._serialized;
  return id.id && chat ? `${id.fromMe}_${chat}_${id.id}` : null;
}

function textOf(msg: WaMessage, type: MessageType): string {
  switch (type) {
    // A location's body is a base64 thumbnail, not words.
    case 'location': {
      const loc = msg.location;
      if (!loc) return '';
      return [loc.name, loc.address].filter(Boolean).join(', ') || `${loc.latitude},${loc.longitude}`;
    }
    // A contact card holds someone else's number: not ours to store.
    case 'contact':
      return '';
    default:
      // For media the library puts the caption in body.
      return msg.body ?? '';
  }
}

function receivedAt(msg: WaMessage, now: () => Date): Date {
  const seconds = Number(msg.timestamp);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : now();
}
