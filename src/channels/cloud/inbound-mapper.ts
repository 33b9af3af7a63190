/**
 * Cloud API webhook objects → the engine's inbound message and the outbox's delivery reports.
 * Interactive replies become the text the flows understand: a reply id we gave as `t:<text>`
 * (e.g. `t:2` for a menu row, `t:ya`) maps to that text, any other to the title the person saw.
 * Media arrive by id only and map to their type with the caption as text and the reference in
 * `media` (the router answers politely unless the current flow accepts attachments; the
 * transport's fetchMedia downloads it). A location keeps its name and address,
 * a contact card nothing (someone else's number is not ours to store), as in the whatsapp-web.js
 * adapter.
 */
import type { InboundMessageInput, MessageType } from '../../conversation/inbound';
import type { DeliveryReport } from '../port';
import { phoneOfWaId } from './chat-id';
import { describeCloudError } from './error-reasons';
import type { CloudMessage, CloudStatus } from './webhook-schema';

const MAX_TEXT = 65_536;
const MEDIA: Record<string, MessageType> = { image: 'image', video: 'video', document: 'document', sticker: 'sticker' };
const OUR_REPLY_ID = /^t:(.{1,200})$/s;
/** Not something the person said to the bot: a reaction to a message, a number change notice. */
const NOT_A_MESSAGE = new Set(['reaction', 'system', 'request_welcome', 'ephemeral']);

/** The engine's inbound message, or null for events that are not messages (reactions, system notices). */
export function toInbound(msg: CloudMessage, senderName: string | undefined): InboundMessageInput | null {
  if (NOT_A_MESSAGE.has(msg.type)) return null;
  const { type, text } = contentOf(msg);
  const media = msg.image ?? msg.video ?? msg.audio ?? msg.document ?? msg.sticker;
  return {
    channel: 'whatsapp',
    messageId: msg.id,
    chatId: msg.from,
    phone: phoneOfWaId(msg.from),
    chatKind: 'direct',
    fromMe: false,
    type,
    text: text.slice(0, MAX_TEXT),
    receivedAt: new Date(msg.timestamp * 1000),
    ...(senderName ? { senderName: senderName.slice(0, 200) } : {}),
    ...(media ? { media: { id: media.id, ...(media.mime_type ? { mimeType: media.mime_type } : {}), ...(media.filename ? { filename: media.filename.slice(0, 255) } : {}) } } : {}),
  };
}

function contentOf(msg: CloudMessage): { type: MessageType; text: string } {
  switch (msg.type) {
    case 'text':
      return { type: 'text', text: msg.text?.body ?? '' };
    case 'interactive': {
      const reply = msg.interactive?.button_reply ?? msg.interactive?.list_reply;
      if (!reply) return { type: 'other', text: '' };
      return { type: 'text', text: OUR_REPLY_ID.exec(reply.id)?.[1] ?? reply.title };
    }
    case 'button':
      return { type: 'text', text: msg.button?.text ?? '' };
    case 'location': {
      const loc = msg.location;
      if (!loc) return { type: 'location', text: '' };
      return { type: 'location', text: [loc.name, loc.address].filter(Boolean).join(', ') || `${loc.latitude},${loc.longitude}` };
    }
    case 'contacts':
      return { type: 'contact', text: '' };
    case 'audio':
      return { type: msg.audio?.voice ? 'voice' : 'audio', text: '' };
    default: {
      const mediaType = MEDIA[msg.type];
      if (mediaType) return { type: mediaType, text: msg[msg.type as 'image']?.caption ?? '' };
      return { type: 'other', text: '' };
    }
  }
}

const REPORTED = new Set(['sent', 'delivered', 'read', 'failed']);

/** A status report for the outbox; a failure carries Meta's code and, for the codes staff meet, what it means in Indonesian. */
export function toDeliveryReport(status: CloudStatus): DeliveryReport | null {
  if (!REPORTED.has(status.status)) return null; // e.g. `deleted`, `warning`
  const error = status.errors?.[0];
  return {
    channel: 'whatsapp',
    providerMessageId: status.id,
    ...(status.biz_opaque_callback_data ? { outboxId: status.biz_opaque_callback_data } : {}),
    status: status.status as DeliveryReport['status'],
    at: new Date(status.timestamp * 1000),
    ...(status.status === 'failed' ? { error: { code: String(error?.code ?? 'unknown'), reason: describeCloudError(error?.code, error?.error_data?.details ?? error?.title ?? error?.message ?? 'unknown') } } : {}),
  };
}
