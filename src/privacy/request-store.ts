/**
 * The register of data-subject requests (UU 27/2022): each request an applicant makes about
 * their own data — to see or copy it, correct it, erase it, restrict it — is written down when
 * it is received, until an admin records how it was answered. Access, correction and
 * restriction requests get the deadline the law sets for them (3×24 hours from receipt, counted
 * in clock hours: the law says hours, not working days); erasure and other requests get none,
 * since the checked text of the law (shared/reference/domain-facts.md) names no deadline for
 * them. A request open past its deadline is overdue; the register shows it so.
 *
 * The person is named only by the keyed pseudonym the audit log uses (subjectTarget) and the
 * masked label ("NIK 6371********0001"); free text is kept with NIKs and phone numbers masked.
 * Nothing here holds a NIK, a KK or a phone number in clear.
 */
import { Schema, Types, type Connection } from 'mongoose';
import { maskPersonalNumbers } from '../applications/personal-numbers';

/** The law's response deadline for access, correction and restriction requests: 3×24 hours from receipt. */
export const RESPONSE_HOURS = 72;
const HOUR_MS = 3_600_000;

export const REQUEST_KINDS = ['access', 'correction', 'erasure', 'restriction', 'other'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
/** The kinds the law answers within 3×24 hours (UU 27/2022); the others have no deadline here. */
export const DEADLINE_KINDS: readonly RequestKind[] = ['access', 'correction', 'restriction'];
export const hasDeadline = (kind: RequestKind): boolean => DEADLINE_KINDS.includes(kind);
export const REQUEST_CHANNELS = ['counter', 'letter', 'email', 'whatsapp', 'phone', 'other'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];
export const REQUEST_OUTCOMES = ['answered', 'refused'] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

export interface StaffName {
  id: string;
  name: string;
}

export interface DataSubjectRequest {
  id: string;
  /** "PDP-2026-0001": what staff and the applicant call it. */
  number: string;
  /** The audit log's pseudonym of the person (subjectTarget). */
  subjectTarget: string;
  /** How pages name the person: masked. */
  subjectLabel: string;
  kind: RequestKind;
  channel: RequestChannel;
  note: string;
  receivedAt: Date;
  /** Null for a kind without a legal deadline (erasure, other). */
  dueAt: Date | null;
  status: 'open' | RequestOutcome;
  closedAt: Date | null;
  closedBy: StaffName | null;
  outcomeNote: string | null;
  createdBy: StaffName;
  createdAt: Date;
}

type Stored = Omit<DataSubjectRequest, 'id'> & { _id: Types.ObjectId };

const staffName = new Schema<StaffName>({ id: { type: String, required: true }, name: { type: String, required: true } }, { _id: false });
const requestSchema = new Schema<Stored>(
  {
    number: { type: String, required: true },
    subjectTarget: { type: String, required: true },
    subjectLabel: { type: String, required: true },
    kind: { type: String, enum: REQUEST_KINDS, required: true },
    channel: { type: String, enum: REQUEST_CHANNELS, required: true },
    note: { type: String, default: '' },
    receivedAt: { type: Date, required: true },
    dueAt: { type: Date, default: null },
    status: { type: String, enum: ['open', ...REQUEST_OUTCOMES], required: true },
    closedAt: { type: Date, default: null },
    closedBy: { type: staffName, default: null },
    outcomeNote: { type: String, default: null },
    createdBy: { type: staffName, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'privacy_requests' },
);
requestSchema.index({ number: 1 }, { unique: true });
// The register: open requests by deadline, then the answered ones newest first.
requestSchema.index({ status: 1, dueAt: 1 });
requestSchema.index({ subjectTarget: 1, receivedAt: -1 });

const counterSchema = new Schema<{ _id: string; seq: number }>({ _id: String, seq: Number }, { versionKey: false, collection: 'privacy_request_counters' });

/** When a request of that kind received at that moment must be answered by; null when the law sets no deadline for it. */
export const dueAtFor = (receivedAt: Date, kind: RequestKind): Date | null => (hasDeadline(kind) ? new Date(receivedAt.getTime() + RESPONSE_HOURS * HOUR_MS) : null);

/** The deadline that counts: none for a kind without one, also on records written before kinds were told apart. */
export const deadlineOf = (r: Pick<DataSubjectRequest, 'kind' | 'dueAt'>): Date | null => (hasDeadline(r.kind) ? r.dueAt : null);

/** Open and past its deadline. */
export const isOverdue = (r: Pick<DataSubjectRequest, 'status' | 'dueAt' | 'kind'>, now: Date): boolean => {
  const due = deadlineOf(r);
  return r.status === 'open' && due !== null && due.getTime() < now.getTime();
};

const plain = (doc: Stored): DataSubjectRequest => {
  const { _id, ...rest } = doc;
  return { id: String(_id), ...rest };
};

/** What staff record when a request comes in; the rest (number, deadline, status) the register sets. */
export type NewRequest = Pick<DataSubjectRequest, 'subjectTarget' | 'subjectLabel' | 'kind' | 'channel' | 'note' | 'receivedAt'>;

export class RequestRegister {
  private readonly model;
  private readonly counters;

  constructor(connection: Connection) {
    this.model = connection.models.DataSubjectRequest ?? connection.model<Stored>('DataSubjectRequest', requestSchema);
    this.counters = connection.models.DataSubjectRequestCounter ?? connection.model('DataSubjectRequestCounter', counterSchema);
  }

  async register(input: NewRequest, by: StaffName, now: Date): Promise<DataSubjectRequest> {
    const year = input.receivedAt.getUTCFullYear();
    const counter = await this.counters.findOneAndUpdate({ _id: `pdp-${year}` }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean();
    const doc = await this.model.create({
      ...input,
      note: maskPersonalNumbers(input.note),
      number: `PDP-${year}-${String(counter!.seq).padStart(4, '0')}`,
      dueAt: dueAtFor(input.receivedAt, input.kind),
      status: 'open',
      closedAt: null,
      closedBy: null,
      outcomeNote: null,
      createdBy: by,
      createdAt: now,
    });
    return plain(doc.toObject() as Stored);
  }

  /** Records how an open request was answered; null when it is not open (already closed, unknown). */
  async close(id: string, outcome: RequestOutcome, note: string, by: StaffName, now: Date): Promise<DataSubjectRequest | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await this.model
      .findOneAndUpdate({ _id: new Types.ObjectId(id), status: 'open' }, { $set: { status: outcome, closedAt: now, closedBy: by, outcomeNote: maskPersonalNumbers(note) } }, { returnDocument: 'after' })
      .lean<Stored>();
    return doc ? plain(doc) : null;
  }

  /** Every open request, the nearest deadline first, then those without one by receipt. */
  async open(): Promise<DataSubjectRequest[]> {
    const rows = (await this.model.find({ status: 'open' }).sort({ dueAt: 1 }).lean<Stored[]>()).map(plain);
    const key = (r: DataSubjectRequest) => deadlineOf(r)?.getTime() ?? Number.MAX_SAFE_INTEGER;
    return rows.sort((a, b) => key(a) - key(b) || a.receivedAt.getTime() - b.receivedAt.getTime());
  }

  /** The most recently answered or refused requests. */
  async recentlyClosed(limit = 50): Promise<DataSubjectRequest[]> {
    return (await this.model.find({ status: { $in: [...REQUEST_OUTCOMES] } }).sort({ closedAt: -1 }).limit(limit).lean<Stored[]>()).map(plain);
  }

  /** How many are open, and how many of those are past their deadline (the page headers). */
  async counts(now: Date): Promise<{ open: number; overdue: number }> {
    const [open, overdue] = await Promise.all([
      this.model.countDocuments({ status: 'open' }),
      this.model.countDocuments({ status: 'open', dueAt: { $lt: now }, kind: { $in: [...DEADLINE_KINDS] } }),
    ]);
    return { open, overdue };
  }

  /** The person's requests, newest first (the findings page). */
  async ofSubject(subjectTarget: string): Promise<DataSubjectRequest[]> {
    return (await this.model.find({ subjectTarget }).sort({ receivedAt: -1 }).lean<Stored[]>()).map(plain);
  }
}
