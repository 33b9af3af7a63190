/**
 * A chat's history as the desk may see it. When the chat filed a confidential complaint, the
 * conversation that filed it (the complainant's name, number and complaint text) is left out
 * for everyone, as on the ticket page (complaints/ticket-view.ts): only a supervisor or an
 * admin may reveal a confidential complainant, on the ticket, with a reason written to the
 * audit log. The cut runs up to the bot's confirmation naming the ticket number (or, when that
 * message is not in the log, up to the moment the ticket was filed); what came later shows.
 * When the chat's person has a record restricted at their request (src/privacy), everything the
 * chat said up to the restriction — the filing, the status answers — is left out for everyone
 * but an admin, the only role that may open a restricted record.
 */
import { chatHash } from '../../complaints/chat-address';
import type { LoggedMessage, MessageLog } from '../../conversation/message-log';
import type { TicketDoc } from '../../complaints/ticket';
import { canSeeIdentity } from '../../complaints/ticket-view';
import type { Handoff } from '../../handoff/handoff-store';
import type { Actor } from '../../http/api-auth';
import { mayOpenRestricted } from '../../privacy/restricted-routes';
import { restrictedSince, type ContactDeps } from './contact';

export interface DeskHistory {
  messages: LoggedMessage[];
  /** How many messages were left out, and the confidential tickets they filed. */
  hidden: number;
  tickets: string[];
  /** Whether (also) a restriction hid them. */
  restricted?: boolean;
}

export function deskHistory(messages: LoggedMessage[], tickets: Pick<TicketDoc, 'number' | 'confidential' | 'receivedAt'>[], viewer: Actor, restrictedSince: Date | null = null): DeskHistory {
  const secret = tickets.filter((t) => !canSeeIdentity(t as TicketDoc, viewer));
  let cut = -1; // the last index hidden
  for (const t of secret) {
    const confirmation = messages.findIndex((m) => m.direction === 'out' && m.text.includes(t.number));
    const end = confirmation >= 0 ? confirmation : messages.findLastIndex((m) => m.at.getTime() <= t.receivedAt.getTime());
    cut = Math.max(cut, end);
  }
  const restricted = restrictedSince !== null && !mayOpenRestricted(viewer);
  if (restricted) cut = Math.max(cut, messages.findLastIndex((m) => m.at.getTime() <= restrictedSince.getTime()));
  if (cut < 0) return { messages, hidden: 0, tickets: [] };
  return { messages: messages.slice(cut + 1), hidden: cut + 1, tickets: secret.map((t) => t.number), ...(restricted ? { restricted } : {}) };
}

/**
 * A chat's history as this viewer may see it, read from the log with the tickets it filed and
 * its person's restriction: what the inbox shows, and what the handoff API answers (one cut).
 */
export async function shownHistory(
  deps: { messageLog: Pick<MessageLog, 'history'>; contact: Pick<ContactDeps, 'cipher' | 'applications' | 'tickets'> },
  h: Pick<Handoff, 'chatKey' | 'channel' | 'chatId' | 'phone'>,
  viewer: Actor,
): Promise<DeskHistory> {
  const { cipher, tickets } = deps.contact;
  const [messages, filed, since] = await Promise.all([
    deps.messageLog.history(h.chatKey),
    tickets ? tickets.forComplainant({ chatHash: chatHash(cipher, { channel: h.channel, chatId: h.chatId }), phoneHash: h.phone ? cipher.hash(h.phone) : null }) : Promise.resolve([]),
    restrictedSince(deps.contact, h),
  ]);
  return deskHistory(messages, filed, viewer, since);
}
