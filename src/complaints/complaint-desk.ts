/**
 * The complaint desk: the life of a ticket as staff drive it — filed (from a chat or logged
 * from another channel), moved between stages, answered, assigned, paused while the office
 * waits on the complainant and resumed. Each change is one update guarded by the revision it
 * was decided on, is audited, and whatever the complainant must hear goes to their chat.
 */
import { DateTime } from 'luxon';
import { maskPersonalNumbers } from '../applications/personal-numbers';
import type { PiiCipher } from '../applications/pii-crypto';
import type { Clock } from '../calendar/clock';
import { formatDateTimeId } from '../calendar/format-id';
import type { HolidayCalendar } from '../calendar/holiday-tables';
import type { OfficeCalendar } from '../calendar/working-days';
import type { AgencyProfile } from '../agency/profile-schema';
import type { Catalogue } from '../conversation/catalogue';
import type { ChatRef } from '../conversation/inbound';
import type { ComplaintTopic } from '../conversation/services';
import { DomainError, invalidField, notFound } from '../domain-errors';
import type { AuditLog } from '../staff/audit-log';
import type { AlertDispatcher } from './alert-dispatch';
import type { AlertRecipients } from './alerts';
import { notAssignable, type Assignees } from './assignees';
import { chatHash, openChat, sealChat } from './chat-address';
import type { Messenger } from './messenger';
import { isPastDue } from './overdue';
import { noteMissing, noteRequired, stageChangeNotices, type StageNotice } from './stage-rules';
import { allowedNext, firstResponseOf, TERMINAL, type HistoryEntry, type Stage, type StaffRef, type TicketChannel, type TicketDoc } from './ticket';
import { ticketNumber, ticketSeries } from './ticket-number';
import type { TicketStore } from './ticket-store';

export interface Actor {
  id: string;
  name: string;
}

/** Who a caller asks to assign: only the id is used; the name comes from the staff account. */
export type AssigneeRequest = { id: string; name?: string };

export const COMPLAINANT: Actor = { id: 'pelapor', name: 'Pelapor' };

export interface NewComplaint {
  channel: TicketChannel;
  topic: ComplaintTopic;
  body: string;
  name: string | null;
  /** E.164. */
  phone: string | null;
  /** A validated NIK; it is hashed and encrypted here and never kept in plain text. */
  nik: string | null;
  confidential: boolean;
  attachments: number;
  /** Filed from a chat: the ids of the files kept with the complaint (TicketDoc.fileIds). */
  fileIds?: string[];
  /** The chat to answer on, when the complaint came from one. */
  chat: ChatRef | null;
  receivedAt: Date;
  laporTrackingId?: string | null;
  /** Only the id counts: the name is taken from the staff account. */
  assignee?: AssigneeRequest | null;
  fingerprint?: string | null;
  /**
   * The inbound message that files it, as a keyed hash: filing is idempotent on it. The same
   * message handled again (a retried step, a redelivery after a crash, at any delay) gets this
   * ticket back, with its number and its `ticket.created` entry written once.
   */
  filedFrom?: string;
}

export interface DeskDeps {
  store: TicketStore;
  profile: AgencyProfile;
  calendar: OfficeCalendar;
  holidays: HolidayCalendar;
  catalogue: Catalogue;
  cipher: PiiCipher;
  audit: AuditLog;
  clock: Clock;
  messenger: Messenger;
  alerts: AlertDispatcher;
  recipients: () => AlertRecipients;
  assignees: Assignees;
}

interface Change {
  set: Record<string, unknown>;
  push?: Record<string, unknown>;
  /** Runs after the update won: messages to the complainant. */
  after?: (ticket: TicketDoc) => Promise<void>;
}

const MAX_ATTEMPTS = 3;
/** Where a reopened ticket starts again: back to checking, the office's clock running. */
export const REOPEN_STAGE: Stage = 'cek_administrasi';

