/**
 * Ticket pages (officers, supervisors, admins) over the complaints module: the filtered list,
 * one ticket, its transitions, the response to the complainant, the assignee, reopening a
 * finished one, and logging a
 * complaint received by another channel. The complaints desk does the work and the auditing;
 * these routes parse forms and show the outcome. The complaint's own files are listed on its
 * page and served here, under ticket-files.ts's rule, each opening audited (ticket.file_view).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { plain } from '../../http/plain-text';
import type { TimeZone } from '../../agency/profile-schema';
import { parseNik } from '../../applications/nik';
import type { PiiCipher } from '../../applications/pii-crypto';
import { toE164 } from '../../channels/phone-number';
import { chatForPhone } from '../../channels/phone-chat';
import type { ComplaintDesk } from '../../complaints/complaint-desk';
import { CLOCK_RUNNING, LOGGED_CHANNELS, STAGES, TICKET_CHANNELS, type Stage } from '../../complaints/ticket';
import type { TicketFilter, TicketStore } from '../../complaints/ticket-store';
import { canSeeIdentity, mayRevealIdentity, ticketDetail } from '../../complaints/ticket-view';
import type { PhoneChats } from '../../channels/port';
import type { Catalogue } from '../../conversation/catalogue';
import { COMPLAINT_TOPICS } from '../../conversation/services';
import { toAppError } from '../../http/errors';
import { isDomainError } from '../../domain-errors';
import { TICKET_NUMBER } from '../../complaints/ticket-number';
import type { AuditLog } from '../../staff/audit-log';
import type { StaffDirectory } from '../../staff/staff-directory';
import { receivedAtField } from '../../http/received-at';
import { userError } from '../error-page';
import { fileGone, readKept, sendFile } from '../files';
import { flashFrom, parseForm, parseQuery } from '../forms';
import { dash } from '../guard';
import { query } from '../html';
import { page } from '../layout';
import type { TimeFormat } from '../time';
import type { DueSoon } from './due-soon';
import { ticketChatHref, type TicketChats } from './ticket-chat';
import { mayOpenTicketFiles, openTicketFile, ticketFiles, type TicketFileStore } from '../../complaints/ticket-files';
import { FileViewAudit } from '../../staff/view-audit';
import { identityIn, openSearch, sealSearch, type IdentitySearch } from './identity-search';
import { newTicketBody, ticketDetailBody, type Assignment, ticketHref, ticketListBody, ticketTable, type NewTicketValues } from './ticket-views';

export interface TicketPagesDeps {
  desk: ComplaintDesk;
  store: TicketStore;
  cipher: PiiCipher;
  audit: AuditLog;
  directory: StaffDirectory;
  catalogue: Catalogue;
  chats: PhoneChats;
  time: TimeFormat;
  /** Whether a deadline is less than a working day away (amber rows). */
  dueSoon?: DueSoon;
  /** The files complaints took from their chats (src/attachments); without it a ticket shows its count only. */
  attachments?: TicketFileStore;
  /** The desk's chats, for the link from a ticket to its chat; without it there is none. */
  handoffs?: TicketChats;
  /** File views recorded once per person and sitting (shared with the inbox); one of its own when absent. */
  fileViews?: FileViewAudit;
}

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const filterSchema = z.object({
  stage: z.preprocess(blankToUndefined, z.enum(STAGES, { error: 'Tahap tidak dikenal.' }).optional()),
  overdue: z.preprocess(blankToUndefined, z.enum(['true', 'false'], { error: 'Pilihan batas waktu tidak dikenal.' }).optional()),
  assignee: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  channel: z.preprocess(blankToUndefined, z.enum(TICKET_CHANNELS, { error: 'Kanal tidak dikenal.' }).optional()),
  q: z.preprocess(blankToUndefined, z.string().trim().max(100, 'Kata pencarian maksimal 100 karakter.').optional()),
  /** A phone or NIK search, sealed (identity-search.ts): the value itself never sits in the address. */
  who: z.preprocess(blankToUndefined, z.string().max(1000).optional()),
  show: z.preprocess(blankToUndefined, z.enum(['open', 'all'], { error: 'Pilihan tampilan tidak dikenal.' }).default('open')),
  sort: z.preprocess(blankToUndefined, z.enum(['deadline', 'newest'], { error: 'Urutan tidak dikenal.' }).default('deadline')),
  page: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Halaman harus angka.' }).int('Halaman harus bilangan bulat.').min(1, 'Halaman minimal 1.').max(10_000).default(1)),
});

