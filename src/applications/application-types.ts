/**
 * The application record as the rest of the feature sees it: plain data, NIK/KK/phones only
 * as sealed values (keyed hash for lookup + AES-GCM ciphertext for authorised display).
 */
import type { StatusCode } from '../agency/profile-schema';

export interface Sealed {
  hash: string;
  cipher: string;
}

export type Route = 'regular' | 'emergency';
export type Funding = 'APBD' | 'APBN';

export interface HistoryEntry {
  status: StatusCode;
  at: Date;
  /** Staff user id, "api-token", or "import". */
  actor: string;
  note: string | null;
}

export interface Visit {
  /** The office's local date, YYYY-MM-DD. */
  date: string;
  /** "HH:MM-HH:MM", office local time. */
  timeWindow: string;
  /** Set once, atomically, when the day-before reminder is queued. */
  reminderSentAt: Date | null;
}

export type Decision =
  | { outcome: 'eligible' }
  | { outcome: 'not_eligible'; reason: string }
  | { outcome: 'waiting_list'; position: number; quotaPeriod: string | null };

export interface Application {
  id: string;
  agency: string;
  /** Upper-case, as printed on the counter receipt. */
  registrationNumber: string;
  name: string;
  nik: Sealed;
  kk: Sealed;
  dateOfBirth: string;
  /** E.164 numbers, sealed. */
  phones: Sealed[];
  /**
   * The receipt's verification code (verification-code.ts), sealed: the proof a chat other than
   * the registered number must give. Null on records from before codes existed until staff open them.
   */
  verification: Sealed | null;
  address: { kelurahan: string | null; kecamatan: string | null };
  route: Route;
  status: StatusCode;
  history: HistoryEntry[];
  visit: Visit | null;
  decision: Decision | null;
  /** Why an application was refused at the counter (ditolak). */
  rejectionReason: string | null;
  funding: Funding | null;
  proposalBatchDate: string | null;
  bpjsActivationDate: string | null;
  deactivationReason: string | null;
  notificationsOptOut: boolean;
  /**
   * Set when the person asked to restrict processing (UU 27/2022, src/privacy): the record is
   * kept as a public-service record but left out of lists, searches, status answers and reminders.
   */
  restrictedAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Bumped by every change; updates are conditional on it. */
  revision: number;
}

/** The status-dependent fields staff send with a status (API body, CSV row). */
export interface StatusDetails {
  reason?: string;
  waitingListPosition?: number;
  quotaPeriod?: string;
  funding?: Funding;
  proposalBatchDate?: string;
  bpjsActivationDate?: string;
  deactivationReason?: string;
}

export interface Actor {
  id: string;
  name: string;
}
