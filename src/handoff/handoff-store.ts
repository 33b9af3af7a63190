/**
 * Handoff records in MongoDB: a chat waiting for staff, taken by a person, or handed back.
 * At most one open handoff per chat, enforced by a partial unique index.
 * At rest a handoff names its chat only by the keyed hash of the chat key (`chatKey`, the same
 * hash as the outbox's and the chat history's) and keeps the address (`chatId`) and the phone
 * number AES-GCM sealed; the service opens them for staff and for sending (handoff-service.ts).
 * Records written before sealing (no `sealed` flag) are sealed once at start-up.
 */
import { Schema, Types, type Connection } from 'mongoose';
import type { ChannelName } from '../conversation/inbound';

export type HandoffStatus = 'waiting' | 'active' | 'closed';

/** A handoff as the service hands it out: chat key, address and phone in clear. */
export interface Handoff {
  _id: Types.ObjectId;
  chatKey: string;
  /**
   * The opaque key the dashboard and the API address this chat by (links, page attributes, live
   * events, JSON): the keyed hash the chat is stored under, never its number.
   */
  ref: string;
  channel: ChannelName;
  chatId: string;
  phone: string | null;
  /** The name the person's WhatsApp profile showed when they asked (sealed at rest); null when unknown. */
  senderName: string | null;
  status: HandoffStatus;
  reason: 'asked' | 'misunderstood' | 'complaint' | 'office_phone';
  requestedAt: Date;
  claimedBy: string | null;
  claimedAt: Date | null;
  lastActivityAt: Date;
  closedAt: Date | null;
  closeReason: 'staff' | 'idle' | 'withdrawn' | 'unclaimed' | null;
  /** When the person was last told their message waits for staff (at most every few minutes). */
  acknowledgedAt: Date | null;
  /**
   * The inbound message that took the latest acknowledgement (its keyed hash, as sessions record
   * message ids): the same message taken again (a retried step, a redelivery after a crash) is
   * acknowledged again instead of finding the acknowledgement spent. Absent on older records.
   */
  acknowledgedFor?: string;
}

/**
 * A handoff as the collection holds it: `chatKey` is a keyed hash, `chatId`, `phone` and
 * `senderName` ciphertexts. `sealed` is absent only on records from before sealing, whose fields are in clear.
 * `phoneTail` is the keyed hash of the number's last 4 digits (phone-tail.ts), '' without a number,
 * absent on records from before it (filled in at start-up).
 */
export type StoredHandoff = Omit<Handoff, 'ref'> & { sealed?: true; phoneTail?: string | null };

const handoffSchema = new Schema<StoredHandoff>(
  {
    chatKey: { type: String, required: true },
    channel: { type: String, required: true },
    chatId: { type: String, required: true },
    phone: { type: String, default: null },
    senderName: { type: String, default: null },
    status: { type: String, required: true },
    reason: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    claimedBy: { type: String, default: null },
    claimedAt: { type: Date, default: null },
    lastActivityAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
    closeReason: { type: String, default: null },
    acknowledgedAt: { type: Date, default: null },
    acknowledgedFor: { type: String },
    sealed: { type: Boolean },
    phoneTail: { type: String },
  },
  { versionKey: false, collection: 'handoffs' },
);
handoffSchema.index({ chatKey: 1 }, { unique: true, partialFilterExpression: { status: { $in: ['waiting', 'active'] } } });
handoffSchema.index({ status: 1, requestedAt: 1 });
// A chat's latest handoff (the partial index above cannot serve it without its status predicate).
handoffSchema.index({ chatKey: 1, requestedAt: -1 });
// The expected wait reads the most recent claims, newest first.
handoffSchema.index({ claimedAt: -1 });
// Retention removes closed handoffs by when they were closed (src/jobs/retention-store.ts); the
// closed-chats list pages through the same index backwards.
handoffSchema.index({ status: 1, closedAt: 1 });
// The closed chats found by the last digits of the number, newest closed first; also finds the
// records from before the field (phoneTail null) for the start-up backfill.
handoffSchema.index({ phoneTail: 1, status: 1, closedAt: -1 });

export function handoffModel(connection: Connection) {
  return connection.models.Handoff ?? connection.model<StoredHandoff>('Handoff', handoffSchema);
}