/** Rows per page of the ticket list: a screenful or two, and always said how many there are in all. */
export const TICKETS_PER_PAGE = 50;

const numberSchema = z.string().regex(TICKET_NUMBER);

const transitionForm = z
  .object({ to: z.enum(STAGES, { error: 'Pilih tahap berikutnya.' }), note: plain(z.string().trim().max(1000, 'Catatan maksimal 1.000 karakter.'), 'note', 'Catatan tidak boleh memuat karakter kontrol.').default('') });
const reopenForm = z.object({ reason: z.string().trim().min(1, 'Alasan membuka kembali wajib diisi.').max(1000, 'Alasan maksimal 1.000 karakter.') });
const revealForm = z.object({ reason: z.string().trim().min(1, 'Alasan membuka identitas pelapor wajib diisi.').max(500, 'Alasan maksimal 500 karakter.') });
const responseForm = z.object({ text: plain(z.string().trim().min(1, 'Tanggapan tidak boleh kosong.').max(4000, 'Tanggapan maksimal 4.000 karakter.'), 'note', 'Tanggapan tidak boleh memuat karakter kontrol.') });

function newTicketForm(tz: TimeZone, now: Date) {
  const optional = (max: number, message: string) => z.string().trim().max(max, message).default('');
  return z
    .object({
      channel: z.enum(LOGGED_CHANNELS, { error: 'Pilih kanal pengaduan.' }),
      topic: z.enum(COMPLAINT_TOPICS, { error: 'Pilih topik pengaduan.' }),
      body: z.string().trim().min(1, 'Isi pengaduan wajib diisi.').max(8000, 'Isi pengaduan maksimal 8.000 karakter.'),
      receivedAt: receivedAtField(tz, now, { label: 'Tanggal diterima', tooLong: 'Tanggal tidak valid.' }),
      name: optional(100, 'Nama maksimal 100 karakter.').refine((v) => v === '' || v.length >= 2, 'Nama minimal 2 karakter.'),
      phone: optional(40, 'Nomor HP tidak valid.').transform((v, ctx) => {
        if (!v) return null;
        const e164 = toE164(v);
        if (!e164) ctx.addIssue({ code: 'custom', message: 'Nomor HP tidak valid (contoh: 0812 3456 7890).' });
        return e164;
      }),
      nik: optional(40, 'NIK tidak valid.').transform((v, ctx) => {
        if (!v) return null;
        const parsed = parseNik(v);
        if (!parsed.ok) {
          ctx.addIssue({ code: 'custom', message: parsed.message });
          return null;
        }
        return parsed.nik;
      }),
      attachments: z.coerce.number({ error: 'Jumlah lampiran harus angka.' }).int('Jumlah lampiran harus bilangan bulat.').min(0).max(100, 'Lampiran maksimal 100.').default(0),
      laporTrackingId: optional(100, 'Nomor LAPOR! maksimal 100 karakter.'),
      confidential: z.preprocess((v) => v === '1', z.boolean()),
      assignToMe: z.preprocess((v) => v === '1', z.boolean()),
    });
}

