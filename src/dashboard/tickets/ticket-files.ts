/**
 * A complaint's files on its ticket page: the photos, voice notes and PDFs the complainant sent
 * with the complaint (and with their answers to the office), which the ticket took from its chat
 * when it was filed (src/complaints ComplaintFiles, src/attachments). A confidential complaint's
 * files may show who the complainant is (a KTP, a face, a name on a letter): only the roles that
 * may reveal a confidential complainant (IDENTITY_ROLES: supervisor, admin) open them, and the
 * others see how many there are, of which kind, no name. Every opening is audited by the route.
 * A file the ticket counts that is no longer kept (the chat history's 365 days passed, or the
 * person's data was erased) is counted as gone, so the page says so instead of hiding it.
 */
import type { AttachmentInfo, AttachmentStore } from '../../attachments';
import type { PiiCipher } from '../../applications/pii-crypto';
import { openChat } from '../../complaints/chat-address';
import { filesCounted } from '../../complaints/complainant-service';
import type { TicketDoc } from '../../complaints/ticket';
import { mayRevealIdentity } from '../../complaints/ticket-view';
import { chatKey } from '../../conversation/inbound';
import type { Actor } from '../../http/api-auth';

export type TicketFileStore = Pick<AttachmentStore, 'forTicket' | 'open'>;

export interface TicketFiles {
  /** Filed from a chat: its files were kept by the service (else staff typed a count of papers). */
  fromChat: boolean;
  files: AttachmentInfo[];
  /** Counted on the ticket, no longer kept. */
  gone: number;
  mayOpen: boolean;
}

export const mayOpenTicketFiles = (ticket: Pick<TicketDoc, 'confidential'>, viewer: Actor): boolean => !ticket.confidential || mayRevealIdentity(viewer);

/** The chat a ticket was filed from (its key, as the stores name it); null when it has none (any more). */
export const chatOf = (cipher: PiiCipher, ticket: TicketDoc): string | null => (ticket.chatSealed ? chatKey(openChat(cipher, ticket.chatSealed)) : null);

export async function ticketFiles(store: TicketFileStore | undefined, cipher: PiiCipher, ticket: TicketDoc, viewer: Actor): Promise<TicketFiles> {
  const counted = filesCounted(ticket);
  const fromChat = Boolean(ticket.filedFrom);
  const chat = chatOf(cipher, ticket);
  const files = fromChat && chat && store && counted > 0 ? await store.forTicket(chat, ticket.number) : [];
  return { fromChat, files, gone: fromChat ? Math.max(0, counted - files.length) : 0, mayOpen: mayOpenTicketFiles(ticket, viewer) };
}

/** One of the ticket's own files and how to read it; null when it is not (or no longer) the ticket's. */
export async function openTicketFile(store: TicketFileStore | undefined, cipher: PiiCipher, ticket: TicketDoc, id: string) {
  const chat = chatOf(cipher, ticket);
  const found = chat && store ? await store.open(chat, id) : null;
  return found?.info.ticket === ticket.number ? found : null;
}
