/**
 * Tickets and their number counters in MongoDB. The repository hides mongoose: callers get
 * plain objects, and every change is one atomic single-document update guarded by the state
 * it was decided on (no transactions: this must run on a standalone server).
 */
import { Schema, Types, type Connection, type QueryFilter, type UpdateQuery } from 'mongoose';
import { CLOCK_RUNNING, STAGES, TICKET_CHANNELS, type Stage, type TicketChannel, type TicketDoc } from './ticket';
import { isDuplicateKey } from '../db/duplicate-key';

const staffRef = new Schema({ id: { type: String, required: true }, name: { type: String, required: true } }, { _id: false });

const ticketSchema = new Schema<TicketDoc>(
  {
    number: { type: String, required: true },
    office: { type: String, required: true },
    channel: { type: String, enum: TICKET_CHANNELS, required: true },
    topic: { type: String, required: true },
    body: { type: String, required: true },
    complainant: {
      type: new Schema(
        {
          name: { type: String, default: null },
          phoneHash: { type: String, default: null },
          phoneSealed: { type: String, default: null },
          nikHash: { type: String, default: null },
          nikSealed: { type: String, default: null },
        },
        { _id: false },
      ),
      required: true,
    },
    identityComplete: { type: Boolean, required: true },
    confidential: { type: Boolean, default: false },
    attachments: { type: Number, default: 0 },
    // No default: an absent list marks a ticket filed before its files' ids were kept.
    fileIds: { type: [String], default: undefined },
    chatHash: { type: String, default: null },
    chatSealed: { type: String, default: null },
    fingerprint: { type: String, default: null },
    filedFrom: { type: String },
    stage: { type: String, enum: STAGES, required: true },
    history: [
      new Schema(
        {
          from: { type: String, default: null },
          to: { type: String, required: true },
          at: { type: Date, required: true },
          actorId: { type: String, required: true },
          actorName: { type: String, required: true },
          note: { type: String, default: null },
        },
        { _id: false },
      ),
    ],
    receivedAt: { type: Date, required: true },
    responseDueAt: { type: Date, required: true },
    provisional: { type: Boolean, default: false },
    pause: {
      type: new Schema(
        { since: { type: Date, required: true }, reason: { type: String, required: true }, resumeStage: { type: String, required: true } },
        { _id: false },
      ),
      default: null,
    },
    respondedAt: { type: Date, default: null },
    firstResponse: { type: new Schema({ at: { type: Date, required: true }, dueAt: { type: Date, required: true } }, { _id: false }), default: null },
    responses: [
      new Schema(
        {
          at: { type: Date, required: true },
          actorId: { type: String, required: true },
          actorName: { type: String, required: true },
          text: { type: String, required: true },
          sentToChat: { type: Boolean, required: true },
        },
        { _id: false },
      ),
    ],
    replies: [new Schema({ at: { type: Date, required: true }, text: { type: String, default: '' }, attachments: { type: Number, default: 0 }, fileIds: { type: [String], default: undefined } }, { _id: false })],
    assignee: { type: staffRef, default: null },
    overdue: { type: Boolean, default: false },
    alerts: {
      reminderSentAt: { type: Date, default: null },
      escalatedAt: { type: Date, default: null },
    },
    laporTrackingId: { type: String, default: null },
    ratingRequestedAt: { type: Date, default: null },
    rating: {
      type: new Schema({ score: { type: Number, required: true }, comment: { type: String, default: null }, at: { type: Date, required: true } }, { _id: false }),
      default: null,
    },
    restrictedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    rev: { type: Number, default: 0 },
  },
  { versionKey: false, collection: 'tickets' },
);
ticketSchema.index({ number: 1 }, { unique: true });
ticketSchema.index({ stage: 1, receivedAt: -1 });
ticketSchema.index({ chatHash: 1, receivedAt: -1 });
ticketSchema.index({ chatHash: 1, fingerprint: 1 });
// One ticket per inbound message, however often the message is handled again.
ticketSchema.index({ filedFrom: 1 }, { unique: true, sparse: true });
ticketSchema.index({ 'complainant.phoneHash': 1 });
// A data-subject request finds a complainant's tickets by NIK too (src/privacy).
ticketSchema.index({ 'complainant.nikHash': 1 });
ticketSchema.index({ respondedAt: 1, responseDueAt: 1 });
// The ticket list, newest (or oldest) first, read one page at a time.
ticketSchema.index({ receivedAt: -1, number: -1 });

