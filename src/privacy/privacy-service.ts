/**
 * The use cases of a data-subject request (UU 27/2022): find everything the service holds about
 * a NIK or a phone number, give the person a copy, correct an application, erase the chat
 * records, restrict (or lift the restriction of) applications and tickets. Every step needs the
 * admin's reason and is written to the audit log under the person's pseudonym; record changes
 * are also written under the record. Records are found only through keyed hashes — the NIK's,
 * the phone's, the chat key's — never by reading stored text. Each collection is read and
 * changed through the store that owns it, so caches (sessions, the engine's handoff gate) stay
 * true to the database.
 */
import type { Application } from '../applications/application-types';
import type { ApplicationRepository, ApplicationChanges } from '../applications/application-repository';
import type { NotificationPreferenceStore, PreferenceDoc } from '../applications/notification-preferences';
import type { PiiCipher } from '../applications/pii-crypto';
import { seal } from '../applications/sealing';
import type { AttachmentInfo, AttachmentStore } from '../attachments';
import type { Clock } from '../calendar/clock';
import type { PhoneChats } from '../channels/port';
import { toE164 } from '../channels/phone-number';
import { openChat } from '../complaints/chat-address';
import type { TicketDoc } from '../complaints/ticket';
import type { TicketStore } from '../complaints/ticket-store';
import { chatKey, type ChannelName, type ChatRef } from '../conversation/inbound';
import type { LoggedMessage, MessageLog } from '../conversation/message-log';
import type { Outbox, OutboxEntry } from '../conversation/outbox';
import type { Session, SessionStore } from '../conversation/session-store';
import type { ContactNote, ContactNotes } from '../handoff/contact-notes-store';
import type { Handoffs } from '../handoff/handoff-service';
import type { Handoff } from '../handoff/handoff-store';
import type { UndeliveredStore } from '../handoff/undelivered-store';
import { AppError } from '../http/errors';
import type { AuditEntry, AuditLog } from '../staff/audit-log';
import type { Correction } from './privacy-schemas';
import { isOverdue, type DataSubjectRequest, type RequestChannel, type RequestKind, type RequestOutcome, type RequestRegister } from './request-store';
import { chatKeysForPhone, subjectLabel, subjectTarget, type Subject } from './subject';

export interface PrivacyDeps {
  cipher: PiiCipher;
  audit: AuditLog;
  clock: Clock;
  /** Which chat reaches a phone number on the channel that runs now. */
  chats: PhoneChats;
  applications: Pick<ApplicationRepository, 'forDataSubject' | 'update' | 'setRestricted'>;
  tickets: Pick<TicketStore, 'forDataSubject' | 'setRestricted'>;
  sessions: Pick<SessionStore, 'get' | 'remove'>;
  messages: Pick<MessageLog, 'rowsOfChat' | 'eraseChat'>;
  outbox: Pick<Outbox, 'entriesOfChat' | 'eraseChat'>;
  handoffs: Pick<Handoffs, 'allOf' | 'eraseChat'>;
  notes: Pick<ContactNotes, 'forChat' | 'eraseChat'>;
  undelivered: Pick<UndeliveredStore, 'lastFailureOf' | 'eraseChat'>;
  /** The files the chats sent (src/attachments): in the copy, erased with the history. */
  files?: Pick<AttachmentStore, 'forChat' | 'open' | 'eraseChat'>;
  preferences: Pick<NotificationPreferenceStore, 'stored' | 'phoneKey' | 'chatKeyOf'>;
  /** Told after tickets were restricted or lifted: the engine forgets what it cached about follow-ups. */
  ticketsChanged?: () => void;
  /** The register of requests received, with their deadlines. */
  register: RequestRegister;
}

export interface Actor {
  id: string;
  name: string;
}

/** What is held for one chat, opened. */
export interface ChatRecords {
  key: string;
  channel: ChannelName;
  /** E.164, when the chat id carries a number (not a WhatsApp @lid). */
  phone: string | null;
  session: Session | null;
  /** The history's own rows (inbound, and outbound from before the outbox kept them); `_id` orders a shared instant. */
  messages: (LoggedMessage & { _id: unknown })[];
  outbox: OutboxEntry[];
  handoffs: Handoff[];
  notes: ContactNote[];
  /** The files the chat sent that are kept (no bytes: the copy reads them, exportFor). */
  files: AttachmentInfo[];
  lastFailureAt: Date | null;
}

