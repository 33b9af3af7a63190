/**
 * The inbox's views beyond the queue: closed chats (handed back to the bot), paged through an
 * index over everything retention keeps, with a search by the number's last digits (over the
 * same) or by name (the last 30 days); messages that finally failed (read from the outbox), with "Kirim ulang", which
 * writes a new entry to the same outbox (never sends directly); and staff notes on a contact.
 * Every change is audited.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { plain } from '../../http/plain-text';
import { maskPhoneNumbersIn } from '../../applications/personal-numbers';
import type { Outbox } from '../../conversation/outbox';
import type { ChannelName } from '../../conversation/inbound';
import type { ContactNotes } from '../../handoff/contact-notes-store';
import { CHAT_ADDRESS, handoffTarget } from '../../handoff/handoff-routes';
import type { Handoffs } from '../../handoff/handoff-service';
import type { Handoff } from '../../handoff/handoff-store';
import type { UndeliveredStore } from '../../handoff/undelivered-store';
import type { AuditLog } from '../../staff/audit-log';
import type { StaffUsers } from '../../staff/staff-users';
import { userError } from '../error-page';
import { flashFrom, parseForm, parseQuery } from '../forms';
import { dash } from '../guard';
import { page } from '../layout';
import type { TimeFormat } from '../time';
import { knownNames, maskedNumber, namesFor, type ContactDeps } from './contact';
import { numberQuery, tooShortNumber } from '../../handoff/phone-tail';
import { closedBody, failedBody, type ClosedRow, type ClosedScope, type FailedRow } from './desk-views';
import { chatHref, type InboxView } from './inbox-views';

export interface DeskDeps extends Pick<ContactDeps, 'applications'> {
  handoffs: Handoffs;
  outbox: Pick<Outbox, 'notDelivered' | 'failedSince' | 'enqueue' | 'drain'>;
  notes: ContactNotes;
  undelivered: UndeliveredStore;
  users: StaffUsers;
  audit: AuditLog;
  time: TimeFormat;
}

/** How far back a search of closed chats by name and the failed messages reach (the list itself and a search by number reach everything kept). */
export const CLOSED_DAYS = 30;
export const FAILED_DAYS = 14;
export const CLOSED_PER_PAGE = 20;
/** At most this many failed messages are listed (newest failures first). */
export const FAILED_LIMIT = 200;

/** A chat as a form or an address names it (CHAT_ADDRESS: its ref, or a chat key typed in). */
export const chatAddressSchema = z.string().regex(CHAT_ADDRESS, 'Percakapan tidak dikenal.');
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const closedQuery = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(100, 'Kata pencarian maksimal 100 karakter.').default('')),
  page: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Halaman harus angka.' }).int('Halaman harus bilangan bulat.').min(1, 'Halaman minimal 1.').max(10_000).default(1)),
});
const resendForm = z.object({
  chatKey: chatAddressSchema,
  outboxId: z.string().regex(/^[a-f0-9]{24}$/, 'Pesan tidak dikenal.'),
  back: z.enum(['chat', 'list']).default('list'),
});
const noteForm = z.object({ text: plain(z.string().trim().min(1, 'Catatan tidak boleh kosong.').max(1000, 'Catatan maksimal 1.000 karakter.'), 'note', 'Catatan tidak boleh memuat karakter kontrol.') });

const chatOf = (key: string) => {
  const at = key.indexOf(':');
  return { channel: key.slice(0, at) as ChannelName, chatId: key.slice(at + 1) };
};