interface Counter {
  series: string;
  seq: number;
  /** Who took the last numbers, oldest first: the last one took `seq`, the one before `seq - 1`… */
  takenBy?: string[];
}
const counterSchema = new Schema<Counter>(
  { series: { type: String, required: true }, seq: { type: Number, required: true }, takenBy: { type: [String], default: undefined } },
  { versionKey: false, collection: 'ticket_counters' },
);
counterSchema.index({ series: 1 }, { unique: true });

/** How many of a series' latest numbers remember who took them (nextSequence). */
const TAKERS_KEPT = 100;

export interface TicketFilter {
  stage?: Stage;
  overdue?: boolean;
  assignee?: string;
  unassigned?: boolean;
  channel?: TicketChannel;
  receivedFrom?: Date;
  receivedBefore?: Date;
}

export type NewTicket = Omit<TicketDoc, '_id' | 'number'>;

/** Lists, searches, reports, SLA alerts and the complainant's own view leave out restricted tickets (src/privacy). */
const VISIBLE: QueryFilter<TicketDoc> = { restrictedAt: null };

/** overdue.ts isLateNow as a query: unanswered, clock running, deadline strictly passed. */
const lateNow = (now: Date): QueryFilter<TicketDoc> => ({ respondedAt: null, stage: { $in: [...CLOCK_RUNNING] }, responseDueAt: { $lt: now } });
/** Unanswered, clock running, deadline not passed yet: the complement of lateNow among those. */
const stillDue = (now: Date): QueryFilter<TicketDoc> => ({ respondedAt: null, stage: { $in: [...CLOCK_RUNNING] }, responseDueAt: { $gte: now } });

export class TicketStore {
  readonly tickets;
  readonly counters;

  constructor(connection: Connection) {
    this.tickets = connection.models.ComplaintTicket ?? connection.model<TicketDoc>('ComplaintTicket', ticketSchema);
    this.counters = connection.models.ComplaintCounter ?? connection.model<Counter>('ComplaintCounter', counterSchema);
  }

