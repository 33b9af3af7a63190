/**
 * Sign-in throttling with progressive delays instead of a hard lock, so nobody can keep an
 * account shut by failing on purpose a few times an hour. Failures are counted atomically in
 * MongoDB under three keys, each with its own rule:
 *
 * - the account from one client (pair): a few free tries, then waits doubling up to 15 minutes
 *   — this is what stops guessing from one place;
 * - the account from anywhere: more free tries and a short cap (1 minute), so guessing spread
 *   over many addresses is slowed while someone else's failures delay the owner by a minute
 *   at most;
 * - the client address: many free tries (an office shares one address), then up to 15 minutes.
 *
 * An attempt is counted before the password is checked (a burst of parallel guesses cannot
 * all slip through) and uncounted when it succeeds. Account keys are the account id, or a hash
 * of a name that is no account (a typed name may be a password and is never stored). Admins
 * can clear an account's counters (`unlock`). Time comes from the injected clock.
 */
import { createHash } from 'node:crypto';
import { Schema, type Connection } from 'mongoose';
import type { Clock } from '../calendar/clock';
import { isDuplicateKey } from '../db/duplicate-key';

interface FailureCounter {
  _id: string;
  /** The account the key belongs to (id or name hash), so an unlock finds its pair keys too; null for address keys. */
  account: string | null;
  failures: number;
  lastFailureAt: Date;
  /** Before this, a sign-in under this key is refused without checking the password. */
  nextAllowedAt: Date;
  /** Clean-up only (TTL index, by the database's wall clock); the decisions use the injected clock. */
  purgeAt: Date;
}

const counterSchema = new Schema<FailureCounter>(
  {
    _id: { type: String, required: true },
    account: { type: String, default: null },
    failures: { type: Number, required: true },
    lastFailureAt: { type: Date, required: true },
    nextAllowedAt: { type: Date, required: true },
    purgeAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'staff_login_failures' },
);
counterSchema.index({ purgeAt: 1 }, { expireAfterSeconds: 0 });
counterSchema.index({ account: 1 });

export interface DelayRule {
  /** Failures that cost nothing. */
  free: number;
  /** The wait after the first failure beyond the free ones; it doubles with each further one. */
  baseMs: number;
  capMs: number;
}

export interface LockoutPolicy {
  pair: DelayRule;
  account: DelayRule;
  ip: DelayRule;
  /** Failures this long after the last one are forgotten. */
  forgetAfterMs: number;
}

const MINUTE = 60_000;
export const DEFAULT_LOCKOUT: LockoutPolicy = {
  pair: { free: 4, baseMs: 1000, capMs: 15 * MINUTE },
  account: { free: 10, baseMs: 1000, capMs: MINUTE },
  ip: { free: 20, baseMs: 1000, capMs: 15 * MINUTE },
  forgetAfterMs: 60 * MINUTE,
};

export interface LoginKeys {
  /** The account id, or `nameKey(typed name)` when there is no such account. */
  account: string;
  ip: string;
}

/** A typed name that is no account, as a key: it may be a password typed in the wrong box. */
export const nameKey = (typed: string) => `name-${createHash('sha256').update(typed.trim().toLowerCase()).digest('hex').slice(0, 32)}`;

export function delayAfter(rule: DelayRule, failures: number): number {
  if (failures <= rule.free) return 0;
  return Math.min(rule.capMs, rule.baseMs * 2 ** Math.min(30, failures - rule.free - 1));
}


interface Key {
  id: string;
  account: string | null;
  rule: DelayRule;
}

export class LoginGuard {
  readonly model;
  constructor(connection: Connection, private readonly clock: Clock, private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT) {
    this.model = connection.models.StaffLoginFailure ?? connection.model<FailureCounter>('StaffLoginFailure', counterSchema);
  }

  private keys(keys: LoginKeys): Key[] {
    return [
      { id: `pair:${keys.account}|${keys.ip}`, account: keys.account, rule: this.policy.pair },
      { id: `account:${keys.account}`, account: keys.account, rule: this.policy.account },
      { id: `ip:${keys.ip}`, account: null, rule: this.policy.ip },
    ];
  }

  private fresh(row: FailureCounter | null | undefined, now: Date): row is FailureCounter {
    return !!row && now.getTime() - row.lastFailureAt.getTime() < this.policy.forgetAfterMs;
  }

  /** When the next sign-in may be tried, or null when it may be tried now. */
  async lockedUntil(keys: LoginKeys): Promise<Date | null> {
    const now = this.clock.now();
    const rows = await this.model.find({ _id: { $in: this.keys(keys).map((k) => k.id) } }).lean<FailureCounter[]>().exec();
    const waits = rows.filter((r) => this.fresh(r, now) && r.nextAllowedAt > now).map((r) => r.nextAllowedAt.getTime());
    return waits.length ? new Date(Math.max(...waits)) : null;
  }

  /**
   * Counts this attempt as a failure before the password is checked; returns when to come back
   * if the attempt must be refused (a wait is running, or a parallel attempt took the last free one).
   */
  async begin(keys: LoginKeys): Promise<Date | null> {
    const waiting = await this.lockedUntil(keys);
    if (waiting) return waiting;
    const results = await Promise.all(this.keys(keys).map((k) => this.count(k)));
    const refused = results.filter((r): r is Date => r !== null);
    return refused.length ? new Date(Math.max(...refused.map((d) => d.getTime()))) : null;
  }

  /** The attempt succeeded: the account's counters go, and the address gets its attempt back (but keeps earlier failures). */
  async succeeded(keys: LoginKeys): Promise<void> {
    const [pair, account, ip] = this.keys(keys);
    await this.model.deleteMany({ _id: { $in: [pair.id, account.id] } }).exec();
    await this.model.updateOne({ _id: ip.id, failures: { $gt: 0 } }, { $inc: { failures: -1 } }).exec();
  }

  /** An admin lets the account sign in again at once, from everywhere; returns how many counters went. */
  async unlock(account: string): Promise<number> {
    return (await this.model.deleteMany({ account }).exec()).deletedCount;
  }

  /** One failure under the key, conditional on the count read (retried on a race); a date when this attempt must wait. */
  private async count(key: Key): Promise<Date | null> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.clock.now();
      const row = await this.model.findById(key.id).lean<FailureCounter>().exec();
      const previous = this.fresh(row, now) ? row.failures : 0;
      if (this.fresh(row, now) && row.nextAllowedAt > now) return row.nextAllowedAt;
      const failures = previous + 1;
      const set = {
        account: key.account,
        failures,
        lastFailureAt: now,
        nextAllowedAt: new Date(now.getTime() + delayAfter(key.rule, failures)),
        purgeAt: new Date(Date.now() + this.policy.forgetAfterMs + key.rule.capMs),
      };
      try {
        if (!row) {
          await this.model.create({ _id: key.id, ...set });
          return null;
        }
        const res = await this.model.updateOne({ _id: key.id, failures: row.failures, lastFailureAt: row.lastFailureAt }, { $set: set }).exec();
        if (res.modifiedCount === 1) return null;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    // Too many parallel attempts on one key: refuse this one for a moment.
    return new Date(this.clock.now().getTime() + key.rule.baseMs);
  }
}
