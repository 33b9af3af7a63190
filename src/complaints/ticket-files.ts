/**
 * A complaint's files, by the one rule the ticket page and the API both follow. The ticket names
 * its files by id (TicketDoc.fileIds, and each answer's fileIds): the files kept while the
 * complaint was written and those its answers came with, read from its own chat only.
 *
 * A confidential complaint's files may show who the complainant is (a KTP, a face, a name on a
 * letter): only the roles that may reveal a confidential complainant (IDENTITY_ROLES: supervisor,
 * admin) open them; the others learn how many there are, of which kind.
 *
 * Tickets filed before the ids were kept name none. No migration links them, on purpose: the form
 * recorded only a count, and that count included files the service never stored (the very
 * defect), so the chat's files cannot be matched to it safely. Time cannot bound it either: a
 * draft outlives the session timeout and trips to the menu, so the files of a form may be hours
 * older than its filing while a photo sent to the bot in between is not one of them. The marks the
 * old count heuristic wrote (attachments.ticket) are such guesses and are not trusted. Those
 * tickets say how many files their form counted and that they are in the applicant's chat, which
 * keeps them with the same access rules and retention as the text.
 */
import type { AttachmentInfo, AttachmentStore } from '../attachments';
import type { PiiCipher } from '../applications/pii-crypto';
import { chatKey } from '../conversation/inbound';
import type { Actor } from '../http/api-auth';
import { openChat } from './chat-address';
import type { TicketDoc } from './ticket';
import { mayRevealIdentity } from './ticket-view';

export type TicketFileStore = Pick<AttachmentStore, 'byIds' | 'open'>;

type FilesOfTicket = Pick<TicketDoc, 'attachments' | 'replies' | 'fileIds' | 'filedFrom' | 'chatSealed' | 'confidential'>;

export interface TicketFiles {
  /** Filed from a chat: its files were kept by the service (else staff typed a count of papers). */
  fromChat: boolean;
  /** The ticket's own files still kept, oldest first. */
  files: AttachmentInfo[];
  /** Named by the ticket, no longer kept (the chat history's 365 days passed, or an erasure). */
  gone: number;
  /** Counted by a form (or an answer) recorded before tickets named their files: in the chat only. */
  inChat: number;
  mayOpen: boolean;
}

export const mayOpenTicketFiles = (ticket: Pick<TicketDoc, 'confidential'>, viewer: Actor): boolean => !ticket.confidential || mayRevealIdentity(viewer);

/** The chat a ticket was filed from (its key, as the stores name it); null when it has none (any more). */
export const chatOf = (cipher: PiiCipher, ticket: Pick<TicketDoc, 'chatSealed'>): string | null => (ticket.chatSealed ? chatKey(openChat(cipher, ticket.chatSealed)) : null);

/** Every id the ticket names: the complaint's, then each answer's. */
export const fileIdsOfTicket = (t: FilesOfTicket): string[] => [...new Set([...(t.fileIds ?? []), ...t.replies.flatMap((r) => r.fileIds ?? [])])];

/** Files counted by parts recorded before ids were kept (the complaint itself, or an answer). */
const countedWithoutIds = (t: FilesOfTicket): number => (t.fileIds ? 0 : t.attachments) + t.replies.reduce((n, r) => n + (r.fileIds ? 0 : r.attachments), 0);

export async function ticketFiles(store: TicketFileStore | undefined, cipher: PiiCipher, ticket: FilesOfTicket, viewer: Actor): Promise<TicketFiles> {
  const fromChat = Boolean(ticket.filedFrom);
  const mayOpen = mayOpenTicketFiles(ticket, viewer);
  if (!fromChat) return { fromChat, files: [], gone: 0, inChat: 0, mayOpen };
  const ids = fileIdsOfTicket(ticket);
  const chat = chatOf(cipher, ticket);
  const files = chat && store && ids.length ? await store.byIds(chat, ids) : [];
  return { fromChat, files, gone: ids.length - files.length, inChat: countedWithoutIds(ticket), mayOpen };
}

/** One of the ticket's own files and how to read it; null when the ticket does not name it (or it is no longer kept). */
export async function openTicketFile(store: TicketFileStore | undefined, cipher: PiiCipher, ticket: FilesOfTicket, id: string) {
  if (!fileIdsOfTicket(ticket).includes(id)) return null;
  const chat = chatOf(cipher, ticket);
  return chat && store ? store.open(chat, id) : null;
}

/** Where the API serves one of a ticket's files (under the same rule as the page: routes.ts). */
export const apiFileUrl = (number: string, id: string) => `/api/v1/tickets/${number}/files/${id}`;

/**
 * A ticket's files in the API's ticket JSON: never the bytes, and for a viewer who may not open
 * them (a confidential complaint, below supervisor) only their kinds, as the page shows.
 */
export function ticketFilesJson(tf: TicketFiles, number: string) {
  return {
    mayOpen: tf.mayOpen,
    items: tf.files.map((f) => (tf.mayOpen ? { id: f.id, kind: f.kind, mimeType: f.mimeType, size: f.size, url: apiFileUrl(number, f.id) } : { kind: f.kind })),
    gone: tf.gone,
    /** Counted before tickets named their files: they are in the applicant's chat only (see the header). */
    inChat: tf.inChat,
  };
}
