/**
 * Application records in MongoDB. The only file that knows mongoose for this feature: it
 * returns plain objects, and every change is one atomic single-document operation guarded by
 * the state the caller read (no transactions, so it works on a standalone server).
 */
import { Schema, Types, type Connection, type Model } from 'mongoose';
import { STATUS_CODES, type StatusCode } from '../agency/profile-schema';
import type { Application, HistoryEntry } from './application-types';
import { isDuplicateKey } from '../db/duplicate-key';

type Stored = Omit<Application, 'id'> & { _id: Types.ObjectId };
export type NewApplication = Omit<Application, 'id' | 'createdAt' | 'updatedAt' | 'revision'>;
export type ApplicationChanges = Partial<Omit<Application, 'id' | 'agency' | 'history' | 'createdAt' | 'updatedAt' | 'revision'>>;

export class DuplicateRegistrationNumberError extends Error {
  constructor() {
    super('registration number already exists');
    this.name = 'DuplicateRegistrationNumberError';
  }
}

const sealedSchema = new Schema({ hash: { type: String, required: true }, cipher: { type: String, required: true } }, { _id: false });

const applicationSchema = new Schema<Stored>(
  {
    agency: { type: String, required: true },
    registrationNumber: { type: String, required: true },
    name: { type: String, required: true },
    nik: { type: sealedSchema, required: true },
    kk: { type: sealedSchema, required: true },
    dateOfBirth: { type: String, required: true },
    phones: { type: [sealedSchema], default: [] },
    verification: { type: sealedSchema, default: null },
    address: { kelurahan: { type: String, default: null }, kecamatan: { type: String, default: null } },
    route: { type: String, required: true },
    status: { type: String, required: true, enum: STATUS_CODES },
    history: {
      type: [new Schema({ status: String, at: Date, actor: String, note: { type: String, default: null } }, { _id: false })],
      default: [],
    },
    visit: { type: new Schema({ date: String, timeWindow: String, reminderSentAt: { type: Date, default: null } }, { _id: false }), default: null },
    decision: { type: Schema.Types.Mixed, default: null },
    rejectionReason: { type: String, default: null },
    funding: { type: String, default: null },
    proposalBatchDate: { type: String, default: null },
    bpjsActivationDate: { type: String, default: null },
    deactivationReason: { type: String, default: null },
    notificationsOptOut: { type: Boolean, default: false },
    restrictedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    revision: { type: Number, required: true },
  },
  { versionKey: false, minimize: false, collection: 'applications' },
);
applicationSchema.index({ agency: 1, registrationNumber: 1 }, { unique: true });
applicationSchema.index({ agency: 1, 'nik.hash': 1 });
applicationSchema.index({ agency: 1, 'phones.hash': 1 });
applicationSchema.index({ agency: 1, 'visit.date': 1 });

function toApplication(doc: Stored): Application {
  const { _id, ...rest } = doc;
  // Records stored before verification codes existed have no field at all.
  return { id: String(_id), ...rest, verification: rest.verification ?? null, restrictedAt: rest.restrictedAt ?? null };
}

