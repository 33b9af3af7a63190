/**
 * The handoff JSON API (/api/v1/handoffs) for staff tools and scripts: the queue, one chat's
 * history, claim, reply, close. Role `staff` (or admin); a dashboard session works too, with
 * its CSRF token. Every action and every history read lands in the audit log. It shows what the
 * inbox shows the same viewer, no more: chats by their ref, numbers masked, no address, and the
 * history with the inbox's confidential-complaint and restriction cut.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { maskPhone } from '../applications/sealing';
import type { LoggedMessage } from '../conversation/message-log';
import { requireRole, type Actor, type ApiAuthOptions } from '../http/api-auth';
import { AppError, zodToAppError } from '../http/errors';
import type { AuditLog } from '../staff/audit-log';
import { MAX_REPLY_LENGTH, type Handoffs } from './handoff-service';
import type { Handoff } from './handoff-store';

/**
 * How a request names a chat: the opaque key the desk and this API hand out (Handoff.ref), or,
 * from a tool that knows the number already, the chat key itself (<channel>:<chat id>). Pages and
 * answers only ever carry the ref.
 */
export const CHAT_ADDRESS = /^([a-f0-9]{64}|(whatsapp|simulator):[^\s/]{1,200})$/;
const chatAddressSchema = z.string().regex(CHAT_ADDRESS, 'must be a chat reference or <channel>:<chat id>');
const replySchema = z.object({ text: z.string().trim().min(1, 'must not be empty').max(MAX_REPLY_LENGTH, `must be at most ${MAX_REPLY_LENGTH} characters (longer replies are refused, never cut)`) }).strict();
const claimSchema = z.object({ takeOver: z.boolean().default(false) }).strict();

export const handoffTarget = (key: string) => `chat:${key}`;

/** A handoff as the inbox shows it (README, "Phone numbers"): addressed by its ref, the number masked, never the WhatsApp address. */
export const handoffView = (h: Handoff) => ({
  chatKey: h.ref,
  channel: h.channel,
  phone: h.phone ? maskPhone(h.phone) : null,
  senderName: h.senderName,
  status: h.status,
  reason: h.reason,
  requestedAt: h.requestedAt,
  claimedBy: h.claimedBy,
  claimedAt: h.claimedAt,
  lastActivityAt: h.lastActivityAt,
  closedAt: h.closedAt,
  closeReason: h.closeReason,
});

/** One message of the history as the inbox shows it: no chat address, no provider message id. */
const messageView = (m: LoggedMessage) => ({ direction: m.direction, author: m.author, type: m.type, text: m.text, at: m.at, staffUserId: m.staffUserId ?? null });

/** The history this viewer may see (the inbox's shownHistory): messages left out, and why. */
export type VisibleHistory = (h: Handoff, viewer: Actor) => Promise<{ messages: LoggedMessage[]; hidden: number; tickets: string[]; restricted?: boolean }>;

export function handoffApiRoutes(deps: { handoffs: Handoffs; history: VisibleHistory; audit: AuditLog; auth: ApiAuthOptions }): Router {
  const { handoffs, audit } = deps;
  const router = Router();
  router.use(requireRole(deps.auth, 'staff'));

  const keyOf = async (req: Request) => {
    const parsed = chatAddressSchema.safeParse(req.params.chatKey);
    if (!parsed.success) throw zodToAppError(parsed.error, 'chatKey');
    const key = await handoffs.keyOf(parsed.data);
    if (!key) throw new AppError('not_found', 'no handoff for this chat', 404);
    return key;
  };

  router.get('/', async (_req, res) => {
    res.json({ handoffs: (await handoffs.queue()).map(handoffView) });
  });

  router.get('/:chatKey', async (req, res) => {
    const key = await keyOf(req);
    const handoff = await handoffs.latest(key);
    if (!handoff) throw new AppError('not_found', 'no handoff for this chat', 404);
    await audit.record(req.actor!, 'handoff.view', handoffTarget(key));
    const shown = await deps.history(handoff, req.actor!);
    res.json({
      handoff: handoffView(handoff),
      messages: shown.messages.map(messageView),
      // As the inbox says it: how many earlier messages are left out, for a confidential complaint (its numbers) or a restriction.
      hidden: { count: shown.hidden, confidentialTickets: shown.tickets, restricted: Boolean(shown.restricted) },
    });
  });

  router.post('/:chatKey/claim', async (req, res) => {
    const key = await keyOf(req);
    const body = claimSchema.parse(req.body ?? {});
    const handoff = await handoffs.claim(key, req.actor!.id, body);
    await audit.record(req.actor!, body.takeOver ? 'handoff.take_over' : 'handoff.claim', handoffTarget(key));
    res.json({ handoff: handoffView(handoff) });
  });

  router.post('/:chatKey/reply', async (req, res) => {
    const key = await keyOf(req);
    const { text } = replySchema.parse(req.body ?? {});
    await handoffs.reply(key, req.actor!.id, text);
    await audit.record(req.actor!, 'handoff.reply', handoffTarget(key), { length: text.length });
    res.status(202).json({ status: 'queued' });
  });

  router.post('/:chatKey/close', async (req, res) => {
    const key = await keyOf(req);
    if (!(await handoffs.closeByStaff(key))) throw new AppError('not_open', 'chat is not handed to staff', 409);
    await audit.record(req.actor!, 'handoff.close', handoffTarget(key));
    res.json({ status: 'closed' });
  });

  return router;
}
