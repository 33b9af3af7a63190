/**
 * WhatsApp chat ids as the transport sees them: which kind of chat an id names, the phone
 * number behind it (from `@c.us` directly, from `@lid` only through the library's own
 * LID↔phone mapping, never from the LID's digits), and the conversation a contact is in.
 */
import { logId } from '../../logging/logger';
import type { InboundMessage } from '../../conversation/inbound';
import { toE164 } from '../phone-number';

export type ChatKind = InboundMessage['chatKind'];

/** The kind of chat an id names; null for ids that are no chat with a person (e.g. calls, unknown servers). */
export function chatKindOf(id: string): ChatKind | null {
  if (id === 'status@broadcast') return 'status';
  if (id.endsWith('@broadcast')) return 'broadcast';
  if (id.endsWith('@g.us')) return 'group';
  if (id.endsWith('@newsletter')) return 'newsletter';
  if (/^\d+@(c\.us|lid)$/.test(id)) return 'direct';
  return null;
}

/** '6281234567890@c.us' → '6281234567890' (what getNumberId expects); null for LIDs and others. */
export function phoneDigitsOf(chatId: string): string | null {
  const m = /^(\d+)@c\.us$/.exec(chatId);
  return m ? m[1] : null;
}

/** Log lines name a chat by a short hash, never by its number or LID. */
export const hashId = logId;

export type LidLookup = (lids: string[]) => Promise<{ lid?: string; pn?: string }[]>;

/**
 * Remembers LID → phone answers (the lookup is a browser round-trip) and, per phone, the chat
 * id the person's conversation runs under, so a reply typed on the office phone to their
 * `@c.us` id reaches a conversation that arrived as `@lid` (and the other way round).
 */
export class ChatDirectory {
  private readonly phones = new Map<string, string | null>();
  private readonly conversations = new Map<string, string>();

  constructor(
    private readonly lookup: LidLookup,
    private readonly maxEntries = 20_000,
  ) {}

  /** E.164 when known; null when WhatsApp keeps the number hidden (it does, by design, for many LIDs). */
  async phoneOf(chatId: string): Promise<string | null> {
    if (!chatId.endsWith('@lid')) return toE164(chatId);
    if (this.phones.has(chatId)) return this.phones.get(chatId) ?? null;
    let phone: string | null = null;
    try {
      const [answer] = await this.lookup([chatId]);
      phone = answer?.pn ? toE164(answer.pn) : null;
    } catch {
      return null; // a failed browser call is not an answer: ask again next time
    }
    this.remember(this.phones, chatId, phone);
    return phone;
  }

  /** A person wrote from this chat id: their conversation now runs under it. */
  noteConversation(phone: string | null, chatId: string): void {
    if (phone) this.remember(this.conversations, phone, chatId);
  }

  /** The chat id the person's conversation runs under, or the given one if we know no other. */
  conversationFor(phone: string | null, chatId: string): string {
    return (phone && this.conversations.get(phone)) || chatId;
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > this.maxEntries) map.delete(map.keys().next().value as string);
  }
}
