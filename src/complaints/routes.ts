/**
 * The officers' complaint API under /api/v1: tickets (log, list, read, move, answer, assign,
 * reopen, LAPOR! id), a ticket's files (listed in its JSON, served by id under the ticket page's
 * rule: src/complaints/ticket-files.ts), the report with its CSV export, and the alert board.
 * Routes only parse, call the desk and shape the answer; officers and supervisors may use it
 * (admins always).
 */
import { Router, type Request } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { TimeZone } from '../agency/profile-schema';
import type { PiiCipher } from '../applications/pii-crypto';
import type { Clock } from '../calendar/clock';
import type { OfficeCalendar } from '../calendar/working-days';
import { requireRole, type Actor, type ApiAuthOptions } from '../http/api-auth';
import { AppError, zodToAppError } from '../http/errors';
import { maskIdentityNumbersIn } from '../applications/nik';
import type { AuditLog } from '../staff/audit-log';
import type { AlertBoard } from './alerts';
import {
  alertsQuerySchema, assignmentSchema, ticketQuerySchema, createTicketSchema, laporSchema, listQuerySchema, reportQuerySchema, responseSchema,
  ticketNumberSchema, transitionSchema,
} from './api-schemas';
import type { ComplaintDesk } from './complaint-desk';
import { chatForPhone } from '../channels/phone-chat';
import { ticketReport, ticketsCsv } from './reports';
import { canSeeIdentity, IDENTITY_ROLES, isoLocal, mayRevealIdentity, ticketDetail, ticketSummary } from './ticket-view';
import type { TicketFilter, TicketStore } from './ticket-store';
import type { PhoneChats } from '../channels/port';
import { isMissingBlob, servedHeaders } from '../attachments';
import { FileViewAudit } from '../staff/view-audit';
import { fileIdsOfTicket, mayOpenTicketFiles, openTicketFile, ticketFiles, ticketFilesJson, type TicketFileStore } from './ticket-files';
import type { TicketDoc } from './ticket';
import type { ViewContext } from './ticket-view';

// Whether a reason is there is the desk's rule (ComplaintDesk.reopen); the shape is checked here.
const reopenSchema = z.object({ reason: z.string().max(1000) }).strict();

export interface ComplaintRoutesDeps {
  desk: ComplaintDesk;
  store: TicketStore;
  board: AlertBoard;
  calendar: OfficeCalendar;
  cipher: PiiCipher;
  audit: AuditLog;
  auth: ApiAuthOptions;
  clock: Clock;
  tz: TimeZone;
  chats: PhoneChats;
  /** The chats' kept files (src/attachments); without it a ticket's JSON lists none it could serve. */
  files?: TicketFileStore;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw zodToAppError(parsed.error, where);
  return parsed.data;
}

const actorOf = (req: Request): Actor => req.actor!;