export interface Findings {
  subject: Subject;
  /** The subject's number, or the numbers on the records of the NIK (E.164). */
  phones: string[];
  applications: Application[];
  tickets: TicketDoc[];
  chats: ChatRecords[];
  preferences: (PreferenceDoc & { about: 'phone' | 'chat' })[];
  /** Earlier steps of requests about this person, newest first (from the audit log). */
  requests: AuditEntry[];
  /** The person's requests in the register, newest first. */
  registered: DataSubjectRequest[];
}

export interface ErasureCounts {
  chats: number;
  sessions: number;
  messages: number;
  outbox: number;
  handoffs: number;
  notes: number;
  files: number;
}

/** A refusal the admin reads: Indonesian, shown as it is. */
const refused = (code: string, message: string, status: number) => new AppError(code, message, status, { forStaff: true });

const isEmpty = (c: ChatRecords) =>
  !c.session && c.messages.length === 0 && c.outbox.length === 0 && c.handoffs.length === 0 && c.notes.length === 0 && c.files.length === 0 && !c.lastFailureAt;

/**
 * How many bytes of files one copy carries (base64 in the JSON): the person's photos and
 * documents fit many times over; past it a file is listed without its contents, and the copy says so.
 */
export const EXPORT_FILE_BYTES = 64 * 1024 * 1024;