export function ticketRoutes(deps: TicketPagesDeps): Router {
  const { desk, store, time } = deps;
  const fileViews = deps.fileViews ?? new FileViewAudit(deps.audit, time);
  const router = Router();
  const topics = Object.fromEntries(COMPLAINT_TOPICS.map((t) => [t, deps.catalogue.has(`complaint.topic_${t}`) ? deps.catalogue.render(`complaint.topic_${t}`) : t]));

  const filterOf = (f: z.output<typeof filterSchema>, actorId: string): TicketFilter => ({
    stage: f.stage,
    overdue: f.overdue === undefined ? undefined : f.overdue === 'true',
    channel: f.channel,
    ...(f.assignee === 'none' ? { unassigned: true } : f.assignee ? { assignee: f.assignee === 'me' ? actorId : f.assignee } : {}),
  });

  const identityOf = (f: z.output<typeof filterSchema>): IdentitySearch | null => {
    if (!f.who) return null;
    const found = openSearch(deps.cipher, deps.chats, f.who);
    if (!found) throw userError('invalid_request', 'Pencarian nomor HP/NIK ini tidak dapat dibuka lagi. Cari sekali lagi.', 400);
    return found;
  };

  const listPage = async (req: Request) => {
    const f = parseQuery(filterSchema, req);
    const who = identityOf(f);
    // A stage chosen by name (even a finished one) is shown whatever "open only" says.
    const found = await store.browse(filterOf(f, dash(req).ctx.actor.id), time.now(), {
      open: f.show === 'open' && !f.stage,
      search: who ? undefined : f.q,
      who: who ?? undefined,
      sort: f.sort,
      skip: (f.page - 1) * TICKETS_PER_PAGE,
      limit: TICKETS_PER_PAGE,
    });
    const now = time.now();
    const dueSoon = new Set(found.tickets.filter((t) => !t.respondedAt && CLOCK_RUNNING.includes(t.stage) && deps.dueSoon?.(t.responseDueAt, now)).map((t) => t.number));
    return { f, list: { ...found, page: f.page, perPage: TICKETS_PER_PAGE, dueSoon, searched: who?.label } };
  };

  /**
   * The list's address for these filters. A phone number or NIK in the search box leaves it:
   * hashed for the lookup, sealed into `who`, and the search is audited like a NIK search of applications.
   */
  const listAddress = async (req: Request, f: z.output<typeof filterSchema>): Promise<string | null> => {
    const typed = f.q ? identityIn(f.q) : null;
    if (!typed) return null;
    await deps.audit.record(dash(req).ctx.actor, 'ticket.search_by_identity', 'tickets', { kind: typed.kind });
    return `/dashboard/tickets${query({ ...f, q: undefined, page: undefined, who: sealSearch(deps.cipher, typed) })}`;
  };

  router.get('/', async (req, res) => {
    const { ctx } = dash(req);
    const moved = await listAddress(req, parseQuery(filterSchema, req));
    if (moved) return res.redirect(303, moved);
    const [{ f, list }, officers] = await Promise.all([listPage(req), deps.directory.officers()]);
    res.type('html').send(String(page(ctx, { title: 'Pengaduan', section: 'tickets', flash: flashFrom(req), body: ticketListBody({ ctx, list, filters: f, officers, topics, time }) })));
  });

  // The filter form posts, so a phone number or NIK typed into it never reaches an address.
  router.post('/search', async (req, res) => {
    const parsed = filterSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw userError('invalid_request', parsed.error.issues.map((i) => i.message).join(' '), 400);
    const f = { ...parsed.data, page: 1, who: parsed.data.q ? undefined : parsed.data.who };
    res.redirect(303, (await listAddress(req, f)) ?? `/dashboard/tickets${query({ ...f, page: undefined })}`);
  });

  router.get('/rows', async (req, res) => {
    const { f, list } = await listPage(req);
    res.type('html').set('Cache-Control', 'no-store').send(String(ticketTable(list, f, topics, time)));
  });

  const newPage = (req: Request, res: Response, status = 200, values?: NewTicketValues, errors?: string[]) => {
    const { ctx } = dash(req);
    res.status(status).type('html').send(String(page(ctx, { title: 'Catat pengaduan', section: 'tickets', body: newTicketBody({ ctx, topics, values, errors }) })));
  };

  router.get('/new', (req, res) => newPage(req, res));

  router.post('/new', async (req, res) => {
    const actor = dash(req).ctx.actor;
    const parsed = parseForm(newTicketForm(time.tz, time.now()), req.body);
    if (!parsed.ok) return newPage(req, res, 400, { ...req.body, confidential: req.body?.confidential === '1', assignToMe: req.body?.assignToMe === '1' }, parsed.messages);
    const f = parsed.data;
    const ticket = await desk.create(
      {
        channel: f.channel, topic: f.topic, body: f.body, name: f.name || null, phone: f.phone, nik: f.nik,
        confidential: f.confidential, attachments: f.attachments,
        // A phone number lets the response still reach the complainant on WhatsApp.
        chat: f.phone ? chatForPhone(deps.chats, f.phone) : null,
        receivedAt: f.receivedAt, laporTrackingId: f.laporTrackingId || null,
        assignee: f.assignToMe ? { id: actor.id, name: actor.name } : null,
      },
      actor,
    );
    res.redirect(303, `${ticketHref(ticket.number)}?ok=ticket_created`);
  });

  const numberOf = (req: Request) => {
    const parsed = numberSchema.safeParse(req.params.number);
    if (!parsed.success) throw userError('not_found', 'Pengaduan tidak ditemukan.', 404);
    return parsed.data;
  };

  /** Who was made responsible when, for the ticket's history: from the audit log, named by the staff directory. */
  const assignmentsOf = async (number: string, officers: { id: string; name: string }[]): Promise<Assignment[]> => {
    const names = new Map(officers.map((p) => [p.id, p.name]));
    const entries = (await deps.audit.forTarget(`ticket:${number}`)).filter((e) => e.action === 'ticket.assigned');
    return entries.map((e) => {
      const id = typeof e.details?.assignee === 'string' ? e.details.assignee : null;
      return { at: e.at, actorName: e.actorName, assignee: id ? (names.get(id) ?? 'petugas yang sudah tidak aktif') : null };
    });
  };

  const ticketOf = (number: string) =>
    desk.get(number).catch((err) => {
      throw isDomainError(err, 'not_found') ? userError('not_found', 'Pengaduan tidak ditemukan.', 404) : err;
    });

  /** `revealed`: a supervisor or admin just opened a confidential complainant (audited by the route). */
  const detailPage = async (req: Request, res: Response, number: string, status = 200, errors?: string[], revealed = false) => {
    const { ctx } = dash(req);
    const ticket = await ticketOf(number);
    const detail = ticketDetail(ticket, { tz: time.tz, cipher: deps.cipher, now: time.now(), viewer: ctx.actor, revealIdentity: revealed && mayRevealIdentity(ctx.actor) });
    // Showing a complainant's decrypted phone or NIK is a recorded act (as in the API).
    if (canSeeIdentity(ticket, ctx.actor) && (ticket.complainant.phoneSealed || ticket.complainant.nikSealed)) {
      await deps.audit.record(ctx.actor, 'ticket.identity_viewed', `ticket:${ticket.number}`);
    }
    const officers = await deps.directory.officers();
    const assignments = await assignmentsOf(number, officers);
    const files = await ticketFiles(deps.attachments, deps.cipher, ticket, ctx.actor);
    const chat = await ticketChatHref(deps.handoffs, deps.cipher, ticket, ctx.actor);
    res.status(status).type('html').send(String(page(ctx, { title: ticket.number, section: 'tickets', flash: flashFrom(req), body: ticketDetailBody({ ctx, ticket, detail, officers, topics, time, errors, mayReveal: mayRevealIdentity(ctx.actor), assignments, files, chat }) })));
  };

  router.get('/:number', (req, res) => detailPage(req, res, numberOf(req)));

  // One of the complaint's files, for a viewer who may open it (a confidential complaint's: supervisor, admin); audited.
  router.get('/:number/files/:fileId', async (req, res) => {
    const number = numberOf(req);
    const actor = dash(req).ctx.actor;
    const ticket = await ticketOf(number);
    if (!mayOpenTicketFiles(ticket, actor)) throw userError('forbidden', 'Pengaduan ini dirahasiakan: lampirannya hanya dapat dibuka supervisor atau admin.', 403);
    const found = await openTicketFile(deps.attachments, deps.cipher, ticket, String(req.params.fileId));
    // An address from a page opened before the file was removed says so; any other id is simply not found.
    if (!found) throw (await ticketFiles(deps.attachments, deps.cipher, ticket, actor)).gone > 0 ? fileGone() : userError('not_found', 'File tidak ditemukan pada pengaduan ini.', 404);
    const bytes = await readKept(found);
    // An inline photo loads with every visit of the page: once per person and sitting. A confidential
    // complaint's file opens only by a click (ticket-files-view.ts): each opening is its own row.
    await fileViews.record(actor, 'ticket.file_view', `ticket:${number}`, { file: found.info.id, kind: found.info.kind, confidential: ticket.confidential }, { every: ticket.confidential });
    sendFile(res, found.info, bytes);
  });

  /** Runs a desk action; a refusal the officer can act on is shown on the ticket page. */
  const act = async <T>(req: Request, res: Response, number: string, run: () => Promise<T>, ok: string | ((done: T) => string)) => {
    let done: T;
    try {
      done = await run();
    } catch (err) {
      const refusal = toAppError(err);
      if (refusal.staffText) return detailPage(req, res, number, refusal.status, [refusal.staffText]);
      throw err;
    }
    res.redirect(303, `${ticketHref(number)}?ok=${typeof ok === 'string' ? ok : ok(done)}`);
  };

  // A confidential complainant, opened by a supervisor or admin with a reason: on this response only, and audited (as the API's ?reveal=identity).
  router.post('/:number/reveal', async (req, res) => {
    const number = numberOf(req);
    const actor = dash(req).ctx.actor;
    if (!mayRevealIdentity(actor)) throw userError('forbidden', 'Identitas pelapor rahasia hanya dapat dibuka supervisor atau admin.', 403);
    const parsed = parseForm(revealForm, req.body);
    if (!parsed.ok) return detailPage(req, res, number, 400, parsed.messages);
    await ticketOf(number);
    await deps.audit.record(actor, 'ticket.identity_revealed', `ticket:${number}`, { reason: parsed.data.reason });
    res.set('Cache-Control', 'no-store');
    await detailPage(req, res, number, 200, undefined, true);
  });

  router.post('/:number/transition', async (req, res) => {
    const number = numberOf(req);
    const parsed = parseForm(transitionForm, req.body);
    if (!parsed.ok) return detailPage(req, res, number, 400, parsed.messages);
    await act(req, res, number, () => desk.transition(number, parsed.data.to as Stage, parsed.data.note || null, dash(req).ctx.actor), 'ticket_moved');
  });

  router.post('/:number/respond', async (req, res) => {
    const number = numberOf(req);
    const parsed = parseForm(responseForm, req.body);
    if (!parsed.ok) return detailPage(req, res, number, 400, parsed.messages);
    // Without a chat to answer on, the response is only recorded: the page must not say it was sent.
    await act(req, res, number, () => desk.respond(number, parsed.data.text, dash(req).ctx.actor), (t) => (t.chatSealed !== null ? 'ticket_responded' : 'ticket_response_recorded'));
  });

  router.post('/:number/reopen', async (req, res) => {
    const number = numberOf(req);
    const parsed = parseForm(reopenForm, req.body);
    if (!parsed.ok) return detailPage(req, res, number, 400, parsed.messages);
    await act(req, res, number, () => desk.reopen(number, parsed.data.reason, dash(req).ctx.actor), 'ticket_reopened');
  });

  router.post('/:number/assign', async (req, res) => {
    const number = numberOf(req);
    const actor = dash(req).ctx.actor;
    const choice = typeof req.body?.assignee === 'string' ? req.body.assignee : '';
    let assignee: { id: string; name: string } | null = null;
    if (choice === 'me') assignee = { id: actor.id, name: actor.name };
    else if (choice) {
      const person = (await deps.directory.officers()).find((p) => p.id === choice);
      if (!person) return detailPage(req, res, number, 400, ['Petugas yang dipilih tidak ditemukan.']);
      assignee = { id: person.id, name: person.name };
    }
    await act(req, res, number, () => desk.assign(number, assignee, actor), 'ticket_assigned');
  });

  return router;
}
