/**
 * Inbox pages: the queue, one chat with its full history, and the staff actions (claim, take
 * over, reply, close). Forms post and redirect; the live regions re-fetch the partials below
 * when the handoff service or the outbox announce a change. Each action is audited. The files
 * a person sent show under their messages (a photo inline, a voice note to play, a document to
 * download) and are served by this router: the same sign-in, role and confidential-complaint
 * cut as the text around them, each read audited, never cached, never sniffed or run.
 */
import { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Catalogue } from '../../conversation/catalogue';
import type { MessageLog } from '../../conversation/message-log';
import type { AttachmentInfo, AttachmentStore } from '../../attachments';
import { cannedDefaults, cannedReplies, expandShortcut } from '../../handoff/canned-replies';
import type { CannedReplyStore } from '../../handoff/canned-reply-store';
import { handoffTarget } from '../../handoff/handoff-routes';
import { MAX_REPLY_LENGTH, type Handoffs } from '../../handoff/handoff-service';
import type { Handoff } from '../../handoff/handoff-store';
import { mayRevealIdentity } from '../../complaints/ticket-view';
import { AppError } from '../../http/errors';
import type { AuditLog } from '../../staff/audit-log';
import { FileViewAudit } from '../../staff/view-audit';
import type { StaffUsers } from '../../staff/staff-users';
import { readKept, sendFile } from '../files';
import { parseForm, flashFrom } from '../forms';
import { userError } from '../error-page';
import { dash } from '../guard';
import { html, type SafeHtml } from '../html';
import { inboxCounter, page } from '../layout';
import { shownHistory } from './confidential-history';
import { contactOf, knownNames, namesFor, type ContactDeps } from './contact';
import { chatAddressSchema } from './desk-routes';
import { contactPanel } from './desk-views';
import type { InboxSignals } from './inbox-signals';
import type { TimeFormat } from '../time';
import { chatHeader, chatHref, chatPanel, historyList, inboxBody, QUEUE_TABS, queueList, replyBox, type InboxView, type QueueTab } from './inbox-views';

export interface InboxDeps {
  handoffs: Handoffs;
  signals: InboxSignals;
  messageLog: MessageLog;
  users: StaffUsers;
  audit: AuditLog;
  catalogue: Catalogue;
  /** The canned replies admins edit; seeded from the catalogue or the defaults. */
  canned: CannedReplyStore;
  time: TimeFormat;
  officeShortName: string;
  /** Where the contact panel beside a chat reads from. */
  contact: ContactDeps;
  /** The files people sent (src/attachments); without it messages show their type only. */
  attachments?: Pick<AttachmentStore, 'forChat' | 'open'>;
  /** File views recorded once per person and sitting (shared with the ticket pages); one of its own when absent. */
  fileViews?: FileViewAudit;
}

const thousands = (n: number) => n.toLocaleString('id-ID');
/** Too long is refused with the text kept in the box: the applicant never gets a cut message. */
export const tooLongMessage = (length: number) =>
  `Balasan terlalu panjang: ${thousands(length)} karakter, paling banyak ${thousands(MAX_REPLY_LENGTH)}. Balasan belum dikirim; persingkat atau bagi menjadi beberapa balasan.`;
const replySchema = z.object({
  text: z.string().trim().default(''),
  canned: z.string().max(MAX_REPLY_LENGTH).default(''),
});

/** An unknown tab in the address falls back to all chats: a filter, not a page to refuse. */
const tabOf = (req: Request): QueueTab => (typeof req.query.tab === 'string' && Object.hasOwn(QUEUE_TABS, req.query.tab) ? (req.query.tab as QueueTab) : 'all');

const ERRORS: Record<string, string> = {
  not_claimable: 'Percakapan ini sudah ditangani petugas lain. Gunakan "Ambil alih" bila perlu.',
  not_open: 'Percakapan ini sudah tidak ditangani petugas (sudah ditutup atau dikembalikan ke bot).',
};

