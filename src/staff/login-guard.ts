/**
 * Sign-in lockout: failed attempts counted atomically in MongoDB per account name and per
 * client IP, over a fixed window. Enough failures lock that key for a while. The IP limit is
 * higher than the account limit because a whole office usually shares one public address.
 * Time comes from the injected clock so the lockout can be tested.
 */
import { Schema, type Connection } from 'mongoose';
import type { Clock } from '../calendar/clock';

interface FailureCounter {
  _id: string;
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
  /** Clean-up only (TTL index, by the database's wall clock); the decisions use the injected clock. */
  purgeAt: Date;
}

const counterSchema = new Schema<FailureCounter>(
  {
    _id: { type: String, required: true },
    failures: { type: Number, required: true },
    windowStartedAt: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
    purgeAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'staff_login_failures' },
);
counterSchema.index({ purgeAt: 1 }, { expireAfterSeconds: 0 });

export interface LockoutPolicy {
  accountFailures: number;
  ipFailures: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { accountFailures: 5, ipFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export interface LoginKeys {
  account: string;
  ip: string;
}

export class LoginGuard {
  readonly model;
  constructor(connection: Connection, private readonly clock: Clock, private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT) {
    this.model = connection.models.StaffLoginFailure ?? connection.model<FailureCounter>('StaffLoginFailure', counterSchema);
  }

  /** The latest lock end over both keys, or null when sign-in may be tried. */
  async lockedUntil(keys: LoginKeys): Promise<Date | null> {
    const now = this.clock.now();
    const rows = await this.model.find({ _id: { $in: [accountKey(keys.account), ipKey(keys.ip)] } }).lean<FailureCounter[]>().exec();
    const locks = rows.map((r) => r.lockedUntil).filter((d): d is Date => d !== null && d > now);
    return locks.length ? new Date(Math.max(...locks.map((d) => d.getTime()))) : null;
  }

  /** Counts one failure on both keys; returns the lock end if this failure locked either. */
  async failed(keys: LoginKeys): Promise<Date | null> {
    const [a, b] = await Promise.all([
      this.count(accountKey(keys.account), this.policy.accountFailures),
      this.count(ipKey(keys.ip), this.policy.ipFailures),
    ]);
    return a ?? b;
  }

  /** A successful sign-in clears the account's count (not the IP's: one valid account must not reset a spray). */
  async succeeded(keys: LoginKeys): Promise<void> {
    await this.model.deleteOne({ _id: accountKey(keys.account) }).exec();
  }

  private async count(id: string, limit: number): Promise<Date | null> {
    const now = this.clock.now();
    const { windowMs, lockMs } = this.policy;
    const windowStart = new Date(now.getTime() - windowMs);
    // A window that ran out (and is not locked) starts again from zero.
    await this.model
      .updateOne(
        { _id: id, windowStartedAt: { $lte: windowStart }, $or: [{ lockedUntil: null }, { lockedUntil: { $lte: now } }] },
        { $set: { failures: 0, windowStartedAt: now, lockedUntil: null } },
      )
      .exec();
    const counter = await this.model
      .findOneAndUpdate(
        { _id: id },
        { $inc: { failures: 1 }, $setOnInsert: { windowStartedAt: now, lockedUntil: null }, $set: { purgeAt: new Date(Date.now() + 2 * (windowMs + lockMs)) } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<FailureCounter>()
      .exec();
    if (!counter || counter.failures < limit) return null;
    if (counter.lockedUntil && counter.lockedUntil > now) return counter.lockedUntil;
    const lockedUntil = new Date(now.getTime() + lockMs);
    await this.model.updateOne({ _id: id }, { $set: { lockedUntil, purgeAt: new Date(Date.now() + 2 * (windowMs + lockMs)) } }).exec();
    return lockedUntil;
  }
}

const accountKey = (username: string) => `account:${username.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;