export class ComplaintDesk {
  /** Told after every change made here (the conversation engine forgets its cached "no follow-up pending"). */ onChange: (() => void) | null = null;
  constructor(private readonly deps: DeskDeps) {}

  private get tz() {
    return this.deps.profile.office.timeZone;
  }

  formatDue(at: Date): string {
    return formatDateTimeId(at, this.tz);
  }

  /** The stored assignee: the account's own id and name, or a refusal for anyone else. */
  private async resolveAssignee(assignee: AssigneeRequest | null | undefined): Promise<StaffRef | null> {
    if (!assignee) return null;
    const found = await this.deps.assignees.assignable(assignee.id);
    if (!found) throw notAssignable();
    return { id: found.id, name: found.name };
  }

  /**
   * Files a ticket. Its writes are the number, the ticket, then its audit entry: with `filedFrom`
   * each is keyed by the filing, so a filing cut off between any two of them and taken up again
   * completes what is missing instead of starting over.
   */
  async create(input: NewComplaint, actor: Actor): Promise<TicketDoc> {
    const { store, profile, cipher, clock } = this.deps;
    const filed = input.filedFrom ? await store.filedBy(input.filedFrom) : null;
    if (filed) return this.recordCreated(filed, actor, { onlyIfMissing: true });
    const assignee = await this.resolveAssignee(input.assignee);
    const now = clock.now();
    // Logged by hand from a box or a visit: the receipt may be earlier, never later than now.
    if (isPastDue(now, input.receivedAt)) throw invalidField('receivedAt', 'must not be in the future');
    const { dueAt, provisional } = this.deadlineFrom(input.receivedAt);
    const series = ticketSeries(profile.office.code, input.receivedAt, this.tz);
    const number = ticketNumber(series, await store.nextSequence(series, input.filedFrom));
    const ticket = await store.insert(number, {
      office: profile.office.code,
      channel: input.channel,
      topic: input.topic,
      // A NIK or phone typed into the complaint is kept masked; the complainant's own are sealed below.
      body: maskPersonalNumbers(input.body),
      complainant: {
        name: input.name,
        phoneHash: input.phone ? cipher.hash(input.phone) : null,
        phoneSealed: input.phone ? cipher.encrypt(input.phone) : null,
        nikHash: input.nik ? cipher.hash(input.nik) : null,
        nikSealed: input.nik ? cipher.encrypt(input.nik) : null,
      },
      identityComplete: input.name !== null,
      confidential: input.confidential,
      attachments: input.attachments,
      ...(input.fileIds ? { fileIds: input.fileIds } : {}),
      chatHash: input.chat ? chatHash(cipher, input.chat) : null,
      chatSealed: input.chat ? sealChat(cipher, input.chat) : null,
      fingerprint: input.fingerprint ?? null,
      ...(input.filedFrom ? { filedFrom: input.filedFrom } : {}),
      stage: 'baru',
      history: [{ from: null, to: 'baru', at: now, actorId: actor.id, actorName: actor.name, note: null }],
      receivedAt: input.receivedAt,
      responseDueAt: dueAt,
      provisional,
      pause: null,
      respondedAt: null,
      responses: [],
      replies: [],
      assignee,
      overdue: false,
      alerts: { reminderSentAt: null, escalatedAt: null },
      laporTrackingId: input.laporTrackingId ?? null,
      ratingRequestedAt: null,
      rating: null,
      createdAt: now,
      updatedAt: now,
      rev: 0,
    });
    return this.recordCreated(ticket, actor, { onlyIfMissing: false });
  }