function refOf(key: string): ChatRef {
  const at = key.indexOf(':');
  return { channel: key.slice(0, at) as ChannelName, chatId: key.slice(at + 1) };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;

export function createPrivacyService(deps: PrivacyDeps) {
  const { cipher, audit, clock } = deps;
  const open = (token: string | null): string | null => (token ? cipher.decrypt(token) : null);

  async function chatRecords(key: string): Promise<ChatRecords> {
    const ref = refOf(key);
    const [session, messages, outbox, handoffs, notes, files, lastFailureAt] = await Promise.all([
      deps.sessions.get(key),
      deps.messages.rowsOfChat(key),
      deps.outbox.entriesOfChat(key),
      deps.handoffs.allOf(key),
      deps.notes.forChat(key, 10_000),
      deps.files ? deps.files.forChat(key, 10_000) : Promise.resolve([]),
      deps.undelivered.lastFailureOf(key),
    ]);
    return { key, channel: ref.channel, phone: toE164(ref.chatId), session, messages, outbox, handoffs, notes, files, lastFailureAt };
  }

  /**
   * Everything held about the subject. A NIK reaches its applications and tickets, then the
   * numbers on them; a number reaches the applications it is registered on. From the numbers:
   * the chats they wrote from (every channel's spelling), the tickets filed from those chats or
   * with those numbers, and notification preferences. Applications of another NIK that share a
   * number are not followed from a NIK: they are that other person's.
   */
  async function gather(subject: Subject): Promise<Findings> {
    const phones = new Set<string>();
    const nikHash = subject.kind === 'nik' ? cipher.hash(subject.nik) : undefined;
    let applications: Application[];
    if (subject.kind === 'nik') {
      applications = await deps.applications.forDataSubject({ nikHash });
      for (const app of applications) for (const p of app.phones) phones.add(cipher.decrypt(p.cipher));
      for (const ticket of await deps.tickets.forDataSubject({ nikHash })) {
        const phone = open(ticket.complainant.phoneSealed);
        if (phone) phones.add(phone);
      }
    } else {
      phones.add(subject.phone);
      applications = await deps.applications.forDataSubject({ phoneHashes: [cipher.hash(subject.phone)] });
    }
    const keys = new Set([...phones].flatMap((p) => chatKeysForPhone(deps.chats, p)));
    const tickets = await deps.tickets.forDataSubject({
      nikHash,
      phoneHashes: [...phones].map((p) => cipher.hash(p)),
      chatHashes: [...keys].map((k) => cipher.hash(k)),
    });
    // A ticket knows the very chat it was filed from, an opaque @lid one included.
    for (const ticket of tickets) if (ticket.chatSealed) keys.add(chatKey(openChat(cipher, ticket.chatSealed)));
    const chats = (await Promise.all([...keys].map(chatRecords))).filter((c) => !isEmpty(c));
    const prefKeys = new Map<string, 'phone' | 'chat'>([
      ...[...phones].map((p) => [deps.preferences.phoneKey(cipher.hash(p)), 'phone'] as const),
      ...[...keys].map((k) => [deps.preferences.chatKeyOf(refOf(k)), 'chat'] as const),
    ]);
    const preferences = (await deps.preferences.stored([...prefKeys.keys()])).map((p) => ({ ...p, about: prefKeys.get(p.key)! }));
    const target = subjectTarget(cipher, subject);
    const [requests, registered] = await Promise.all([audit.forTarget(target), deps.register.ofSubject(target)]);
    return { subject, phones: [...phones], applications, tickets, chats, preferences, requests, registered };
  }

  const counts = (f: Findings) => ({ applications: f.applications.length, tickets: f.tickets.length, chats: f.chats.length });

  return {
    /**
     * Writes a request down as received, with its deadline (3×24 hours from receipt, for the kinds the law gives one). Nothing
     * of the person's records is read: registering is not yet answering.
     */
    async registerRequest(subject: Subject, input: { kind: RequestKind; channel: RequestChannel; note: string; receivedAt: Date }, actor: Actor): Promise<DataSubjectRequest> {
      const target = subjectTarget(cipher, subject);
      const request = await deps.register.register({ ...input, subjectTarget: target, subjectLabel: subjectLabel(subject) }, actor, clock.now());
      await audit.record(actor, 'privacy.request_registered', target, { number: request.number, kind: input.kind, dueAt: request.dueAt?.toISOString() ?? null });
      return request;
    },

    /** Records how a request was answered (or why it was refused); refused when it is no longer open. */
    async closeRequest(id: string, outcome: RequestOutcome, note: string, actor: Actor): Promise<DataSubjectRequest> {
      const closed = await deps.register.close(id, outcome, note, actor, clock.now());
      if (!closed) throw refused('not_open', 'Permintaan ini tidak ditemukan atau sudah dicatat selesai. Muat ulang daftar permintaan.', 409);
      await audit.record(actor, outcome === 'answered' ? 'privacy.request_answered' : 'privacy.request_refused', closed.subjectTarget, { number: closed.number, reason: note, late: isOverdue({ ...closed, status: 'open' }, closed.closedAt!) });
      return closed;
    },

    /** The register: open requests by deadline, then the latest answered ones. */
    async registerView() {
      const [open, closed] = await Promise.all([deps.register.open(), deps.register.recentlyClosed()]);
      return { open, closed };
    },

    requestCounts: () => deps.register.counts(clock.now()),

    /** Finds and shows: a read of the person's data, audited with the reason. */
    async lookup(subject: Subject, reason: string, actor: Actor): Promise<Findings> {
      const found = await gather(subject);
      const target = subjectTarget(cipher, subject);
      await audit.record(actor, 'privacy.lookup', target, { reason, ...counts(found) });
      return { ...found, requests: await audit.forTarget(target) };
    },

    /**
     * The records behind a copy for the person (export.ts writes it), with the bytes of the files
     * their chats sent (by file id, opened; up to EXPORT_FILE_BYTES in all, oldest first), audited.
     */
    async exportFor(subject: Subject, reason: string, actor: Actor): Promise<Findings & { fileBytes: Map<string, Buffer> }> {
      const found = await gather(subject);
      const fileBytes = new Map<string, Buffer>();
      let total = 0;
      for (const chat of found.chats) {
        for (const file of chat.files) {
          if (total + file.size > EXPORT_FILE_BYTES) continue;
          const kept = await deps.files?.open(chat.key, file.id);
          if (!kept) continue;
          fileBytes.set(file.id, await kept.read());
          total += file.size;
        }
      }
      const files = found.chats.reduce((n, c) => n + c.files.length, 0);
      await audit.record(actor, 'privacy.export', subjectTarget(cipher, subject), { reason, ...counts(found), files });
      return { ...found, fileBytes };
    },

    /** Without an audit entry: the page shown again after a step that was itself audited. */
    findings: gather,

    /**
     * Erases the chat records — sessions, chat history, the files sent in it, outbox entries,
     * handoffs, staff notes, the failed-message marker — of every chat found. Applications, tickets, notification
     * preferences (an opt-out must outlive the chat) and the audit log are kept.
     */
    async eraseChats(subject: Subject, reason: string, actor: Actor): Promise<ErasureCounts> {
      const found = await gather(subject);
      const total: ErasureCounts = { chats: found.chats.length, sessions: 0, messages: 0, outbox: 0, handoffs: 0, notes: 0, files: 0 };
      for (const chat of found.chats) {
        const [sessions, messages, outbox, handoffs, notes, , files] = await Promise.all([
          deps.sessions.remove(chat.key),
          deps.messages.eraseChat(chat.key),
          deps.outbox.eraseChat(chat.key),
          deps.handoffs.eraseChat(chat.key),
          deps.notes.eraseChat(chat.key),
          deps.undelivered.eraseChat(chat.key),
          deps.files ? deps.files.eraseChat(chat.key) : Promise.resolve(0),
        ]);
        const erased = { sessions, messages, outbox, handoffs, notes, files };
        for (const [k, n] of Object.entries(erased)) total[k as keyof typeof erased] += n;
        await audit.record(actor, 'privacy.erase', `chat:${chat.key}`, { reason, ...erased });
      }
      await audit.record(actor, 'privacy.erase', subjectTarget(cipher, subject), { reason, ...total });
      return total;
    },

    /**
     * Restricts (or lifts the restriction of) the chosen applications and tickets, which must be
     * among the subject's records. A restricted record is kept but left out of lists, searches,
     * reports and reminders, and the chat answers about it as about a record it does not know.
     */
    async setRestriction(subject: Subject, chosen: { applications: string[]; tickets: string[] }, restrict: boolean, reason: string, actor: Actor) {
      const found = await gather(subject);
      const appIds = new Set(found.applications.map((a) => a.id));
      const numbers = new Set(found.tickets.map((t) => t.number));
      if (chosen.applications.length + chosen.tickets.length === 0) throw refused('nothing_chosen', 'Pilih paling sedikit satu permohonan atau pengaduan.', 400);
      if (chosen.applications.some((id) => !appIds.has(id)) || chosen.tickets.some((n) => !numbers.has(n))) {
        throw refused('not_of_subject', 'Ada data yang dipilih bukan milik orang ini. Cari ulang lalu pilih lagi.', 400);
      }
      const now = clock.now();
      const action = restrict ? 'privacy.restrict' : 'privacy.unrestrict';
      const at = restrict ? now : null;
      for (const id of chosen.applications) {
        await deps.applications.setRestricted(id, at, now);
        await audit.record(actor, action, `application:${id}`, { reason });
      }
      for (const number of chosen.tickets) {
        await deps.tickets.setRestricted(number, at, now);
        await audit.record(actor, action, `ticket:${number}`, { reason });
      }
      if (chosen.tickets.length) deps.ticketsChanged?.();
      await audit.record(actor, action, subjectTarget(cipher, subject), { reason, applications: chosen.applications, tickets: chosen.tickets });
    },

    /**
     * Corrects an application's name, address and phone numbers (already validated by the
     * records' own field rules, privacy-schemas.ts). Like every change to a record it is one
     * write conditional on the revision the admin's form was read at.
     */
    async correct(subject: Subject, input: Correction, reason: string, actor: Actor): Promise<string[]> {
      const found = await gather(subject);
      const app = found.applications.find((a) => a.id === input.applicationId);
      if (!app) throw refused('not_of_subject', 'Permohonan ini bukan milik orang ini. Cari ulang lalu coba lagi.', 400);
      if (app.revision !== input.revision) throw refused('conflict', 'Permohonan ini baru saja diubah orang lain. Cari ulang lalu ulangi koreksinya.', 409);
      const changes: ApplicationChanges = {};
      if (input.name !== app.name) changes.name = input.name;
      const address = { kelurahan: input.kelurahan ?? null, kecamatan: input.kecamatan ?? null };
      if (address.kelurahan !== app.address.kelurahan || address.kecamatan !== app.address.kecamatan) changes.address = address;
      const sameNumbers = input.phones.length === app.phones.length && input.phones.every((p, i) => cipher.hash(p) === app.phones[i].hash);
      if (!sameNumbers) changes.phones = input.phones.map((p) => seal(cipher, p));
      const fields = Object.keys(changes);
      if (fields.length === 0) throw refused('unchanged', 'Tidak ada yang berubah: isian sama dengan data yang tersimpan.', 400);
      const updated = await deps.applications.update(app, changes, clock.now());
      if (!updated) throw refused('conflict', 'Permohonan ini baru saja diubah orang lain. Cari ulang lalu ulangi koreksinya.', 409);
      await audit.record(actor, 'privacy.correct', `application:${app.id}`, { reason, fields });
      await audit.record(actor, 'privacy.correct', subjectTarget(cipher, subject), { reason, application: app.id, fields });
      return fields;
    },
  };
}