/** Lists, searches, status answers and reminders leave out records restricted at the person's request (src/privacy). */
const VISIBLE = { restrictedAt: null };

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class ApplicationRepository {
  private readonly model: Model<Stored>;
  private readonly ready: Promise<unknown>;

  constructor(connection: Connection, private readonly agency: string) {
    this.model = (connection.models.Application as Model<Stored> | undefined) ?? connection.model<Stored>('Application', applicationSchema);
    // The unique index must exist before the first insert, or two equal numbers could slip in.
    this.ready = this.model.init();
  }

  async insert(data: NewApplication, now: Date): Promise<Application> {
    await this.ready;
    const doc: Stored = { ...data, _id: new Types.ObjectId(), createdAt: now, updatedAt: now, revision: 1 };
    try {
      await this.model.create(doc);
    } catch (err) {
      if (isDuplicateKey(err)) throw new DuplicateRegistrationNumberError();
      throw err;
    }
    return toApplication(doc);
  }

  async findById(id: string): Promise<Application | null> {
    if (!Types.ObjectId.isValid(id) || String(new Types.ObjectId(id)) !== id.toLowerCase()) return null;
    const doc = await this.model.findOne({ _id: new Types.ObjectId(id), agency: this.agency }).lean<Stored>().exec();
    return doc ? toApplication(doc) : null;
  }

  async findByRegistrationNumber(registrationNumber: string): Promise<Application | null> {
    const doc = await this.model.findOne({ agency: this.agency, registrationNumber }).lean<Stored>().exec();
    return doc ? toApplication(doc) : null;
  }

  /** Newest first: a person may apply again after a refusal. */
  async findByNikHash(hash: string): Promise<Application[]> {
    const docs = await this.model.find({ agency: this.agency, 'nik.hash': hash, ...VISIBLE }).sort({ createdAt: -1 }).lean<Stored[]>().exec();
    return docs.map(toApplication);
  }

  async findByPhoneHash(hash: string): Promise<Application[]> {
    const docs = await this.model.find({ agency: this.agency, 'phones.hash': hash, ...VISIBLE }).sort({ createdAt: -1 }).lean<Stored[]>().exec();
    return docs.map(toApplication);
  }

  /** Applications registered with any of these phone hashes (one query for a list of chats). */
  async findByPhoneHashes(hashes: string[]): Promise<Application[]> {
    if (hashes.length === 0) return [];
    const docs = await this.model.find({ agency: this.agency, 'phones.hash': { $in: hashes }, ...VISIBLE }).sort({ createdAt: -1 }).lean<Stored[]>().exec();
    return docs.map(toApplication);
  }

  async search(query: { registrationNumber?: string; name?: string; nikHash?: string; limit: number }): Promise<Application[]> {
    const filter: Record<string, unknown> = { agency: this.agency, ...VISIBLE };
    if (query.registrationNumber) filter.registrationNumber = query.registrationNumber;
    if (query.nikHash) filter['nik.hash'] = query.nikHash;
    if (query.name) filter.name = { $regex: escapeRegex(query.name), $options: 'i' };
    const docs = await this.model.find(filter).sort({ createdAt: -1 }).limit(query.limit).lean<Stored[]>().exec();
    return docs.map(toApplication);
  }

  async all(): Promise<Application[]> {
    const docs = await this.model.find({ agency: this.agency, ...VISIBLE }).sort({ registrationNumber: 1 }).lean<Stored[]>().exec();
    return docs.map(toApplication);
  }

  /**
   * Applies the changes only if the record is still at the revision the caller read, so a
   * concurrent change is never overwritten; null when it was.
   */
  async update(current: Application, changes: ApplicationChanges, now: Date, history?: HistoryEntry): Promise<Application | null> {
    const update: Record<string, unknown> = { $set: { ...changes, updatedAt: now }, $inc: { revision: 1 } };
    if (history) update.$push = { history };
    const doc = await this.model
      .findOneAndUpdate({ _id: new Types.ObjectId(current.id), revision: current.revision }, update, { returnDocument: 'after' })
      .lean<Stored>()
      .exec();
    return doc ? toApplication(doc) : null;
  }

  /** Gives a record from before verification codes its code, once: a concurrent caller's code wins. */
  async assignVerification(id: string, verification: Application['verification']): Promise<Application | null> {
    const doc = await this.model
      .findOneAndUpdate({ _id: new Types.ObjectId(id), verification: null }, { $set: { verification } }, { returnDocument: 'after' })
      .lean<Stored>()
      .exec();
    return doc ? toApplication(doc) : this.findById(id);
  }

  /**
   * Every record of a data subject, restricted ones included (src/privacy answers what is held):
   * by the NIK's keyed hash and/or a phone's, one index range each.
   */
  async forDataSubject(hashes: { nikHash?: string; phoneHashes?: string[] }): Promise<Application[]> {
    const who: Record<string, unknown>[] = [];
    if (hashes.nikHash) who.push({ agency: this.agency, 'nik.hash': hashes.nikHash });
    if (hashes.phoneHashes?.length) who.push({ agency: this.agency, 'phones.hash': { $in: hashes.phoneHashes } });
    if (who.length === 0) return [];
    // Sorted here, not by the query: a person has few records, and each branch is one index range.
    const docs = await this.model.find(who.length === 1 ? who[0] : { $or: who }).lean<Stored[]>().exec();
    return docs.map(toApplication).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  /** Restricts (a date) or lifts (null) a record; the revision moves so a form read before it is refused. */
  async setRestricted(id: string, restrictedAt: Date | null, now: Date): Promise<Application | null> {
    if (!Types.ObjectId.isValid(id) || String(new Types.ObjectId(id)) !== id.toLowerCase()) return null;
    const doc = await this.model
      .findOneAndUpdate({ _id: new Types.ObjectId(id), agency: this.agency }, { $set: { restrictedAt, updatedAt: now }, $inc: { revision: 1 } }, { returnDocument: 'after' })
      .lean<Stored>()
      .exec();
    return doc ? toApplication(doc) : null;
  }

  async visitsOn(date: string, statuses: readonly StatusCode[]): Promise<Application[]> {
    const docs = await this.model
      .find({ agency: this.agency, 'visit.date': date, 'visit.reminderSentAt': null, status: { $in: statuses }, ...VISIBLE })
      .lean<Stored[]>()
      .exec();
    return docs.map(toApplication);
  }

  /** True for exactly one caller per visit: the flag is set in the same operation that checks it. */
  async claimReminder(id: string, date: string, now: Date): Promise<boolean> {
    const result = await this.model
      .updateOne({ _id: new Types.ObjectId(id), 'visit.date': date, 'visit.reminderSentAt': null }, { $set: { 'visit.reminderSentAt': now } })
      .exec();
    return result.modifiedCount === 1;
  }

  async releaseReminder(id: string, date: string): Promise<void> {
    await this.model.updateOne({ _id: new Types.ObjectId(id), 'visit.date': date }, { $set: { 'visit.reminderSentAt': null } }).exec();
  }
}