  /** What follows the ticket's write: its audit entry (once) and, for a guessed deadline, the admins' alert (keyed by year). */
  private async recordCreated(ticket: TicketDoc, actor: Actor, o: { onlyIfMissing: boolean }): Promise<TicketDoc> {
    const { audit, clock } = this.deps;
    const target = `ticket:${ticket.number}`;
    // Only a filing taken up again reads first: one process serves a chat, one message at a time.
    const recorded = o.onlyIfMissing && (await audit.forTarget(target)).some((e) => e.action === 'ticket.created');
    if (!recorded) await audit.record(actor, 'ticket.created', target, { channel: ticket.channel, topic: ticket.topic, confidential: ticket.confidential });
    if (ticket.provisional) await this.alertMissingCalendar(ticket, clock.now());
    return ticket;
  }

  async get(number: string): Promise<TicketDoc> {
    const ticket = await this.deps.store.byNumber(number);
    if (!ticket) throw notFound(`ticket ${number}`);
    return ticket;
  }

  async transition(number: string, to: Stage, typedNote: string | null, actor: Actor): Promise<TicketDoc> {
    const note = typedNote === null ? null : maskPersonalNumbers(typedNote.trim());
    if (noteRequired(to) && !note) throw noteMissing(to);
    const ticket = await this.mutate(number, (t, now) => {
      const allowed = allowedNext(t);
      if (!allowed.includes(to)) {
        const hint = to === 'ditanggapi' ? '; send a response to reach ditanggapi' : '';
        throw new DomainError('invalid_transition', `ticket ${t.number} cannot move from ${t.stage} to ${to}${hint}`, { from: t.stage, to, allowed });
      }
      const set: Record<string, unknown> = { stage: to };
      // Which messages go out is the rule's, the one the dashboard's confirm reads (stage-rules).
      const notices = stageChangeNotices(t.stage, to, t.respondedAt !== null);
      let dueAt = t.responseDueAt;
      if (t.stage === 'menunggu_pelapor') {
        dueAt = this.resumedDue(t, now);
        set.pause = null;
        set.responseDueAt = dueAt;
      }
      if (to === 'menunggu_pelapor') set.pause = { since: now, reason: note, resumeStage: t.stage };
      // Marked as asked only when there is a chat to ask on: a walk-in ticket is never asked for a rating.
      if (notices.includes('rating_request') && t.chatSealed) set.ratingRequestedAt = now;
      const params: Record<StageNotice, Record<string, string>> = {
        resumed: { number: t.number, due: this.formatDue(dueAt) },
        paused: { number: t.number, reason: note ?? '' },
        rating_request: { number: t.number },
        closed: { number: t.number },
      };
      const texts = notices.map((kind) => this.say(`complaint_notice.${kind}`, params[kind]));
      return {
        set,
        push: { history: entry(t.stage, to, now, actor, note) },
        after: (updated) => this.tell(updated, texts),
      };
    });
    await this.deps.audit.record(actor, 'ticket.transition', `ticket:${number}`, { to, note });
    return ticket;
  }

  async respond(number: string, text: string, actor: Actor): Promise<TicketDoc> {
    const ticket = await this.mutate(number, (t, now) => {
      if (TERMINAL.includes(t.stage)) throw new DomainError('ticket_finished', `ticket ${t.number} is ${t.stage}; it takes no more responses`);
      const set: Record<string, unknown> = {};
      const push: Record<string, unknown> = { responses: { at: now, actorId: actor.id, actorName: actor.name, text: maskPersonalNumbers(text), sentToChat: t.chatSealed !== null } };
      let dueAt = t.responseDueAt;
      if (t.stage === 'menunggu_pelapor') {
        dueAt = this.resumedDue(t, now);
        set.pause = null;
        set.responseDueAt = dueAt;
      }
      if (!t.firstResponse) set.firstResponse = firstResponseOf(t) ?? { at: now, dueAt };
      if (!t.respondedAt) {
        // The first response stops the clock; a late one leaves the ticket marked overdue.
        set.respondedAt = now;
        if (isPastDue(dueAt, now)) set.overdue = true;
      }
      if (t.stage !== 'ditanggapi') {
        set.stage = 'ditanggapi';
        push.history = entry(t.stage, 'ditanggapi', now, actor, null);
      }
      return { set, push, after: (updated) => this.tell(updated, [this.say('complaint_notice.response', { number: t.number, text })], 'staff', actor.id) };
    });
    await this.deps.audit.record(actor, 'ticket.responded', `ticket:${number}`, { first: ticket.responses.length === 1 });
    return ticket;
  }

