/**
 * The audit log: who did what to which record, and when. Every read of a NIK and every change
 * made by staff or the API is written here; entries are never updated. A target that is a
 * chat ("chat:simulator:62813…") names a phone number, so it is kept as a keyed pseudonym, and
 * free text in the details is kept with NIKs and phone numbers masked.
 */
import { Schema, type Connection } from 'mongoose';
import { maskPersonalNumbers } from '../applications/personal-numbers';
import type { Clock } from '../calendar/clock';

/** Turns a chat key into a stable pseudonym (the service passes a keyed hash). */
export type Pseudonym = (value: string) => string;

const CHAT_TARGET = /^chat:(?!h-)(.+)$/;

/** A record id (a staff account, an application): 24 hex digits, which can hold a run of 14+ decimal ones that reads like a NIK. */
const RECORD_ID = /^[a-f0-9]{24}$/;

function maskDetails(details: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!details) return details;
  const masked = (v: unknown) => (typeof v === 'string' && !RECORD_ID.test(v) ? maskPersonalNumbers(v) : v);
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, masked(v)]));
}

export interface AuditEntry {
  at: Date;
  actorId: string;
  actorName: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

const auditSchema = new Schema<AuditEntry>(
  {
    at: { type: Date, required: true },
    actorId: { type: String, required: true },
    actorName: { type: String, required: true },
    action: { type: String, required: true },
    target: { type: String, required: true },
    details: { type: Schema.Types.Mixed },
  },
  { versionKey: false, collection: 'audit_log' },
);
auditSchema.index({ target: 1, at: -1 });
auditSchema.index({ at: -1 });
auditSchema.index({ actorId: 1, at: -1 });

export class AuditLog {
  readonly model;
  constructor(connection: Connection, private readonly clock: Clock, private readonly pseudonym: Pseudonym = (v) => v) {
    this.model = connection.models.AuditEntry ?? connection.model<AuditEntry>('AuditEntry', auditSchema);
  }

  /** The target as stored: a chat only by its pseudonym. */
  private stored(target: string): string {
    const chat = CHAT_TARGET.exec(target);
    return chat ? `chat:h-${this.pseudonym(chat[1])}` : target;
  }

  /** A target as the log keeps it ("chat:h-…" for a chat), to recognise a known chat among stored entries. */
  storedTarget(target: string): string {
    return this.stored(target);
  }

  async record(actor: { id: string; name: string }, action: string, target: string, details?: Record<string, unknown>): Promise<void> {
    await this.model.create({ at: this.clock.now(), actorId: actor.id, actorName: actor.name, action, target: this.stored(target), details: maskDetails(details) });
  }

  async forTarget(target: string): Promise<AuditEntry[]> {
    return this.model.find({ target: this.stored(target) }).sort({ at: -1 }).lean<AuditEntry[]>().exec();
  }

  /** What one person did lately (the admin's view of a staff account). */
  async byActor(actorId: string, limit = 20): Promise<AuditEntry[]> {
    return this.model.find({ actorId }).sort({ at: -1 }).limit(limit).lean<AuditEntry[]>().exec();
  }
}
