/**
 * Alerts for staff about complaint deadlines: stored in the `alerts` collection the dashboard
 * lists (one document per alert key, so raising the same alert twice is a no-op), announced as
 * an 'alert' event, and who receives them on WhatsApp through the AlertRecipients port.
 */
import { EventEmitter } from 'node:events';
import { Schema, type Connection } from 'mongoose';
import { isDuplicateKey } from '../db/duplicate-key';

export interface AlertRecipient {
  id: string;
  name?: string;
  /** E.164; null when the person has no WhatsApp number on file (dashboard only). */
  phone: string | null;
}

/** Who gets alerts. The staff users collection implements this; until then a static list does. */
export interface AlertRecipients {
  /** Complaint officers: reminders for their tickets, or for unassigned ones. */
  officers(): Promise<AlertRecipient[]>;
  /** Escalations of overdue tickets. */
  supervisors(): Promise<AlertRecipient[]>;
  /** Configuration problems (a year without a holiday table). */
  admins?(): Promise<AlertRecipient[]>;
  /** Application staff: a NIK paused after repeated wrong receipt codes. */
  verifiers?(): Promise<AlertRecipient[]>;
}

export function staticAlertRecipients(config: { officers?: AlertRecipient[]; supervisors?: AlertRecipient[]; admins?: AlertRecipient[] } = {}): AlertRecipients {
  return {
    officers: async () => config.officers ?? [],
    supervisors: async () => config.supervisors ?? [],
    admins: async () => config.admins ?? [],
  };
}

export const ALERT_KINDS = ['reminder', 'escalation', 'calendar_missing', 'check_paused'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface Alert {
  /** The alert key, e.g. "reminder:ADU-BJM-2611-0007": at most one alert per key, ever. */
  _id: string;
  kind: AlertKind;
  ticketNumber: string | null;
  text: string;
  recipientIds: string[];
  createdAt: Date;
}

const alertSchema = new Schema<Alert>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    ticketNumber: { type: String, default: null },
    text: { type: String, required: true },
    recipientIds: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'alerts' },
);
alertSchema.index({ createdAt: -1 });

export class AlertBoard extends EventEmitter {
  readonly model;

  constructor(connection: Connection) {
    super();
    this.setMaxListeners(0);
    this.model = connection.models.ComplaintAlert ?? connection.model<Alert>('ComplaintAlert', alertSchema);
  }

  /** Stores the alert unless one with the same key exists; true when this call created it. */
  async raise(alert: Alert): Promise<boolean> {
    try {
      await this.model.create(alert);
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    this.emit('alert', alert);
    return true;
  }

  async list(filter: { kind?: AlertKind; ticketNumber?: string; since?: Date; limit: number }): Promise<Alert[]> {
    const query: Record<string, unknown> = {};
    if (filter.kind) query.kind = filter.kind;
    if (filter.ticketNumber) query.ticketNumber = filter.ticketNumber;
    if (filter.since) query.createdAt = { $gte: filter.since };
    return this.model.find(query).sort({ createdAt: -1 }).limit(filter.limit).lean<Alert[]>().exec();
  }
}