  /**
   * The number in a series (e.g. "ADU-BJM-2611") for the filing `taker`: one atomic update both
   * takes the next value and records who took it, so concurrent callers each get their own value
   * and a filing taken up again after a crash gets its own number back (none is skipped, as long
   * as fewer than TAKERS_KEPT others took one in between). The update matches no counter the
   * taker is already recorded in; its upsert then collides on the unique index, as two first-ever
   * upserts of a series do: either way the counter is read, and the loser of a race retries.
   */
  async nextSequence(series: string, taker: string = String(new Types.ObjectId())): Promise<number> {
    await this.counters.init(); // the unique index must exist before the first upsert
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.counters
          .findOneAndUpdate(
            { series, takenBy: { $ne: taker } },
            { $inc: { seq: 1 }, $push: { takenBy: { $each: [taker], $slice: -TAKERS_KEPT } } },
            { upsert: true, returnDocument: 'after' },
          )
          .lean<Counter>()
          .exec();
        return doc!.seq;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 5) throw err;
        const taken = await this.counters.findOne({ series, takenBy: taker }).lean<Counter>().exec();
        if (taken?.takenBy) return taken.seq - (taken.takenBy.length - 1 - taken.takenBy.indexOf(taker));
      }
    }
  }

  async insert(number: string, ticket: NewTicket): Promise<TicketDoc> {
    const doc = await this.tickets.create({ ...ticket, _id: new Types.ObjectId(), number });
    return doc.toObject() as TicketDoc;
  }

  async byNumber(number: string): Promise<TicketDoc | null> {
    return this.tickets.findOne({ number }).lean<TicketDoc>().exec();
  }

  /**
   * Claims one alert of one ticket: sets the flag only where it is still null and the ticket
   * still qualifies, so of any number of concurrent monitors exactly one gets the ticket back.
   * A reminder needs the ticket still due (not late); an escalation needs it late now
   * (overdue.ts isLateNow) and records it as overdue.
   */
  async claimReminder(number: string, now: Date): Promise<TicketDoc | null> {
    return this.claim(number, 'reminderSentAt', stillDue(now), { 'alerts.reminderSentAt': now });
  }

  async claimEscalation(number: string, now: Date): Promise<TicketDoc | null> {
    return this.claim(number, 'escalatedAt', lateNow(now), { 'alerts.escalatedAt': now, overdue: true });
  }

  private async claim(number: string, flag: 'reminderSentAt' | 'escalatedAt', guard: QueryFilter<TicketDoc>, set: Record<string, unknown>): Promise<TicketDoc | null> {
    return this.tickets
      .findOneAndUpdate({ ...guard, number, [`alerts.${flag}`]: null }, { $set: set }, { returnDocument: 'after' })
      .lean<TicketDoc>()
      .exec();
  }

  /** Applies the update only if the ticket still matches `guard`; null when it changed meanwhile. */
  async updateIf(number: string, guard: QueryFilter<TicketDoc>, update: UpdateQuery<TicketDoc>): Promise<TicketDoc | null> {
    return this.tickets.findOneAndUpdate({ ...guard, number }, update, { returnDocument: 'after' }).lean<TicketDoc>().exec();
  }

  async list(filter: TicketFilter, now: Date, limit: number): Promise<TicketDoc[]> {
    return this.tickets.find(this.query(filter, now)).sort({ receivedAt: -1, number: -1 }).limit(limit).lean<TicketDoc[]>().exec();
  }

  async all(filter: TicketFilter, now: Date): Promise<TicketDoc[]> {
    return this.tickets.find(this.query(filter, now)).sort({ receivedAt: 1, number: 1 }).lean<TicketDoc[]>().exec();
  }

  /** The same complaint from the same chat filed since `since`, if any. */
  async sameComplaintSince(chatHash: string, fingerprint: string, since: Date): Promise<TicketDoc | null> {
    return this.tickets.findOne({ chatHash, fingerprint, receivedAt: { $gte: since } }).lean<TicketDoc>().exec();
  }

  /** The ticket the inbound message `filedFrom` filed, if it did. */
  async filedBy(filedFrom: string): Promise<TicketDoc | null> {
    return this.tickets.findOne({ filedFrom }).lean<TicketDoc>().exec();
  }

  /** Tickets filed from this chat or phone (by their keyed hashes), newest first. */
  async forComplainant(hashes: { chatHash: string; phoneHash: string | null }, stages?: readonly Stage[]): Promise<TicketDoc[]> {
    const who: QueryFilter<TicketDoc>[] = [{ chatHash: hashes.chatHash }];
    if (hashes.phoneHash) who.push({ 'complainant.phoneHash': hashes.phoneHash });
    const query: QueryFilter<TicketDoc> = { $or: who, ...VISIBLE };
    if (stages) query.stage = { $in: [...stages] };
    return this.tickets.find(query).sort({ receivedAt: -1 }).limit(50).lean<TicketDoc[]>().exec();
  }

  /**
   * Every ticket of a data subject, restricted ones included (src/privacy answers what is held):
   * filed with this NIK or phone (keyed hashes), or from one of these chats (chatHash).
   */
  async forDataSubject(hashes: { nikHash?: string; phoneHashes?: string[]; chatHashes?: string[] }): Promise<TicketDoc[]> {
    const who: QueryFilter<TicketDoc>[] = [];
    if (hashes.nikHash) who.push({ 'complainant.nikHash': hashes.nikHash });
    if (hashes.phoneHashes?.length) who.push({ 'complainant.phoneHash': { $in: hashes.phoneHashes } });
    if (hashes.chatHashes?.length) who.push({ chatHash: { $in: hashes.chatHashes } });
    if (who.length === 0) return [];
    // Sorted here, not by the query: a sort would let the planner walk the whole receivedAt index.
    const found = await this.tickets.find({ $or: who }).lean<TicketDoc[]>().exec();
    return found.sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
  }

  /** Restricts (a date) or lifts (null) a ticket; null when there is no such ticket. */
  async setRestricted(number: string, restrictedAt: Date | null, now: Date): Promise<TicketDoc | null> {
    return this.tickets
      .findOneAndUpdate({ number }, { $set: { restrictedAt, updatedAt: now }, $inc: { rev: 1 } }, { returnDocument: 'after' })
      .lean<TicketDoc>()
      .exec();
  }

  /** Unanswered tickets whose clock runs, due before `before`, with an alert still unsent. */
  async alertCandidates(before: Date): Promise<TicketDoc[]> {
    return this.tickets
      .find({
        respondedAt: null,
        stage: { $in: [...CLOCK_RUNNING] },
        responseDueAt: { $lte: before },
        $or: [{ 'alerts.reminderSentAt': null }, { 'alerts.escalatedAt': null }],
        ...VISIBLE,
      })
      .sort({ responseDueAt: 1 })
      .lean<TicketDoc[]>()
      .exec();
  }

  /** "Overdue" as overdue.ts defines it: recorded, or late now (lateNow). */
  private query(filter: TicketFilter, now: Date): QueryFilter<TicketDoc> {
    const and: QueryFilter<TicketDoc>[] = [VISIBLE];
    if (filter.stage) and.push({ stage: filter.stage });
    if (filter.channel) and.push({ channel: filter.channel });
    if (filter.assignee) and.push({ 'assignee.id': filter.assignee });
    if (filter.unassigned) and.push({ assignee: null });
    if (filter.receivedFrom) and.push({ receivedAt: { $gte: filter.receivedFrom } });
    if (filter.receivedBefore) and.push({ receivedAt: { $lt: filter.receivedBefore } });
    if (filter.overdue === true) and.push({ $or: [{ overdue: true }, lateNow(now)] });
    if (filter.overdue === false) and.push({ overdue: { $ne: true } }, { $nor: [lateNow(now)] });
    return { $and: and };
  }

  /**
   * One page of the staff list with the total it was cut from (so the page can say "50 of
   * 210"): `open` leaves out finished tickets; `search` matches the number, the complainant's
   * name or the complaint's text, case-insensitively; `sort` by deadline (soonest first) or by
   * receipt (newest first).
   */
  async browse(
    filter: TicketFilter,
    now: Date,
    o: { open?: boolean; search?: string; who?: { phoneHash?: string; nikHash?: string; chatHashes?: string[] }; sort: 'deadline' | 'newest'; skip: number; limit: number },
  ): Promise<{ tickets: TicketDoc[]; total: number }> {
    const and: QueryFilter<TicketDoc>[] = [this.query(filter, now)];
    if (o.open) and.push({ stage: { $nin: ['selesai', 'ditutup'] } });
    if (o.who) {
      // A complainant's phone or NIK is found by its keyed hash (never by opening records); a confidential one is not found at all.
      const who: QueryFilter<TicketDoc>[] = [];
      if (o.who.phoneHash) who.push({ 'complainant.phoneHash': o.who.phoneHash });
      if (o.who.nikHash) who.push({ 'complainant.nikHash': o.who.nikHash });
      if (o.who.chatHashes?.length) who.push({ chatHash: { $in: o.who.chatHashes } });
      and.push({ $or: who.length ? who : [{ _id: null }], confidential: { $ne: true } });
    }
    if (o.search) {
      const pattern = new RegExp(o.search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
      // A confidential complainant's name is not searchable: a match would reveal who it is.
      and.push({ $or: [{ number: pattern }, { 'complainant.name': pattern, confidential: { $ne: true } }, { body: pattern }] });
    }
    const query: QueryFilter<TicketDoc> = { $and: and };
    const order: Record<string, 1 | -1> = o.sort === 'deadline' ? { responseDueAt: 1, number: 1 } : { receivedAt: -1, number: -1 };
    const [tickets, total] = await Promise.all([
      this.tickets.find(query).sort(order).skip(o.skip).limit(o.limit).lean<TicketDoc[]>().exec(),
      this.tickets.countDocuments(query).exec(),
    ]);
    return { tickets, total };
  }
}

