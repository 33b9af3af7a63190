/**
 * A lease in MongoDB: at most one holder of a named job at a time across processes. Taken by
 * one conditional upsert; a holder that dies loses it when it expires. The per-ticket alert
 * claims are what make alerts exactly-once; the lease only keeps two monitors from scanning
 * the same tickets at the same moment.
 */
import { Schema, type Connection } from 'mongoose';
import { isDuplicateKey } from '../db/duplicate-key';

interface Lease {
  name: string;
  holder: string;
  until: Date;
}

const leaseSchema = new Schema<Lease>(
  { name: { type: String, required: true }, holder: { type: String, required: true }, until: { type: Date, required: true } },
  { versionKey: false, collection: 'job_leases' },
);
leaseSchema.index({ name: 1 }, { unique: true });

export class LeaseStore {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.models.JobLease ?? connection.model<Lease>('JobLease', leaseSchema);
  }

  async acquire(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    await this.model.init(); // the unique index is what turns a second holder's upsert into a refusal
    try {
      const lease = await this.model
        .findOneAndUpdate(
          { name, $or: [{ until: { $lte: now } }, { holder }] },
          { $set: { holder, until: new Date(now.getTime() + ttlMs) } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<Lease>()
        .exec();
      return lease?.holder === holder;
    } catch (err) {
      // The lease exists and is held by someone else: the upsert tried to insert a second one.
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async release(name: string, holder: string, now: Date): Promise<void> {
    await this.model.updateOne({ name, holder }, { $set: { until: now } }).exec();
  }
}