  /** Assigning never changes who may see a confidential complainant (ticket-view.ts). */
  async assign(number: string, requested: AssigneeRequest | null, actor: Actor): Promise<TicketDoc> {
    const assignee = await this.resolveAssignee(requested);
    const ticket = await this.mutate(number, () => ({ set: { assignee } }));
    await this.deps.audit.record(actor, 'ticket.assigned', `ticket:${number}`, { assignee: assignee?.id ?? null });
    return ticket;
  }

  async setLaporTrackingId(number: string, trackingId: string | null, actor: Actor): Promise<TicketDoc> {
    const ticket = await this.mutate(number, () => ({ set: { laporTrackingId: trackingId } }));
    await this.deps.audit.record(actor, 'ticket.lapor_tracking_id', `ticket:${number}`, { trackingId });
    return ticket;
  }

  /**
   * Opens a finished (selesai) or closed (ditutup) ticket again, for a reason that is kept in
   * its history: the office owes a response once more, so the deadline is counted afresh from
   * now by the same rule as a new ticket's, the response mark that stops it, the overdue flag and
   * the SLA alerts are cleared, and the complainant is told the new date on their chat. The
   * first response ever (firstResponse) stays: the ticket was answered once, and reports say so.
   */
  async reopen(number: string, typedReason: string, actor: Actor): Promise<TicketDoc> {
    const reason = maskPersonalNumbers(typedReason.trim());
    if (!reason) throw new DomainError('reason_required', 'is required: why the ticket is opened again', { field: 'reason' });
    const ticket = await this.mutate(number, (t, now) => {
      if (!TERMINAL.includes(t.stage)) throw new DomainError('ticket_open', `ticket ${t.number} is ${t.stage}; only a finished or closed ticket can be reopened`);
      const { dueAt, provisional } = this.deadlineFrom(now);
      return {
        set: {
          stage: REOPEN_STAGE, responseDueAt: dueAt, provisional, respondedAt: null, firstResponse: firstResponseOf(t), overdue: false, pause: null,
          alerts: { reminderSentAt: null, escalatedAt: null }, ratingRequestedAt: null,
        },
        push: { history: entry(t.stage, REOPEN_STAGE, now, actor, reason) },
        after: (updated) => this.tell(updated, [this.say('complaint_notice.resumed', { number: t.number, due: this.formatDue(dueAt) })]),
      };
    });
    await this.deps.audit.record(actor, 'ticket.reopened', `ticket:${number}`, { reason, due: ticket.responseDueAt.toISOString() });
    return ticket;
  }

  /**
   * The complainant answered while the office waited on them: the ticket goes back to the
   * stage it was paused in and the deadline moves by the working time spent waiting.
   */
  async complainantReplied(number: string, reply: { text: string; attachments: number; fileIds?: string[] }): Promise<TicketDoc> {
    const ticket = await this.mutate(number, (t, now) => {
      if (t.stage !== 'menunggu_pelapor' || !t.pause) throw new DomainError('not_waiting', `ticket ${t.number} is not waiting on the complainant`);
      const dueAt = this.resumedDue(t, now);
      return {
        set: { stage: t.pause.resumeStage, pause: null, responseDueAt: dueAt },
        push: { replies: { at: now, text: maskPersonalNumbers(reply.text.slice(0, 4000)), attachments: reply.attachments, ...(reply.fileIds ? { fileIds: reply.fileIds } : {}) }, history: entry(t.stage, t.pause.resumeStage, now, COMPLAINANT, null) },
      };
    });
    await this.deps.audit.record(COMPLAINANT, 'ticket.complainant_replied', `ticket:${number}`);
    return ticket;
  }

