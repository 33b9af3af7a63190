/**
 * The link from a ticket to the chat it came from, for a viewer who works the inbox: the chat
 * shows the complainant's later messages and WhatsApp name, so a confidential complaint links
 * it only for the roles that may reveal its complainant (as its files, ticket-files.ts). Only a
 * chat the desk has handled (a handoff exists) has a page to open.
 */
import type { PiiCipher } from '../../applications/pii-crypto';
import type { TicketDoc } from '../../complaints/ticket';
import type { Handoffs } from '../../handoff/handoff-service';
import type { Actor } from '../../http/api-auth';
import { chatHref } from '../inbox/inbox-views';
import { canOpen } from '../nav';
import { chatOf, mayOpenTicketFiles } from '../../complaints/ticket-files';

export type TicketChats = Pick<Handoffs, 'latest' | 'refOf'>;

export async function ticketChatHref(handoffs: TicketChats | undefined, cipher: PiiCipher, ticket: TicketDoc, viewer: Actor): Promise<string | null> {
  const key = chatOf(cipher, ticket);
  if (!handoffs || !key || !canOpen(viewer, 'inbox') || !mayOpenTicketFiles(ticket, viewer)) return null;
  return (await handoffs.latest(key)) ? chatHref(handoffs.refOf(key)) : null;
}
