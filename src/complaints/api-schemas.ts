/**
 * The staff API's boundary: one zod schema per request body and query string, so a bad
 * request is answered 400 with every wrong field named. Personal data in error messages is
 * never echoed back.
 */
import { z } from 'zod';
import { hasNoControlCharacters, isOneLine, plain } from '../http/plain-text';
import { parseNik } from '../applications/nik';
import { isIsoDate } from '../calendar/local-date';
import { toE164 } from '../channels/phone-number';
import { COMPLAINT_TOPICS } from '../conversation/services';
import { ALERT_KINDS } from './alerts';
import { LOGGED_CHANNELS, STAGES, TICKET_CHANNELS } from './ticket';
import { TICKET_NUMBER } from './ticket-number';

export const ticketNumberSchema = z.string().regex(TICKET_NUMBER, 'must be a ticket number such as ADU-BJM-2611-0007');

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const isoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
/** A staff account by id; a name, when sent, is ignored: the desk takes it from the account. */
const staffRef = z.object({ id: text(100), name: text(200).optional() }).strict();

const phone = z.string().transform((value, ctx) => {
  const e164 = toE164(value);
  if (!e164) {
    ctx.addIssue({ code: 'custom', message: 'must be a valid phone number, e.g. 0812 3456 7890 or +62 812 3456 7890' });
    return z.NEVER;
  }
  return e164;
});

const nik = z.string().transform((value, ctx) => {
  const parsed = parseNik(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: `must be a valid 16-digit NIK (${parsed.reason})` });
    return z.NEVER;
  }
  return parsed.nik;
});

export const createTicketSchema = z
  .object({
    channel: z.enum(LOGGED_CHANNELS),
    topic: z.enum(COMPLAINT_TOPICS),
    body: plain(text(8000), 'note'),
    /** When the complaint reached the office (e.g. the day the box was opened); default now. */
    receivedAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with offset' }).optional(),
    complainant: z
      .object({
        name: z.string().trim().min(2, 'must be at least 2 characters').max(100).refine(isOneLine, 'must be one line without control characters').nullable().default(null),
        phone: phone.optional(),
        nik: nik.optional(),
      })
      .strict()
      .default({ name: null }),
    confidential: z.boolean().default(false),
    attachments: z.number().int().min(0).max(100).default(0),
    laporTrackingId: text(100).optional(),
    assignee: staffRef.optional(),
  })
  .strict();

/** Which stages need a note is the desk's rule (stage-rules.ts); the shape is checked here. */
export const transitionSchema = z
  .object({ to: z.enum(STAGES), note: z.string().trim().max(1000).refine(hasNoControlCharacters, 'must not contain control characters').optional() })
  .strict();

export const responseSchema = z.object({ text: plain(text(4000), 'note') }).strict();
export const assignmentSchema = z.object({ assignee: staffRef.nullable() }).strict();
export const laporSchema = z.object({ trackingId: text(100).nullable() }).strict();

const dateRange = {
  from: isoDate.optional(),
  to: isoDate.optional(),
};
const rangeInOrder = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;

export const listQuerySchema = z
  .object({
    stage: z.enum(STAGES).optional(),
    overdue: z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true').optional(),
    /** A staff id, or "none" for unassigned tickets. */
    assignee: text(100).optional(),
    channel: z.enum(TICKET_CHANNELS).optional(),
    ...dateRange,
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict()
  .refine(rangeInOrder, { message: 'must not be after to', path: ['from'] });

/**
 * Reading one ticket; `reveal=identity` with a `reason` (written to the audit log) shows a
 * confidential complainant to a role allowed to see one (ticket-view.ts).
 */
export const ticketQuerySchema = z
  .object({
    reveal: z.literal('identity', { message: 'must be identity' }).optional(),
    reason: z.string().trim().min(10, 'must say why, in at least 10 characters').max(500, 'must be at most 500 characters').optional(),
  })
  .strict()
  .refine((q) => !q.reveal || q.reason, { message: 'is required with reveal=identity', path: ['reason'] });

export const reportQuerySchema = z.object(dateRange).strict().refine(rangeInOrder, { message: 'must not be after to', path: ['from'] });

export const alertsQuerySchema = z
  .object({
    kind: z.enum(ALERT_KINDS).optional(),
    ticket: ticketNumberSchema.optional(),
    since: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with offset' }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
