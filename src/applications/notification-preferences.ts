/**
 * "berhenti" / "mulai": whether a phone number (or, for an opaque @lid chat, the chat) takes
 * status notifications. Keyed by keyed hashes, so the store holds no phone number.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { chatKey, type ChatRef } from '../conversation/inbound';
import type { ChatIdentity, NotificationPreferences } from '../conversation/services';
import type { Clock } from '../calendar/clock';
import type { PiiCipher } from './pii-crypto';

export interface PreferenceDoc {
  key: string;
  optedOut: boolean;
  updatedAt: Date;
}

const schema = new Schema<PreferenceDoc>(
  { key: { type: String, required: true }, optedOut: { type: Boolean, required: true }, updatedAt: { type: Date, required: true } },
  { versionKey: false, collection: 'notification_preferences' },
);
// A unique `key` rather than _id: upserts then work alike on MongoDB and the embedded engine.
schema.index({ key: 1 }, { unique: true });

export class NotificationPreferenceStore implements NotificationPreferences {
  private readonly model: Model<PreferenceDoc>;
  private readonly ready: Promise<unknown>;

  constructor(connection: Connection, private readonly cipher: PiiCipher, private readonly clock: Clock) {
    this.model = (connection.models.NotificationPreference as Model<PreferenceDoc> | undefined) ?? connection.model<PreferenceDoc>('NotificationPreference', schema);
    this.ready = this.model.init();
  }

  phoneKey(phoneHash: string): string {
    return `phone:${phoneHash}`;
  }

  chatKeyOf(chat: ChatRef): string {
    return `chat:${this.cipher.hash(chatKey(chat))}`;
  }

  async setOptOut(chat: ChatIdentity, optedOut: boolean): Promise<void> {
    const keys = [this.chatKeyOf(chat)];
    if (chat.phone) keys.push(this.phoneKey(this.cipher.hash(chat.phone)));
    const updatedAt = this.clock.now();
    await this.ready;
    for (const key of keys) await this.model.updateOne({ key }, { $set: { optedOut, updatedAt } }, { upsert: true }).exec();
  }

  /** Opted out by number, or from the very chat the notification would go to. */
  async isOptedOut(phoneHash: string, chat: ChatRef): Promise<boolean> {
    const found = await this.model.findOne({ key: { $in: [this.phoneKey(phoneHash), this.chatKeyOf(chat)] }, optedOut: true }).lean().exec();
    return found !== null;
  }

  /** The preferences stored under these keys (phoneKey / chatKeyOf), for a data-subject request (src/privacy). */
  async stored(keys: string[]): Promise<PreferenceDoc[]> {
    if (keys.length === 0) return [];
    return this.model.find({ key: { $in: keys } }, { _id: 0 }).lean<PreferenceDoc[]>().exec();
  }
}
