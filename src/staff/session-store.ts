/**
 * Dashboard sign-in sessions in MongoDB. The browser holds a random 32-byte id; the database
 * holds only its SHA-256, so a leaked copy of the collection cannot be replayed as cookies.
 * Each session carries its CSRF token (synchronizer pattern). Sessions slide with use up to
 * an absolute limit; a TTL index removes expired ones.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Schema, type Connection } from 'mongoose';
import type { Clock } from '../calendar/clock';

export interface StaffSession {
  /** SHA-256 (hex) of the cookie value. */
  _id: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** When the database may delete it (TTL index); see purgeAt(). */
  purgeAt: Date;
}

const sessionSchema = new Schema<StaffSession>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    purgeAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'staff_sessions' },
);
sessionSchema.index({ purgeAt: 1 }, { expireAfterSeconds: 0 });
sessionSchema.index({ userId: 1 });

/** A working day of inactivity signs out; nobody stays signed in past 12 hours. */
export const SESSION_IDLE_MS = 8 * 3_600_000;
export const SESSION_MAX_MS = 12 * 3_600_000;
/** Sliding the expiry on every request would write on every page view. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The TTL monitor deletes by the database server's clock, not by the injected clock that decides
 * expiry (expiresAt), so the purge time is set from the later of the two, a day after the longest
 * possible session: clean-up only, never the decision, whichever clock is ahead (the embedded
 * engine in tests sweeps on the test's clock, weeks ahead of the wall clock).
 */
const purgeAt = (now: Date) => new Date(Math.max(Date.now(), now.getTime()) + SESSION_MAX_MS + 24 * 3_600_000);

const hashId = (id: string) => createHash('sha256').update(id).digest('hex');
const token = () => randomBytes(32).toString('base64url');

export class StaffSessions {
  readonly model;
  constructor(connection: Connection, private readonly clock: Clock) {
    this.model = connection.models.StaffSession ?? connection.model<StaffSession>('StaffSession', sessionSchema);
  }

  /** A new session (a new id at every sign-in, so a planted id is never promoted). */
  async create(userId: string): Promise<{ id: string; session: StaffSession }> {
    const id = token();
    const now = this.clock.now();
    const session: StaffSession = {
      _id: hashId(id), userId, csrfToken: token(), createdAt: now, lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_IDLE_MS), purgeAt: purgeAt(now),
    };
    await this.model.create(session);
    return { id, session };
  }

  /** The live session for a cookie value, slid forward; null when unknown or expired. */
  async find(id: string): Promise<StaffSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const session = await this.model.findOne({ _id: hashId(id) }).lean<StaffSession>().exec();
    const now = this.clock.now();
    // The TTL sweep runs about once a minute: an expired session may still be stored.
    if (!session || session.expiresAt <= now) return null;
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      const expiresAt = new Date(Math.min(now.getTime() + SESSION_IDLE_MS, session.createdAt.getTime() + SESSION_MAX_MS));
      await this.model.updateOne({ _id: session._id }, { $set: { lastSeenAt: now, expiresAt } }).exec();
      return { ...session, lastSeenAt: now, expiresAt };
    }
    return session;
  }

  async destroy(id: string): Promise<void> {
    await this.model.deleteOne({ _id: hashId(id) }).exec();
  }

  /** Signs a person out everywhere (deactivated, password or roles changed). */
  async destroyForUser(userId: string): Promise<void> {
    await this.model.deleteMany({ userId }).exec();
  }
}