export function inboxRoutes(deps: InboxDeps): Router {
  const { handoffs, messageLog, users, audit } = deps;
  const fileViews = deps.fileViews ?? new FileViewAudit(audit, deps.time);
  const router = Router();

  /** The chat a request names (by its ref, or a chat key typed in): pages only ever link by the ref. */
  const keyOf = async (req: Request): Promise<string> => {
    const parsed = chatAddressSchema.safeParse(req.params.chatKey);
    const key = parsed.success ? await handoffs.keyOf(parsed.data) : null;
    if (!key) throw userError('not_found', 'Percakapan tidak ditemukan.', 404);
    return key;
  };
  const hrefOf = (key: string) => chatHref(handoffs.refOf(key));
  const handoffOf = async (key: string): Promise<Handoff> => {
    const h = await handoffs.latest(key);
    if (!h) throw userError('not_found', 'Percakapan tidak ditemukan.', 404);
    return h;
  };
  const view = async (req: Request, ids: (string | null | undefined)[]): Promise<InboxView> => ({
    ctx: dash(req).ctx,
    time: deps.time,
    names: await users.names(ids.filter((i): i is string => Boolean(i))),
  });
  const canned = async (req: Request) =>
    cannedReplies(await deps.canned.list(() => cannedDefaults(deps.catalogue), deps.time.now()), {
      office: deps.officeShortName,
      staff: dash(req).ctx.actor.name,
      hour: DateTime.fromJSDate(deps.time.now(), { zone: deps.time.tz }).hour,
    });
  /** The history the viewer may see: a confidential complaint's conversation left out (confidential-history.ts). */
  const historyOf = (req: Request, h: Handoff) => shownHistory({ messageLog, contact: deps.contact }, h, dash(req).ctx.actor);
  /** The files under the messages shown, by the message's id as the history keeps it: none from a part left out. */
  const filesOf = async (h: Handoff, shown: { messages: { messageId: string; direction: string }[] }): Promise<Map<string, AttachmentInfo>> => {
    if (!deps.attachments) return new Map();
    const visible = new Set(shown.messages.filter((m) => m.direction === 'in').map((m) => m.messageId));
    return new Map((await deps.attachments.forChat(h.chatKey)).filter((f) => visible.has(f.messageRef)).map((f) => [f.messageRef, f]));
  };
  /** Who each chat in the queue is: names on the number's applications, the WhatsApp profile name. */
  const queueNames = async (queue: Handoff[]) => {
    const byPhone = await namesFor(deps.contact, queue.map((h) => h.phone));
    return new Map(queue.map((h) => [h.chatKey, knownNames(h, byPhone)]));
  };
  const partial = (res: Response, body: SafeHtml) => res.type('html').set('Cache-Control', 'no-store').send(String(body));

  const inboxPage = async (req: Request, res: Response, key: string | null, replyError?: string, replyText?: string, revealPhone = false) => {
    const queue = await handoffs.queue();
    const h = key ? await handoffOf(key) : null;
    const shown = h ? await historyOf(req, h) : { messages: [], hidden: 0, tickets: [] };
    const v = await view(req, [...queue.map((q) => q.claimedBy), h?.claimedBy, ...shown.messages.map((m) => m.staffUserId)]);
    const files = h ? await filesOf(h, shown) : new Map<string, AttachmentInfo>();
    const chat = h ? chatPanel(h, { header: chatHeader(h, v), history: historyList(shown.messages, v, { count: shown.hidden, tickets: shown.tickets, restricted: shown.restricted }, { ref: h.ref, byMessage: files }), reply: replyBox(h, await canned(req), v, replyError, replyText) }) : null;
    const contact = h ? contactPanel(await contactOf(deps.contact, h, v.ctx.actor), v, { allowed: mayRevealIdentity(v.ctx.actor), phone: revealPhone ? h.phone : null }) : null;
    if (h) await audit.record(v.ctx.actor, 'handoff.view', handoffTarget(h.chatKey));
    const err = typeof req.query.err === 'string' ? ERRORS[req.query.err] : undefined;
    res
      .status(replyError ? 400 : 200)
      .type('html')
      .send(
        String(
          page(v.ctx, {
            title: 'Kotak Masuk',
            section: 'inbox',
            flash: err ? { kind: 'error', text: err } : flashFrom(req),
            body: inboxBody({ queue: queueList(queue, h?.ref ?? null, v, await deps.signals.forQueue(queue), tabOf(req), await queueNames(queue)), chat, contact, selected: h?.ref ?? null, tab: tabOf(req) }),
          }),
        ),
      );
  };

  router.get('/', (req, res) => inboxPage(req, res, null));

  router.get('/queue', async (req, res) => {
    const selected = typeof req.query.selected === 'string' ? req.query.selected : null;
    const queue = await handoffs.queue();
    partial(res, queueList(queue, selected, await view(req, queue.map((q) => q.claimedBy)), await deps.signals.forQueue(queue), tabOf(req), await queueNames(queue)));
  });

  // The top bar's counter, re-fetched by the page script on every page when a chat changes.
  router.get('/counter', async (_req, res) => {
    const waiting = await deps.signals.chatsWaitingForAnswer();
    partial(res, html`${inboxCounter(waiting)}`);
  });

  router.get('/chat/:chatKey', async (req, res) => inboxPage(req, res, await keyOf(req)));

  router.get('/chat/:chatKey/header', async (req, res) => {
    const h = await handoffOf(await keyOf(req));
    partial(res, chatHeader(h, await view(req, [h.claimedBy])));
  });

  router.get('/chat/:chatKey/history', async (req, res) => {
    const h = await handoffOf(await keyOf(req));
    const shown = await historyOf(req, h);
    const files = { ref: h.ref, byMessage: await filesOf(h, shown) };
    partial(res, historyList(shown.messages, await view(req, shown.messages.map((m) => m.staffUserId)), { count: shown.hidden, tickets: shown.tickets, restricted: shown.restricted }, files));
  });

  // A file a person sent, for the viewer who may see the message it came with (else 404, as for a file that is not there).
  router.get('/chat/:chatKey/files/:fileId', async (req, res) => {
    const key = await keyOf(req);
    const h = await handoffOf(key);
    const fileId = typeof req.params.fileId === 'string' ? req.params.fileId : '';
    const found = deps.attachments ? await deps.attachments.open(key, fileId) : null;
    const visible = found ? (await filesOf(h, await historyOf(req, h))).has(found.info.messageRef) : false;
    if (!found || !visible) throw userError('not_found', 'File tidak ditemukan.', 404);
    const { info } = found;
    const bytes = await readKept(found);
    // A photo inline in the chat loads with every re-render: once per person and sitting (view-audit.ts).
    await fileViews.record(dash(req).ctx.actor, 'handoff.file_view', handoffTarget(key), { file: info.id, kind: info.kind });
    sendFile(res, info, bytes);
  });

  /** Runs a staff action; a known refusal (taken by someone else, already closed) becomes a message on the page. */
  const act = async (res: Response, key: string, run: () => Promise<string>) => {
    try {
      res.redirect(303, await run());
    } catch (err) {
      if (err instanceof AppError && ERRORS[err.code]) return res.redirect(303, `${hrefOf(key)}?err=${err.code}`);
      throw err;
    }
  };

  router.post('/chat/:chatKey/claim', async (req, res) => {
    const key = await keyOf(req);
    const takeOver = req.body?.takeOver === '1';
    const actor = dash(req).ctx.actor;
    await act(res, key, async () => {
      await handoffs.claim(key, actor.id, { takeOver });
      await audit.record(actor, takeOver ? 'handoff.take_over' : 'handoff.claim', handoffTarget(key));
      return `${hrefOf(key)}?ok=${takeOver ? 'taken_over' : 'claimed'}`;
    });
  });

  router.post('/chat/:chatKey/reply', async (req, res) => {
    const key = await keyOf(req);
    const actor = dash(req).ctx.actor;
    const parsed = parseForm(replySchema, req.body);
    // "/salam" alone is the canned reply it names (the page script expands it as one types).
    const text = parsed.ok ? expandShortcut(parsed.data.text, await canned(req)) || parsed.data.canned.trim() : '';
    if (!parsed.ok || !text) return inboxPage(req, res, key, parsed.ok ? 'Balasan tidak boleh kosong.' : parsed.messages.join(' '));
    if (text.length > MAX_REPLY_LENGTH) return inboxPage(req, res, key, tooLongMessage(text.length), text);
    await act(res, key, async () => {
      await handoffs.reply(key, actor.id, text);
      await audit.record(actor, 'handoff.reply', handoffTarget(key), { length: text.length });
      return `${hrefOf(key)}?ok=replied`;
    });
  });

  // A supervisor or an admin may see the full number (as on a ticket): shown on this response only, never in an address, and audited.
  router.post('/chat/:chatKey/reveal-phone', async (req, res) => {
    const key = await keyOf(req);
    const actor = dash(req).ctx.actor;
    if (!mayRevealIdentity(actor)) throw userError('forbidden', 'Nomor lengkap hanya dapat dibuka supervisor atau admin.', 403);
    const h = await handoffOf(key);
    if (!h.phone) throw userError('not_found', 'Percakapan ini tidak memiliki nomor HP.', 404);
    await audit.record(actor, 'contact.phone_revealed', handoffTarget(key));
    res.set('Cache-Control', 'no-store');
    await inboxPage(req, res, key, undefined, undefined, true);
  });

  router.post('/chat/:chatKey/close', async (req, res) => {
    const key = await keyOf(req);
    const actor = dash(req).ctx.actor;
    await act(res, key, async () => {
      if (!(await handoffs.closeByStaff(key))) throw new AppError('not_open', 'chat is not handed to staff', 409);
      await audit.record(actor, 'handoff.close', handoffTarget(key));
      return `/dashboard/inbox?ok=closed`;
    });
  });

  return router;
}
