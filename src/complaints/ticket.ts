/**
 * The complaint ticket: its stages and which moves between them are allowed, the channels a
 * complaint arrives by, and the stored shape. Personal data lives only as hash + ciphertext.
 */
import type { Types } from 'mongoose';
import type { ChannelName, ChatRef } from '../conversation/inbound';
import type { ComplaintTopic } from '../conversation/services';

export const STAGES = ['baru', 'cek_administrasi', 'koordinasi', 'menunggu_pelapor', 'ditanggapi', 'selesai', 'ditutup'] as const;
export type Stage = (typeof STAGES)[number];

/** Stages in which the office still owes a first response and the clock runs. */
export const CLOCK_RUNNING: readonly Stage[] = ['baru', 'cek_administrasi', 'koordinasi'];
export const TERMINAL: readonly Stage[] = ['selesai', 'ditutup'];

/**
 * `ditanggapi` is reached only by sending a response (so it always means "the complainant got
 * an answer"), and `selesai` only after one; `ditutup` (duplicate, out of scope, no reply) is
 * open from any unfinished stage.
 */
const NEXT: Record<Stage, readonly Stage[]> = {
  baru: ['cek_administrasi', 'koordinasi', 'menunggu_pelapor', 'ditutup'],
  cek_administrasi: ['koordinasi', 'menunggu_pelapor', 'ditutup'],
  koordinasi: ['cek_administrasi', 'menunggu_pelapor', 'ditutup'],
  menunggu_pelapor: ['cek_administrasi', 'koordinasi', 'ditanggapi', 'ditutup'],
  ditanggapi: ['koordinasi', 'menunggu_pelapor', 'selesai', 'ditutup'],
  selesai: [],
  ditutup: [],
};

export function allowedNext(ticket: { stage: Stage; respondedAt: Date | null }): Stage[] {
  // Back from waiting to "ditanggapi" only makes sense when a response was already sent.
  return NEXT[ticket.stage].filter((s) => s !== 'ditanggapi' || ticket.respondedAt !== null);
}

/**
 * Where a complaint came in. `whatsapp` and `simulator` are the chats a complaint is filed from
 * (ticketChannelOf: never chosen by hand); the rest are logged by staff.
 */
export const TICKET_CHANNELS = ['whatsapp', 'complaint_box', 'email', 'website', 'walk_in', 'instagram', 'lapor', 'simulator'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];
/** The channels staff may log a complaint under: a chat's channel is the chat's own. */
export const LOGGED_CHANNELS = TICKET_CHANNELS.filter((c): c is Exclude<TicketChannel, 'simulator'> => c !== 'simulator');

/**
 * The intake channel of a complaint filed from a chat: the channel the chat is on (the chat
 * reference the channel port gave the message), whichever transport carries it — the Cloud API
 * and whatsapp-web.js are both `whatsapp`; the demo's simulator is never recorded as WhatsApp.
 */
const CHAT_INTAKE: Record<ChannelName, TicketChannel> = { whatsapp: 'whatsapp', simulator: 'simulator' };
export const ticketChannelOf = (chat: Pick<ChatRef, 'channel'>): TicketChannel => CHAT_INTAKE[chat.channel];

export interface StaffRef {
  id: string;
  name: string;
}

export interface HistoryEntry {
  from: Stage | null;
  to: Stage;
  at: Date;
  actorId: string;
  actorName: string;
  note: string | null;
}

export interface ResponseEntry {
  at: Date;
  actorId: string;
  actorName: string;
  text: string;
  /** Sent to the complainant's chat, or only recorded (no chat to answer on). */
  sentToChat: boolean;
}

export interface ComplainantReply {
  at: Date;
  text: string;
  attachments: number;
  /** The kept files (src/attachments ids) the answer came with; absent on answers recorded before ids were kept. */
  fileIds?: string[];
}

export interface Complainant {
  /** null: the complainant declined; the ticket is flagged as without complete identity. */
  name: string | null;
  phoneHash: string | null;
  phoneSealed: string | null;
  nikHash: string | null;
  nikSealed: string | null;
}

export interface TicketDoc {
  _id: Types.ObjectId;
  number: string;
  office: string;
  channel: TicketChannel;
  topic: ComplaintTopic;
  body: string;
  complainant: Complainant;
  identityComplete: boolean;
  confidential: boolean;
  attachments: number;
  /**
   * A complaint filed from a chat: the ids of the files kept while it was written (src/attachments),
   * which are its evidence, exactly. Absent on tickets filed before the ids were kept (see
   * src/complaints/ticket-files.ts for what those show) and on tickets staff logged by hand.
   */
  fileIds?: string[];
  /** Where answers go: cipher.hash(chatKey) to find the chat's tickets, the ref itself sealed. */
  chatHash: string | null;
  chatSealed: string | null;
  /** Keyed hash of chat + topic + body: the same complaint filed again within minutes is the first one. */
  fingerprint: string | null;
  /** A ticket filed from a chat: keyed hash of the inbound message that filed it (see ComplaintDesk.create). */
  filedFrom?: string;
  stage: Stage;
  history: HistoryEntry[];
  receivedAt: Date;
  responseDueAt: Date;
  /** A year the count crossed had no holiday table: only weekends were skipped. */
  provisional: boolean;
  /** Set while the office waits on the complainant (stage menunggu_pelapor). */
  pause: { since: Date; reason: string; resumeStage: Stage } | null;
  /** The response that stops the current deadline: cleared when the ticket is reopened. */
  respondedAt: Date | null;
  /**
   * The ticket's first response ever and the deadline it answered: kept when the ticket is
   * reopened, so reports count it as responded and time it (firstResponseOf below).
   */
  firstResponse?: { at: Date; dueAt: Date } | null;
  responses: ResponseEntry[];
  replies: ComplainantReply[];
  assignee: StaffRef | null;
  overdue: boolean;
  alerts: { reminderSentAt: Date | null; escalatedAt: Date | null };
  laporTrackingId: string | null;
  ratingRequestedAt: Date | null;
  rating: { score: number; comment: string | null; at: Date } | null;
  /**
   * Set when the complainant asked to restrict processing (UU 27/2022, src/privacy): the ticket is
   * kept but left out of lists, searches, reports, SLA alerts and the complainant's status answers.
   */
  restrictedAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Bumped by every change: updates are guarded by the revision they were decided on. */
  rev: number;
}

/**
 * When the office first answered, and the deadline it was due by. Tickets saved before
 * firstResponse existed fall back to the current response mark, then to the first entry of
 * their responses (one reopened then has lost only which deadline applied).
 */
export function firstResponseOf(t: Pick<TicketDoc, 'firstResponse' | 'respondedAt' | 'responseDueAt' | 'responses'>): { at: Date; dueAt: Date } | null {
  if (t.firstResponse) return t.firstResponse;
  const at = t.respondedAt ?? t.responses[0]?.at ?? null;
  return at ? { at, dueAt: t.responseDueAt } : null;
}