export function complaintRoutes(deps: ComplaintRoutesDeps): Router {
  const { desk, store, board, calendar, cipher, audit, clock, tz } = deps;
  const router = Router();
  const staffOnly = requireRole(deps.auth, 'officer', 'supervisor');
  const numberOf = (req: Request) => parse(ticketNumberSchema, req.params.number, 'params.number');
  const view = (req: Request) => ({ tz, cipher, now: clock.now(), viewer: actorOf(req) });
  const localDay = (iso: string) => DateTime.fromISO(iso, { zone: tz }).startOf('day');
  // The same memory of file views as the dashboard's would be one per process; the API's is its own.
  const fileViews = new FileViewAudit(audit, clock);
  const detailJson = async (ticket: TicketDoc, ctx: ViewContext) => ({
    ...ticketDetail(ticket, ctx),
    files: ticketFilesJson(await ticketFiles(deps.files, cipher, ticket, ctx.viewer), ticket.number),
  });
  const range = (q: { from?: string; to?: string }): Pick<TicketFilter, 'receivedFrom' | 'receivedBefore'> => ({
    receivedFrom: q.from ? localDay(q.from).toJSDate() : undefined,
    receivedBefore: q.to ? localDay(q.to).plus({ days: 1 }).toJSDate() : undefined,
  });

  router.post('/tickets', staffOnly, async (req, res) => {
    const body = parse(createTicketSchema, req.body, 'body');
    // Not in the future: the desk's rule (ComplaintDesk.create).
    const receivedAt = body.receivedAt ? new Date(body.receivedAt) : clock.now();
    const { complainant } = body;
    const ticket = await desk.create(
      {
        channel: body.channel,
        topic: body.topic,
        body: body.body,
        name: complainant.name,
        phone: complainant.phone ?? null,
        nik: complainant.nik ?? null,
        confidential: body.confidential,
        attachments: body.attachments,
        // With a phone number the response can still reach the complainant on WhatsApp.
        chat: complainant.phone ? chatForPhone(deps.chats, complainant.phone) : null,
        receivedAt,
        laporTrackingId: body.laporTrackingId ?? null,
        assignee: body.assignee ?? null,
      },
      actorOf(req),
    );
    res.status(201).json({ ticket: await detailJson(ticket, view(req)) });
  });

  router.get('/tickets', staffOnly, async (req, res) => {
    const q = parse(listQuerySchema, req.query, 'query');
    const filter: TicketFilter = {
      stage: q.stage,
      overdue: q.overdue,
      channel: q.channel,
      ...(q.assignee === 'none' ? { unassigned: true } : { assignee: q.assignee }),
      ...range(q),
    };
    const tickets = await store.list(filter, clock.now(), q.limit);
    const ctx = view(req);
    res.json({ tickets: tickets.map((t) => ticketSummary(t, ctx)) });
  });

  router.get('/tickets/:number', staffOnly, async (req, res) => {
    const number = numberOf(req);
    const q = parse(ticketQuerySchema, req.query, 'query');
    const ctx = { ...view(req), revealIdentity: q.reveal === 'identity' };
    if (ctx.revealIdentity && !mayRevealIdentity(ctx.viewer)) {
      throw new AppError('forbidden', `only ${IDENTITY_ROLES.join(' or ')} may reveal a confidential complainant`, 403);
    }
    const ticket = await desk.get(number);
    // Decrypting a complainant's identity for a person to read is a recorded act; a confidential one, with the reason.
    if (ticket.confidential && ctx.revealIdentity) {
      await audit.record(ctx.viewer, 'ticket.identity_revealed', `ticket:${ticket.number}`, { reason: maskIdentityNumbersIn(q.reason ?? '') });
    } else if (canSeeIdentity(ticket, ctx.viewer) && (ticket.complainant.phoneSealed || ticket.complainant.nikSealed)) {
      await audit.record(ctx.viewer, 'ticket.identity_viewed', `ticket:${ticket.number}`);
    }
    res.json({ ticket: await detailJson(ticket, ctx) });
  });

  // One of the ticket's files, under the ticket page's rule (a confidential complaint's: supervisor,
  // admin), audited as the page's are (src/staff/view-audit.ts).
  router.get('/tickets/:number/files/:fileId', staffOnly, async (req, res) => {
    const number = numberOf(req);
    const actor = actorOf(req);
    const ticket = await desk.get(number);
    if (!mayOpenTicketFiles(ticket, actor)) throw new AppError('forbidden', `a confidential complaint's files open only for ${IDENTITY_ROLES.join(' or ')}`, 403);
    const id = String(req.params.fileId);
    const gone = () => new AppError('gone', 'the file is no longer kept (chat history retention or a data erasure)', 410);
    const found = await openTicketFile(deps.files, cipher, ticket, id);
    if (!found) throw fileIdsOfTicket(ticket).includes(id) ? gone() : new AppError('not_found', 'no such file on this ticket', 404);
    const bytes = await found.read().catch((err: unknown) => {
      throw isMissingBlob(err) ? gone() : err;
    });
    await fileViews.record(actor, 'ticket.file_view', `ticket:${number}`, { file: found.info.id, kind: found.info.kind, confidential: ticket.confidential }, { every: ticket.confidential });
    res.set(servedHeaders(found.info)).status(200).end(bytes);
  });

  router.post('/tickets/:number/transitions', staffOnly, async (req, res) => {
    const number = numberOf(req);
    const body = parse(transitionSchema, req.body, 'body');
    const ticket = await desk.transition(number, body.to, body.note ?? null, actorOf(req));
    res.json({ ticket: await detailJson(ticket, view(req)) });
  });

  router.post('/tickets/:number/responses', staffOnly, async (req, res) => {
    const number = numberOf(req);
    const body = parse(responseSchema, req.body, 'body');
    const ticket = await desk.respond(number, body.text, actorOf(req));
    res.status(201).json({ ticket: await detailJson(ticket, view(req)), delivered: ticket.chatSealed !== null });
  });

  router.post('/tickets/:number/reopen', staffOnly, async (req, res) => {
    const number = numberOf(req);
    const body = parse(reopenSchema, req.body, 'body');
    const ticket = await desk.reopen(number, body.reason, actorOf(req));
    res.json({ ticket: await detailJson(ticket, view(req)) });
  });

  router.post('/tickets/:number/assignment', staffOnly, async (req, res) => {
    const number = numberOf(req);
    const body = parse(assignmentSchema, req.body, 'body');
    const ticket = await desk.assign(number, body.assignee, actorOf(req));
    res.json({ ticket: await detailJson(ticket, view(req)) });
  });

  router.put('/tickets/:number/lapor', staffOnly, async (req, res) => {
    const number = numberOf(req);
    const body = parse(laporSchema, req.body, 'body');
    const ticket = await desk.setLaporTrackingId(number, body.trackingId, actorOf(req));
    res.json({ ticket: await detailJson(ticket, view(req)) });
  });

  router.get('/reports/tickets', staffOnly, async (req, res) => {
    const q = parse(reportQuerySchema, req.query, 'query');
    const now = clock.now();
    const tickets = await store.all(range(q), now);
    res.json({ from: q.from ?? null, to: q.to ?? null, generatedAt: isoLocal(now, tz), ...ticketReport(tickets, { calendar, tz, now }) });
  });

  router.get('/reports/tickets.csv', staffOnly, async (req, res) => {
    const q = parse(reportQuerySchema, req.query, 'query');
    const now = clock.now();
    const tickets = await store.all(range(q), now);
    const name = `tiket-aduan-${q.from ?? 'awal'}-${q.to ?? DateTime.fromJSDate(now, { zone: tz }).toISODate()}.csv`;
    res.type('text/csv; charset=utf-8').attachment(name).send(ticketsCsv(tickets, { calendar, tz, now }));
  });

  router.get('/complaint-alerts', staffOnly, async (req, res) => {
    const q = parse(alertsQuerySchema, req.query, 'query');
    const alerts = await board.list({ kind: q.kind, ticketNumber: q.ticket, since: q.since ? new Date(q.since) : undefined, limit: q.limit });
    res.json({ alerts: alerts.map((a) => ({ key: a._id, kind: a.kind, ticketNumber: a.ticketNumber, text: a.text, recipientIds: a.recipientIds, createdAt: isoLocal(a.createdAt, tz) })) });
  });

  return router;
}
