/**
 * The audit log: who did what to which record, and when. Every read of a NIK and every change
 * made by staff or the API is written here; entries are never updated.
 */
import { Schema, type Connection } from 'mongoose';
import type { Clock } from '../calendar/clock';

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
  constructor(connection: Connection, private readonly clock: Clock) {
    this.model = connection.models.AuditEntry ?? connection.model<AuditEntry>('AuditEntry', auditSchema);
  }

  async record(actor: { id: string; name: string }, action: string, target: string, details?: Record<string, unknown>): Promise<void> {
    await this.model.create({ at: this.clock.now(), actorId: actor.id, actorName: actor.name, action, target, details });
  }

  async forTarget(target: string): Promise<AuditEntry[]> {
    return this.model.find({ target }).sort({ at: -1 }).lean<AuditEntry[]>().exec();
  }

  /** What one person did lately (the admin's view of a staff account). */
  async byActor(actorId: string, limit = 20): Promise<AuditEntry[]> {
    return this.model.find({ actorId }).sort({ at: -1 }).limit(limit).lean<AuditEntry[]>().exec();
  }
}
