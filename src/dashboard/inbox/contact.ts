/**
 * The contact beside a chat: who the person is as far as the office knows (the number masked,
 * the names on their applications), their applications with status, their tickets (only those
 * this viewer may see the complainant of), messages that did not reach them, and the staff's
 * private notes. Read from the modules' own queries; nothing here writes.
 */
import type { PiiCipher } from '../../applications/pii-crypto';
import type { RecordsService } from '../../applications/records-service';
import { maskPhone } from '../../applications/sealing';
import { chatHash } from '../../complaints/chat-address';
import type { TicketDoc } from '../../complaints/ticket';
import type { TicketStore } from '../../complaints/ticket-store';
import { canSeeIdentity } from '../../complaints/ticket-view';
import type { Outbox } from '../../conversation/outbox';
import type { ContactNote, ContactNotes } from '../../handoff/contact-notes-store';
import type { Handoff } from '../../handoff/handoff-store';
import type { Resend, UndeliveredStore } from '../../handoff/undelivered-store';
import type { Actor } from '../../http/api-auth';

export type ApplicationSummary = Awaited<ReturnType<RecordsService['forPhones']>> extends Map<string, (infer S)[]> ? S : never;
export type Undelivered = Awaited<ReturnType<Outbox['notDelivered']>>[number];

export interface ContactDeps {
  cipher: PiiCipher;
  notes: ContactNotes;
  outbox: Pick<Outbox, 'notDelivered'>;
  undelivered: UndeliveredStore;
  /** Absent when the applications module is not mounted. */
  applications?: Pick<RecordsService, 'forPhones' | 'restrictedSince'> | null;
  tickets?: Pick<TicketStore, 'forComplainant' | 'forDataSubject'> | null;
}

export interface Contact {
  chatKey: string;
  /** The chat's opaque ref (Handoff.ref), for the panel's forms. */
  ref: string;
  /** "+62813****0001", or null for a chat without a number (WhatsApp @lid). */
  masked: string | null;
  names: string[];
  applications: ApplicationSummary[];
  tickets: TicketDoc[];
  notes: ContactNote[];
  undelivered: Undelivered[];
  resends: Map<string, Resend>;
}

export const maskedNumber = (phone: string | null): string | null => (phone ? maskPhone(phone) : null);

/** The names the office has for each phone (from its applications), for chat lists. */
export async function namesFor(deps: Pick<ContactDeps, 'applications'>, phones: (string | null)[]): Promise<Map<string, string[]>> {
  const distinct = [...new Set(phones.filter((p): p is string => Boolean(p)))];
  if (!deps.applications || distinct.length === 0) return new Map();
  const found = await deps.applications.forPhones(distinct);
  return new Map([...found].map(([phone, apps]) => [phone, [...new Set(apps.map((a) => a.name))]]));
}

/** Who a chat is as far as the office knows: the names on the number's applications, then the WhatsApp profile name. */
export function knownNames(h: Pick<Handoff, 'phone' | 'senderName'>, byPhone: Map<string, string[]>): string[] {
  const fromApplications = (h.phone && byPhone.get(h.phone)) || [];
  return [...new Set([...fromApplications, ...(h.senderName ? [h.senderName] : [])])];
}

/**
 * When the latest restriction of this chat's person was made (a ticket filed from the chat or
 * its number, an application with its number: src/privacy); null when nothing is restricted.
 * What the chat said before it (the filing, the status answers) is theirs to hide.
 */
export async function restrictedSince(deps: Pick<ContactDeps, 'cipher' | 'applications' | 'tickets'>, h: Pick<Handoff, 'channel' | 'chatId' | 'phone'>): Promise<Date | null> {
  const { cipher } = deps;
  const [fromTickets, fromApplications] = await Promise.all([
    deps.tickets
      ? deps.tickets.forDataSubject({ chatHashes: [chatHash(cipher, { channel: h.channel, chatId: h.chatId })], phoneHashes: h.phone ? [cipher.hash(h.phone)] : [] }).then((ts) => ts.map((t) => t.restrictedAt ?? null))
      : Promise.resolve([]),
    h.phone && deps.applications ? deps.applications.restrictedSince([h.phone]) : Promise.resolve(null),
  ]);
  return [...fromTickets, fromApplications].reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);
}

export async function contactOf(deps: ContactDeps, h: Pick<Handoff, 'chatKey' | 'ref' | 'channel' | 'chatId' | 'phone' | 'senderName'>, viewer: Actor): Promise<Contact> {
  const { cipher } = deps;
  const [apps, tickets, notes, undelivered] = await Promise.all([
    h.phone && deps.applications ? deps.applications.forPhones([h.phone]).then((m) => m.get(h.phone!) ?? []) : Promise.resolve([]),
    deps.tickets ? deps.tickets.forComplainant({ chatHash: chatHash(cipher, { channel: h.channel, chatId: h.chatId }), phoneHash: h.phone ? cipher.hash(h.phone) : null }) : Promise.resolve([]),
    deps.notes.forChat(h.chatKey),
    deps.outbox.notDelivered(h.chatKey),
  ]);
  return {
    chatKey: h.chatKey,
    ref: h.ref,
    masked: maskedNumber(h.phone),
    names: knownNames(h, new Map(h.phone ? [[h.phone, apps.map((a) => a.name)]] : [])),
    applications: apps,
    // A confidential complaint must not tell the desk who made it.
    tickets: tickets.filter((t) => canSeeIdentity(t, viewer)),
    notes,
    undelivered,
    resends: await deps.undelivered.resendsOf(undelivered.filter((u) => u.status === 'failed').map((u) => String(u._id))),
  };
}
