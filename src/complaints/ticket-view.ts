/**
 * Tickets as the staff API shows them: times as ISO-8601 in the office's own offset, the
 * "overdue" flag as it stands right now, and the complainant's identity masked on
 * confidential tickets for everyone. Only a supervisor or an admin may reveal it, one ticket
 * at a time, with a reason the route writes to the audit log; being assigned the ticket never
 * shows it (a confidential complaint is often about the very officers who work tickets).
 */
import { DateTime } from 'luxon';
import type { TimeZone } from '../agency/profile-schema';
import { maskNik } from '../applications/nik';
import type { PiiCipher } from '../applications/pii-crypto';
import { maskPhone } from '../applications/sealing';
import type { Actor as ApiActor } from '../http/api-auth';
import { LAPOR_CLASSIFICATION } from './lapor';
import { isOverdue } from './overdue';
import { allowedNext, firstResponseOf, type TicketDoc } from './ticket';

export interface ViewContext {
  tz: TimeZone;
  cipher: PiiCipher;
  now: Date;
  viewer: ApiActor;
  /** The viewer asked, with a reason, to see a confidential complainant. */
  revealIdentity?: boolean;
}

/** The roles that may reveal a confidential complainant (with a reason, audited). */
export const IDENTITY_ROLES = ['supervisor', 'admin'] as const;
export const mayRevealIdentity = (viewer: ApiActor) => viewer.roles.some((r) => (IDENTITY_ROLES as readonly string[]).includes(r));

export function isoLocal(at: Date, tz: TimeZone): string;
export function isoLocal(at: Date | null, tz: TimeZone): string | null;
export function isoLocal(at: Date | null, tz: TimeZone): string | null {
  return at ? DateTime.fromJSDate(at, { zone: tz }).toISO({ suppressMilliseconds: true }) : null;
}

/** The one rule (overdue.ts), re-exported for the pages that show tickets. */
export { isOverdue };

/**
 * Who reads a complainant's full phone number: a supervisor or an admin, and the officer the
 * ticket is assigned to (who may have to call back, e.g. when there is no chat to answer on).
 * Everyone else sees it masked (+62812****0001); the inbox masks it for every role (README).
 */
export const seesFullPhone = (ticket: Pick<TicketDoc, 'assignee'>, viewer: ApiActor): boolean => mayRevealIdentity(viewer) || ticket.assignee?.id === viewer.id;

export function canSeeIdentity(ticket: TicketDoc, viewer: ApiActor, revealed = false): boolean {
  if (!ticket.confidential) return true;
  return revealed && mayRevealIdentity(viewer);
}

export function ticketSummary(ticket: TicketDoc, ctx: ViewContext) {
  const visible = canSeeIdentity(ticket, ctx.viewer, ctx.revealIdentity);
  return {
    number: ticket.number,
    stage: ticket.stage,
    channel: ticket.channel,
    topic: ticket.topic,
    receivedAt: isoLocal(ticket.receivedAt, ctx.tz),
    responseDueAt: isoLocal(ticket.responseDueAt, ctx.tz),
    provisional: ticket.provisional,
    respondedAt: isoLocal(ticket.respondedAt, ctx.tz),
    /** Kept when the ticket is reopened (respondedAt is cleared then: a response is owed again). */
    firstRespondedAt: isoLocal(firstResponseOf(ticket)?.at ?? null, ctx.tz),
    overdue: isOverdue(ticket, ctx.now),
    paused: ticket.pause !== null,
    assignee: ticket.assignee,
    confidential: ticket.confidential,
    identityComplete: ticket.identityComplete,
    complainantName: visible ? ticket.complainant.name : null,
    identityHidden: !visible,
  };
}

export function ticketDetail(ticket: TicketDoc, ctx: ViewContext) {
  const { tz, cipher } = ctx;
  const visible = canSeeIdentity(ticket, ctx.viewer, ctx.revealIdentity);
  const c = ticket.complainant;
  return {
    ...ticketSummary(ticket, ctx),
    office: ticket.office,
    body: ticket.body,
    attachments: ticket.attachments,
    complainant: visible
      ? {
          hidden: false,
          name: c.name,
          phone: c.phoneSealed ? (seesFullPhone(ticket, ctx.viewer) ? cipher.decrypt(c.phoneSealed) : maskPhone(cipher.decrypt(c.phoneSealed))) : null,
          nik: c.nikSealed ? maskNik(cipher.decrypt(c.nikSealed)) : null,
          identityComplete: ticket.identityComplete,
        }
      : { hidden: true, name: null, phone: null, nik: null, identityComplete: ticket.identityComplete },
    answersOnChat: ticket.chatSealed !== null,
    lapor: { ...LAPOR_CLASSIFICATION[ticket.topic], trackingId: ticket.laporTrackingId },
    pause: ticket.pause ? { since: isoLocal(ticket.pause.since, tz), reason: ticket.pause.reason } : null,
    allowedTransitions: allowedNext(ticket),
    history: ticket.history.map((h) => ({ ...h, at: isoLocal(h.at, tz) })),
    responses: ticket.responses.map((r) => ({ ...r, at: isoLocal(r.at, tz) })),
    complainantReplies: ticket.replies.map((r) => ({ ...r, at: isoLocal(r.at, tz) })),
    alerts: { reminderSentAt: isoLocal(ticket.alerts.reminderSentAt, tz), escalatedAt: isoLocal(ticket.alerts.escalatedAt, tz) },
    rating: ticket.rating ? { ...ticket.rating, at: isoLocal(ticket.rating.at, tz) } : null,
    ratingRequestedAt: isoLocal(ticket.ratingRequestedAt, tz),
  };
}