export function deskRoutes(deps: DeskDeps): Router {
  const { handoffs, outbox, audit, time } = deps;
  const router = Router();
  const view = async (req: Request, ids: (string | null | undefined)[]): Promise<InboxView> => ({
    ctx: dash(req).ctx,
    time,
    names: await deps.users.names(ids.filter((i): i is string => Boolean(i))),
  });

  router.get('/closed', async (req, res) => {
    const q = parseQuery(closedQuery, req);
    const skip = (q.page - 1) * CLOSED_PER_PAGE;
    const byNumber = q.q ? numberQuery(q.q) : null;
    let shownHandoffs: Handoff[];
    let total: number;
    let names: Map<string, string[]>;
    let scope: ClosedScope = 'kept';
    if (!q.q) {
      // No search: one page through the (status, closedAt) index, however old.
      ({ rows: shownHandoffs, total } = await handoffs.closedPage(skip, CLOSED_PER_PAGE));
      names = await namesFor(deps, shownHandoffs.map((h) => h.phone));
    } else if (byNumber) {
      // Last digits: the handoffs whose number ends in the same 4 (a keyed hash, indexed), then what was typed against the opened numbers.
      const found = (await handoffs.closedByPhoneTail(byNumber.tail)).filter((h) => h.phone && byNumber.matches(h.phone, maskedNumber(h.phone)!));
      total = found.length;
      shownHandoffs = found.slice(skip, skip + CLOSED_PER_PAGE);
      names = await namesFor(deps, shownHandoffs.map((h) => h.phone));
    } else if (tooShortNumber(q.q)) {
      shownHandoffs = [];
      total = 0;
      names = new Map();
      scope = 'too_short';
    } else {
      // A name is sealed (WhatsApp profile) or on the number's applications: read in the recent window and matched here.
      const now = time.now();
      const recent = (await handoffs.requestedBetween(new Date(now.getTime() - CLOSED_DAYS * 86_400_000), new Date(now.getTime() + 1)))
        .filter((h) => h.status === 'closed')
        .sort((a, b) => (b.closedAt?.getTime() ?? 0) - (a.closedAt?.getTime() ?? 0));
      names = await namesFor(deps, recent.map((h) => h.phone));
      const needle = q.q.toLowerCase();
      const found = recent.filter((h) => knownNames(h, names).some((n) => n.toLowerCase().includes(needle)));
      total = found.length;
      shownHandoffs = found.slice(skip, skip + CLOSED_PER_PAGE);
      scope = 'recent';
    }
    const rows: ClosedRow[] = shownHandoffs.map((h) => ({ handoff: h, masked: maskedNumber(h.phone), names: knownNames(h, names) }));
    const v = await view(req, rows.map((r) => r.handoff.claimedBy));
    const body = closedBody({ rows, total, page: q.page, perPage: CLOSED_PER_PAGE, q: q.q, days: CLOSED_DAYS, scope }, v);
    res.type('html').send(String(page(v.ctx, { title: 'Percakapan selesai', section: 'inbox', flash: flashFrom(req), body })));
  });

  router.get('/failed', async (req, res) => {
    const now = time.now();
    // Read from the outbox itself (failed entries, indexed by failure time): failures from
    // before a restart are listed as well as today's.
    const failedEntries = await outbox.failedSince(new Date(now.getTime() - FAILED_DAYS * 86_400_000), FAILED_LIMIT);
    const byChat = new Map<string, typeof failedEntries>();
    for (const m of failedEntries) byChat.set(m.chatKey, [...(byChat.get(m.chatKey) ?? []), m]);
    const perChat = await Promise.all([...byChat].map(async ([key, failed]) => ({ key, failed, handoff: await handoffs.latest(key) })));
    const names = await namesFor(deps, perChat.map((c) => c.handoff?.phone ?? null));
    const resends = await deps.undelivered.resendsOf(perChat.flatMap((c) => c.failed.map((m) => String(m._id))));
    const rows: FailedRow[] = perChat
      .flatMap((c) =>
        c.failed.map((message) => ({
          ref: handoffs.refOf(c.key),
          masked: c.handoff?.phone ? maskedNumber(c.handoff.phone) : maskPhoneNumbersIn(chatOf(c.key).chatId),
          names: (c.handoff?.phone && names.get(c.handoff.phone)) || [],
          hasChat: c.handoff !== null,
          message,
          resent: resends.get(String(message._id)),
        })),
      )
      .sort((a, b) => b.message.createdAt.getTime() - a.message.createdAt.getTime());
    const v = await view(req, rows.map((r) => r.resent?.staffUserId));
    res.type('html').send(String(page(v.ctx, { title: 'Pesan gagal', section: 'inbox', flash: flashFrom(req), body: failedBody({ rows, days: FAILED_DAYS }, v) })));
  });

  router.post('/failed/resend', async (req, res) => {
    const parsed = parseForm(resendForm, req.body);
    if (!parsed.ok) throw userError('invalid_request', parsed.messages.join(' '), 400);
    const { chatKey: address, outboxId, back } = parsed.data;
    const actor = dash(req).ctx.actor;
    // A chat the desk has is found by its handoff; one that only failed messages name (no handoff), among the failures listed.
    const key =
      (await handoffs.keyOf(address)) ??
      (await outbox.failedSince(new Date(time.now().getTime() - FAILED_DAYS * 86_400_000), FAILED_LIMIT)).find((m) => handoffs.refOf(m.chatKey) === address)?.chatKey;
    const failed = key ? (await outbox.notDelivered(key, 50)).find((m) => String(m._id) === outboxId && m.status === 'failed') : undefined;
    if (!key || !failed) throw userError('not_found', 'Pesan ini tidak ditemukan atau sudah tidak berstatus gagal.', 404);
    // The same outbox as every message; the key makes a second click (or a colleague's) write nothing more.
    await outbox.enqueue([{ chat: chatOf(key), text: failed.text, source: failed.source, staffUserId: failed.source === 'staff' ? actor.id : null, dedupeKey: `resend:${outboxId}` }]);
    await outbox.drain(key);
    await deps.undelivered.recordResend({ outboxId, staffUserId: actor.id, staffName: actor.name, at: time.now() });
    await audit.record(actor, 'outbox.resend', handoffTarget(key), { outboxId, source: failed.source });
    const toChat = back === 'chat' && (await handoffs.latest(key)) !== null;
    res.redirect(303, toChat ? `${chatHref(handoffs.refOf(key))}?ok=resent` : '/dashboard/inbox/failed?ok=resent');
  });

  router.post('/chat/:chatKey/notes', async (req, res) => {
    const address = chatAddressSchema.safeParse(req.params.chatKey);
    const key = address.success ? await handoffs.keyOf(address.data) : null;
    if (!key || !(await handoffs.latest(key))) throw userError('not_found', 'Percakapan tidak ditemukan.', 404);
    const parsed = parseForm(noteForm, req.body);
    if (!parsed.ok) throw userError('invalid_request', parsed.messages.join(' '), 400);
    const actor = dash(req).ctx.actor;
    await deps.notes.add(key, parsed.data.text, actor, time.now());
    await audit.record(actor, 'contact.note', handoffTarget(key), { length: parsed.data.text.length });
    res.redirect(303, `${chatHref(handoffs.refOf(key))}?ok=note_added`);
  });

  return router;
}