  async rate(number: string, score: number, comment: string | null): Promise<boolean> {
    const now = this.deps.clock.now();
    const updated = await this.deps.store.updateIf(
      number,
      { stage: 'selesai', rating: null, ratingRequestedAt: { $ne: null } },
      { $set: { rating: { score, comment: comment === null ? null : maskPersonalNumbers(comment), at: now }, updatedAt: now }, $inc: { rev: 1 } },
    );
    if (updated) await this.deps.audit.record(COMPLAINANT, 'ticket.rated', `ticket:${number}`, { score });
    return updated !== null;
  }

  async commentOnRating(number: string, comment: string): Promise<boolean> {
    const now = this.deps.clock.now();
    const updated = await this.deps.store.updateIf(
      number,
      { rating: { $ne: null }, 'rating.comment': null },
      { $set: { 'rating.comment': maskPersonalNumbers(comment.slice(0, 2000)), updatedAt: now }, $inc: { rev: 1 } },
    );
    return updated !== null;
  }

  /** The response deadline for a complaint received (or reopened) at `at`: N working days, from the profile. */
  private deadlineFrom(at: Date): { dueAt: Date; provisional: boolean } {
    return this.deps.calendar.responseDeadline(at, this.deps.profile.complaints.responseDays.value);
  }

  /** The deadline after a pause: unanswered tickets get the waited working time back. */
  private resumedDue(t: TicketDoc, now: Date): Date {
    if (t.respondedAt || !t.pause) return t.responseDueAt;
    return this.deps.calendar.extendByPause(t.responseDueAt, t.pause.since, now);
  }

  private say(key: string, vars: Record<string, string | number>): string {
    return this.deps.catalogue.render(key, vars);
  }

  private async tell(ticket: TicketDoc, texts: string[], source: 'staff' | 'notification' = 'notification', staffUserId: string | null = null): Promise<void> {
    if (!ticket.chatSealed || texts.length === 0) return;
    await this.deps.messenger.send(openChat(this.deps.cipher, ticket.chatSealed), texts, source, staffUserId);
  }

  private async mutate(number: string, decide: (t: TicketDoc, now: Date) => Change): Promise<TicketDoc> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await this.get(number);
      const now = this.deps.clock.now();
      const change = decide(current, now);
      const update: Record<string, unknown> = { $set: { ...change.set, updatedAt: now }, $inc: { rev: 1 } };
      if (change.push) update.$push = change.push;
      const updated = await this.deps.store.updateIf(number, { rev: current.rev }, update);
      if (updated) {
        this.onChange?.();
        await change.after?.(updated);
        return updated;
      }
    }
    throw new DomainError('conflict', `ticket ${number} is being changed by someone else; reload and try again`);
  }

  /** A year without a decree table: the deadline is a guess, and admins must add the table. */
  private async alertMissingCalendar(ticket: TicketDoc, now: Date): Promise<void> {
    const first = Number(DateTime.fromJSDate(ticket.receivedAt, { zone: this.tz }).toFormat('yyyy'));
    const last = Number(DateTime.fromJSDate(ticket.responseDueAt, { zone: this.tz }).toFormat('yyyy'));
    const admins = (await this.deps.recipients().admins?.()) ?? [];
    for (let year = first; year <= last; year++) {
      if (this.deps.holidays.hasTable(year)) continue;
      await this.deps.alerts.raise({
        key: `calendar_missing:${year}`,
        kind: 'calendar_missing',
        ticketNumber: ticket.number,
        text: this.say('complaint_alert.calendar_missing', { year, number: ticket.number }),
        recipients: admins,
        at: now,
      });
    }
  }
}

function entry(from: Stage, to: Stage, at: Date, actor: Actor, note: string | null): HistoryEntry {
  return { from, to, at, actorId: actor.id, actorName: actor.name, note };
}
