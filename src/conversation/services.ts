/**
 * The services flows may use. Each feature folder implements its own port; the engine hands
 * them to flows on the context, so a flow never touches mongoose or a channel.
 */
import type { ChatRef } from './inbound';

export interface ChatIdentity extends ChatRef {
  /** E.164 when the channel knows the number; null for opaque ids (WhatsApp @lid). */
  phone: string | null;
  /** The name the person's WhatsApp profile shows, when the channel gives one (for the staff desk). */
  name?: string;
}

/** Dates an applicant asks about, computed from the office profile and calendar. */
export interface ScheduleService {
  /** "Kamis, 10 Desember 2026" */
  formatDate(at: Date): string;
  /** "Kamis, 26 November 2026 pukul 16.00 WITA" */
  formatDateTime(at: Date): string;
  nextProcessingDate(now: Date): Date | null;
  nextActivationDate(now: Date): Date | null;
  reconciliationDate(now: Date): Date | null;
  isOfficeOpen(now: Date): boolean;
  /** Is the office's local date of `at` a working day (not a weekend, holiday or closure)? */
  isWorkingDay(at: Date): boolean;
  /** Do the two instants fall on the same local date in the office's time zone? */
  sameDay(a: Date, b: Date): boolean;
  nextOpening(now: Date): Date;
}

export type ApplicationCheck =
  | { kind: 'found'; text: string }
  /** The sender must prove the NIK is theirs with the receipt's verification code; `pending` is the sealed NIK. */
  | { kind: 'need_registration_number'; pending: string }
  /** Said the same way whether or not the NIK exists. */
  | { kind: 'neutral' }
  | { kind: 'paused'; until: Date }
  | { kind: 'daily_limit' };

export interface ApplicationService {
  /** `nik` is a valid NIK or a `pending` token from an earlier answer; `proof` is the person's reply with the receipt's verification code. */
  check(input: { chat: ChatIdentity; nik: string; proof?: string; now: Date }): Promise<ApplicationCheck>;
  /** The sender's own applications' upcoming home visits (by their WhatsApp number). */
  upcomingVisitText(chat: ChatIdentity, now: Date): Promise<string | null>;
}

export const COMPLAINT_TOPICS = ['loket', 'kepesertaan', 'petugas', 'bansos_lain', 'lainnya'] as const;
export type ComplaintTopic = (typeof COMPLAINT_TOPICS)[number];

export type ComplaintDraft = {
  topic: ComplaintTopic;
  body: string[];
  name: string | null;
  /** Sealed with IdentityService.seal, masked form for the summary. */
  nikSealed: string | null;
  nikMasked: string | null;
  attachments: number;
  /**
   * The ids of the files kept while the complaint was written (the ones `attachments` counts that
   * the service stored): the ticket names exactly these. Absent in a draft saved before they were kept.
   */
  attachmentIds?: string[];
  confidential: boolean;
};

export interface ComplaintService {
  /** Idempotent on `messageId`, the inbound message that confirms the filing: handled again, it files nothing new. */
  /** `earlier`: the same complaint from this chat was filed a little before: its ticket, nothing new filed. */
  file(input: { chat: ChatIdentity; messageId: string; draft: ComplaintDraft; now: Date }): Promise<{ number: string; dueAt: Date; provisional: boolean; earlier?: true }>;
  /** The ticket's stage text, or null when it does not exist or was filed from another number. */
  statusText(input: { chat: ChatIdentity; number: string; now: Date }): Promise<string | null>;
  /** Open tickets filed by this chat (for "status aduan" without a number). */
  /** The chat's open tickets; `awaitingResponse` while the office still owes its response. */
  listOwn(chat: ChatIdentity): Promise<{ number: string; stage: string; awaitingResponse: boolean }[]>;
  /** A satisfaction rating reply for a finished ticket (1–4); false when no rating is pending. */
  recordRating?(input: { chat: ChatIdentity; rating: number; comment?: string; now: Date }): Promise<boolean>;
  /** The optional comment after a rating; false when that ticket has no rating or already a comment. */
  recordRatingComment?(input: { chat: ChatIdentity; number: string; comment: string; now: Date }): Promise<boolean>;
  /** What a ticket of this chat waits on from the person: an answer the office asked for, or a rating. */
  pendingFollowUp?(input: { chat: ChatIdentity; now: Date }): Promise<ComplaintFollowUp | null>;
  /** The person's answer while the office waited on them: the clock resumes; dueAt is the new deadline (null once answered). */
  /** `fileIds`: the kept file the answer came with (AttachmentNote's id), which the ticket then names. */
  recordReply?(input: { chat: ChatIdentity; text: string; attachments: number; fileIds?: string[]; now: Date }): Promise<{ number: string; dueAt: Date | null } | null>;
}

export type ComplaintFollowUp = { kind: 'reply' | 'rating'; number: string };

export interface HandoffService {
  /** Put the chat in the staff queue; returns how many chats wait before it. */
  /** `expectedMinutes` comes from recent waiting times; null when there is no history yet. */
  request(input: { chat: ChatIdentity; reason: 'asked' | 'misunderstood' | 'complaint'; now: Date }): Promise<{ waiting: number; expectedMinutes: number | null }>;
}

export interface NotificationPreferences {
  setOptOut(chat: ChatIdentity, optedOut: boolean): Promise<void>;
}

export type NikLookup =
  | { kind: 'none' }
  | { kind: 'invalid'; message: string }
  | { kind: 'valid'; nik: string; masked: string };

/** NIK handling for flows: finding one in a message, and sealing it before it enters session state. */
export interface IdentityService {
  findNik(text: string): NikLookup;
  /** An opaque encrypted token: session state never holds a NIK in plain text. */
  seal(nik: string): string;
  /** The text with every NIK/KK-like number masked (for free text that is kept). */
  mask(text: string): string;
}

export interface FlowServices {
  identity: IdentityService;
  schedule: ScheduleService;
  applications: ApplicationService;
  complaints: ComplaintService;
  handoff: HandoffService;
  notifications: NotificationPreferences;
}
