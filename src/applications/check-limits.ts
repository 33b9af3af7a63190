/**
 * Abuse limits on cek hasil, so nobody can walk through NIKs from one chat: after 3 failed
 * checks the chat is paused for 30 minutes, and one chat may ask about at most 5 different
 * NIKs a day (office calendar day). Wrong receipt proofs are also counted per NIK across every
 * chat (a fresh chat every few guesses must not help): 5 in a day pause that NIK for a day. Atomic single-document counters, keyed by a keyed hash of
 * the chat (no phone number at rest) and, for distinctness, the NIK hash. Shared by every
 * instance of the service, unlike an in-memory limiter. Old counters are purged by a job on
 * the injected clock rather than a TTL index, whose server-side clock tests cannot move.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { TimeZone } from '../agency/profile-schema';
import type { Clock } from '../calendar/clock';
import { localIsoDate } from '../calendar/local-date';
import type { ScheduledJob } from '../jobs/scheduler';
import { isDuplicateKey } from '../db/duplicate-key';

export interface CheckLimitSettings {
  maxFailures: number;
  pauseMinutes: number;
  /** Failures older than this no longer count towards a pause. */
  failureWindowHours: number;
  maxNiksPerDay: number;
  /** Wrong proofs for one NIK, from any chats, before that NIK is paused. */
  nikMaxFailures: number;
  nikPauseMinutes: number;
  timeZone: TimeZone;
}

export const DEFAULT_CHECK_LIMITS = { maxFailures: 3, pauseMinutes: 30, failureWindowHours: 24, maxNiksPerDay: 5, nikMaxFailures: 5, nikPauseMinutes: 24 * 60 } as const;

/** The failure counter of a NIK (by its keyed hash, never the NIK), apart from the chats' counters. */
const nikKey = (nikHash: string) => `nik:${nikHash}`;

interface FailureDoc {
  key: string;
  count: number;
  lastFailureAt: Date;
  pausedUntil: Date | null;
  expiresAt: Date;
}
interface CounterDoc {
  key: string;
  count: number;
  expiresAt: Date;
}
interface SeenDoc {
  key: string;
  expiresAt: Date;
}

const HOUR = 3_600_000;

/** Keyed by a unique `key` rather than _id: upserts then work alike on MongoDB and the embedded engine. */
function model<T>(connection: Connection, name: string, collection: string, definition: Record<string, unknown>): Model<T> {
  const existing = connection.models[name] as Model<T> | undefined;
  if (existing) return existing;
  const schema = new Schema<T>({ key: { type: String, required: true }, ...definition, expiresAt: { type: Date, required: true } }, { versionKey: false, collection });
  schema.index({ key: 1 }, { unique: true });
  schema.index({ expiresAt: 1 });
  return connection.model<T>(name, schema);
}


export class CheckLimits {
  private readonly failures: Model<FailureDoc>;
  private readonly counters: Model<CounterDoc>;
  private readonly seen: Model<SeenDoc>;
  /** The unique indexes must exist before the first upsert relies on them. */
  private readonly ready: Promise<unknown>;

  constructor(connection: Connection, private readonly settings: CheckLimitSettings) {
    this.failures = model<FailureDoc>(connection, 'CheckFailure', 'check_failures', {
      count: { type: Number, default: 0 },
      lastFailureAt: { type: Date },
      pausedUntil: { type: Date, default: null },
    });
    this.counters = model<CounterDoc>(connection, 'CheckNikCounter', 'check_nik_counters', { count: { type: Number, default: 0 } });
    this.seen = model<SeenDoc>(connection, 'CheckNikSeen', 'check_nik_seen', {});
    this.ready = Promise.all([this.failures.init(), this.counters.init(), this.seen.init()]);
  }

  async pausedUntil(chatId: string, now: Date): Promise<Date | null> {
    const doc = await this.failures.findOne({ key: chatId }).lean<FailureDoc>().exec();
    return doc?.pausedUntil && doc.pausedUntil > now ? doc.pausedUntil : null;
  }

  nikPausedUntil(nikHash: string, now: Date): Promise<Date | null> {
    return this.pausedUntil(nikKey(nikHash), now);
  }

  /** Counts a wrong proof for this NIK; returns the end of the pause when this failure started one. */
  recordNikFailure(nikHash: string, now: Date): Promise<Date | null> {
    return this.recordFailure(nikKey(nikHash), now, { maxFailures: this.settings.nikMaxFailures, pauseMinutes: this.settings.nikPauseMinutes });
  }

  /** Counts a failed check; returns the end of the pause when this failure started one. */
  async recordFailure(chatId: string, now: Date, rule: { maxFailures: number; pauseMinutes: number } = this.settings): Promise<Date | null> {
    const { failureWindowHours } = this.settings;
    const { maxFailures, pauseMinutes } = rule;
    const staleBefore = new Date(now.getTime() - failureWindowHours * HOUR);
    const expiresAt = new Date(now.getTime() + failureWindowHours * HOUR);
    await this.ready;
    await this.failures.updateOne({ key: chatId, lastFailureAt: { $lt: staleBefore } }, { $set: { count: 0 } }).exec();
    const doc = await this.failures
      .findOneAndUpdate({ key: chatId }, { $inc: { count: 1 }, $set: { lastFailureAt: now, expiresAt } }, { upsert: true, returnDocument: 'after' })
      .lean<FailureDoc>()
      .exec();
    if (!doc || doc.count < maxFailures) return null;
    const until = new Date(now.getTime() + pauseMinutes * 60_000);
    // Only the failure that reached the limit starts the pause; the count starts again after it.
    const started = await this.failures.updateOne({ key: chatId, count: doc.count }, { $set: { pausedUntil: until, count: 0, expiresAt: until > expiresAt ? until : expiresAt } }).exec();
    return started.modifiedCount === 1 ? until : null;
  }

  /** Removes counters nobody needs any more; returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    const expired = { expiresAt: { $lt: now } };
    const results = await Promise.all([
      this.failures.deleteMany(expired).exec(),
      this.counters.deleteMany(expired).exec(),
      this.seen.deleteMany(expired).exec(),
    ]);
    return results.reduce((n, r) => n + r.deletedCount, 0);
  }

  /** True when the chat may look this NIK up today (a NIK already asked about today is free). */
  async allowNik(chatId: string, nikHash: string, now: Date): Promise<boolean> {
    const day = localIsoDate(now, this.settings.timeZone);
    const seenId = `${chatId}|${day}|${nikHash}`;
    if (await this.seen.exists({ key: seenId }).exec()) return true;
    await this.ready;
    const expiresAt = new Date(now.getTime() + 48 * HOUR);
    try {
      // Upsert on a full counter fails with a duplicate key: the filter misses, the insert collides.
      const counter = await this.counters
        .findOneAndUpdate(
          { key: `${chatId}|${day}`, count: { $lt: this.settings.maxNiksPerDay } },
          { $inc: { count: 1 }, $setOnInsert: { expiresAt } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<CounterDoc>()
        .exec();
      if (!counter) return false;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    await this.seen.updateOne({ key: seenId }, { $setOnInsert: { expiresAt } }, { upsert: true }).exec();
    return true;
  }
}

export function checkLimitsPurgeJob(limits: CheckLimits, clock: Clock, timeZone: TimeZone): ScheduledJob {
  return { name: 'application-check-limits-purge', schedule: '30 3 * * *', timeZone, run: async () => void (await limits.purgeExpired(clock.now())) };
}
