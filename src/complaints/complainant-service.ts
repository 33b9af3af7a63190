/**
 * The complaint port the conversation flows use: filing from a chat, the ticket's status for
 * the person who filed it (and nobody else), and the follow-ups a ticket waits on from them —
 * an answer the office asked for, or the satisfaction rating after `selesai`. The files kept
 * while the complaint was written (the flow's draft carries their ids) and the one an answer came
 * with are the ticket's evidence by id: never guessed from the chat's recent files, which took an
 * unrelated photo when the form counted a file the service never stored.
 */
import type { PiiCipher } from '../applications/pii-crypto';
import { parseNik } from '../applications/nik';
import { formatDateId, formatDateTimeId } from '../calendar/format-id';
import type { AgencyProfile } from '../agency/profile-schema';
import type { Catalogue } from '../conversation/catalogue';
import { chatKey } from '../conversation/inbound';
import type { ChatIdentity, ComplaintFollowUp, ComplaintService } from '../conversation/services';
import { chatHash } from './chat-address';
import { COMPLAINANT, type ComplaintDesk } from './complaint-desk';
import { CLOCK_RUNNING, TERMINAL, ticketChannelOf, type TicketDoc } from './ticket';
import type { TicketStore } from './ticket-store';
import { responseTimeMessage } from '../agency/response-time';

/** The same complaint filed again from the same chat within this window (a whole second "kirim") is the first one. */
const DUPLICATE_WINDOW_MS = 30 * 60_000;

/** A rating asked for long ago no longer captures a bare "1"–"4" (it may mean a menu choice). */
const RATING_WINDOW_MS = 7 * 24 * 3_600_000;

/** A kept file's id (a MongoDB ObjectId in hex); a ticket names at most as many as a complaint may count. */
const FILE_ID = /^[0-9a-f]{24}$/;
const MAX_FILE_IDS = 100;

/** The ids as a ticket keeps them: well-formed, each once, in the order received. */
export const fileIdsOf = (ids: readonly string[] | undefined): string[] => [...new Set((ids ?? []).filter((id) => FILE_ID.test(id)))].slice(0, MAX_FILE_IDS);

/** How many files a ticket counts: the complaint's own and those its complainant's answers came with. */
export const filesCounted = (t: Pick<TicketDoc, 'attachments' | 'replies'>): number => t.attachments + t.replies.reduce((n, r) => n + r.attachments, 0);

export interface ComplainantDeps {
  desk: ComplaintDesk;
  store: TicketStore;
  cipher: PiiCipher;
  catalogue: Catalogue;
  profile: AgencyProfile;
}

export function createComplainantService(deps: ComplainantDeps): Required<ComplaintService> {
  const { desk, store, cipher, catalogue, profile } = deps;
  const tz = profile.office.timeZone;
  const t = (key: string, vars?: Record<string, string | number>) => catalogue.render(key, vars);

  const mine = (chat: ChatIdentity, stages?: readonly TicketDoc['stage'][]) =>
    store.forComplainant({ chatHash: chatHash(cipher, chat), phoneHash: chat.phone ? cipher.hash(chat.phone) : null }, stages);

  const filedBy = (ticket: TicketDoc, chat: ChatIdentity) =>
    ticket.chatHash === chatHash(cipher, chat) || (chat.phone !== null && ticket.complainant.phoneHash === cipher.hash(chat.phone));

  /** The flow seals the NIK before it enters session state; only a valid one is kept. */
  function unsealNik(sealed: string | null): string | null {
    if (!sealed) return null;
    const parsed = parseNik(cipher.decrypt(sealed));
    return parsed.ok ? parsed.nik : null;
  }

  const dueKey = (ticket: TicketDoc) => (ticket.provisional ? 'complaint_status.due_provisional' : responseTimeMessage(profile, 'complaint_status.due'));

  function statusOf(ticket: TicketDoc): string {
    const lines = [
      t('complaint_status.status', {
        number: ticket.number,
        received: formatDateTimeId(ticket.receivedAt, tz),
        stage: t(`complaint_status.stage_${ticket.stage}`),
      }),
    ];
    if (!ticket.respondedAt && !TERMINAL.includes(ticket.stage)) {
      if (ticket.pause) lines.push(t('complaint_status.paused', { reason: ticket.pause.reason }));
      else lines.push(t(dueKey(ticket), { due: formatDateTimeId(ticket.responseDueAt, tz) }));
    }
    for (const response of ticket.responses) lines.push(t('complaint_status.response', { at: formatDateId(response.at, tz), text: response.text }));
    if (ticket.rating) lines.push(t('complaint_status.rating_given', { score: ticket.rating.score }));
    return lines.join('\n\n');
  }

  async function pendingFollowUp({ chat, now }: { chat: ChatIdentity; now: Date }): Promise<ComplaintFollowUp | null> {
    const tickets = await mine(chat, ['menunggu_pelapor', 'selesai']);
    const waiting = tickets.find((x) => x.stage === 'menunggu_pelapor');
    if (waiting) return { kind: 'reply', number: waiting.number };
    const rating = tickets.find((x) => x.stage === 'selesai' && !x.rating && x.ratingRequestedAt && now.getTime() - x.ratingRequestedAt.getTime() < RATING_WINDOW_MS);
    return rating ? { kind: 'rating', number: rating.number } : null;
  }

  return {
    async file({ chat, messageId, draft, now }) {
      const body = draft.body.join('\n');
      const fingerprint = cipher.hash(`${chatKey(chat)}\n${draft.topic}\n${body}`);
      // The message that confirms the filing files it once, whenever it is handled again (desk.create).
      const filedFrom = cipher.hash(`complaint-filing:${chat.channel}:${messageId}`);
      const earlier = await store.sameComplaintSince(chatHash(cipher, chat), fingerprint, new Date(now.getTime() - DUPLICATE_WINDOW_MS));
      if (earlier && earlier.filedFrom !== filedFrom) return { number: earlier.number, dueAt: earlier.responseDueAt, provisional: earlier.provisional, earlier: true };
      const ticket = await desk.create(
        {
          channel: ticketChannelOf(chat),
          topic: draft.topic,
          body,
          name: draft.name,
          phone: chat.phone,
          nik: unsealNik(draft.nikSealed),
          confidential: draft.confidential,
          attachments: draft.attachments,
          fileIds: fileIdsOf(draft.attachmentIds),
          chat: { channel: chat.channel, chatId: chat.chatId },
          receivedAt: now,
          fingerprint,
          filedFrom,
        },
        COMPLAINANT,
      );
      return { number: ticket.number, dueAt: ticket.responseDueAt, provisional: ticket.provisional };
    },

    async statusText({ chat, number }) {
      const ticket = await store.byNumber(number);
      // Someone else's ticket reads exactly like a missing one.
      if (!ticket || !filedBy(ticket, chat)) return null;
      return statusOf(ticket);
    },

    async listOwn(chat) {
      const open = (await mine(chat)).filter((x) => !TERMINAL.includes(x.stage));
      return open.map((x) => ({ number: x.number, stage: x.stage, awaitingResponse: CLOCK_RUNNING.includes(x.stage) }));
    },

    pendingFollowUp,

    async recordReply({ chat, text, attachments, fileIds }) {
      const waiting = (await mine(chat, ['menunggu_pelapor']))[0];
      if (!waiting) return null;
      const ticket = await desk.complainantReplied(waiting.number, { text, attachments, fileIds: fileIdsOf(fileIds) });
      return { number: ticket.number, dueAt: ticket.respondedAt ? null : ticket.responseDueAt };
    },

    async recordRating({ chat, rating, comment, now }) {
      if (!Number.isInteger(rating) || rating < 1 || rating > 4) return false;
      const pending = await pendingFollowUp({ chat, now });
      if (pending?.kind !== 'rating') return false;
      return desk.rate(pending.number, rating, comment?.trim() || null);
    },

    async recordRatingComment({ chat, number, comment }) {
      const ticket = await store.byNumber(number);
      if (!ticket || !filedBy(ticket, chat)) return false;
      return desk.commentOnRating(number, comment);
    },
  };
}
