/**
 * The durable intake of verified Cloud API webhooks: every inbound message and status report is
 * written here, keyed by its wamid, before Meta is answered 200, and handled from here. A crash
 * after the answer therefore loses nothing (start-up recovery handles what is still `pending`),
 * and a re-delivered event is refused by the key (idempotent on wamid). Once handled, the body
 * (text, phone numbers) is removed and only the key is kept, for a week, to refuse late copies.
 */
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicate-key';

export type IntakeKind = 'message' | 'status';
export type IntakeState = 'pending' | 'done' | 'failed';

export interface IntakeDoc {
  /** `m:<wamid>` for a message; `s:<wamid>:<status>` for a status report (one per status reached). */
  _id: string;
  kind: IntakeKind;
  /** The validated webhook object; removed once handled. */
  body?: unknown;
  /** The sender's profile name from the same change (messages only); removed once handled. */
  senderName?: string;
  state: IntakeState;
  receivedAt: Date;
  /** Position inside its webhook body: items of one body are handled in the order Meta sent them. */
  seq: number;
  attempts: number;
  lastError?: string;
  /** Set when handled: the key is kept until then, to refuse re-deliveries. */
  expiresAt?: Date;
}

export type NewIntakeItem = Pick<IntakeDoc, '_id' | 'kind' | 'body' | 'senderName'>;

/** How long a handled key refuses copies (Meta re-delivers for up to 7 days). */
const KEEP_HANDLED_MS = 7 * 24 * 3_600_000;
/** A failed item (bad shape, too many attempts) stays for staff and logs this long. */
const KEEP_FAILED_MS = 30 * 24 * 3_600_000;

export class WebhookIntakeStore {
  private readonly docs: Collection<IntakeDoc>;
  private ready: Promise<unknown> | null = null;

  constructor(connection: Connection, private readonly now: () => Date) {
    this.docs = connection.collection<IntakeDoc>('whatsapp_cloud_intake') as unknown as Collection<IntakeDoc>;
  }

  /** Builds the indexes once: recovery reads pending items in arrival order; handled keys expire. */
  private ensureIndexes(): Promise<unknown> {
    this.ready ??= Promise.all([
      this.docs.createIndex({ state: 1, receivedAt: 1, seq: 1 }),
      this.docs.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 }),
    ]).catch((err) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  /**
   * Stores the items of one webhook body; answers the ones new to the store (a re-delivered copy
   * is not). Throws when the database cannot take them: the webhook is then not answered 200.
   */
  async add(items: NewIntakeItem[]): Promise<IntakeDoc[]> {
    await this.ensureIndexes();
    const receivedAt = this.now();
    const fresh: IntakeDoc[] = [];
    for (const [seq, item] of items.entries()) {
      const doc: IntakeDoc = { ...item, state: 'pending', receivedAt, seq, attempts: 0 };
      if (doc.senderName === undefined) delete doc.senderName;
      try {
        await this.docs.insertOne(doc);
        fresh.push(doc);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    return fresh;
  }

  /** Items not handled yet, oldest first. */
  async pending(limit: number): Promise<IntakeDoc[]> {
    await this.ensureIndexes();
    return this.docs.find({ state: 'pending' }).sort({ receivedAt: 1, seq: 1 }).limit(limit).toArray();
  }

  async countPending(): Promise<number> {
    return this.docs.countDocuments({ state: 'pending' });
  }

  /** Handled: the body goes, the key stays a week. */
  async done(id: string): Promise<void> {
    await this.docs.updateOne(
      { _id: id, state: 'pending' },
      { $set: { state: 'done', expiresAt: new Date(this.now().getTime() + KEEP_HANDLED_MS) }, $unset: { body: '', senderName: '', lastError: '' } },
    );
  }

  /** Cannot be handled (bad shape, too many attempts): kept without its body, with the reason. */
  async failed(id: string, reason: string): Promise<void> {
    await this.docs.updateOne(
      { _id: id, state: 'pending' },
      { $set: { state: 'failed', lastError: reason.slice(0, 300), expiresAt: new Date(this.now().getTime() + KEEP_FAILED_MS) }, $unset: { body: '', senderName: '' } },
    );
  }

  /** Not handled this time: stays pending for the next sweep; answers the attempts so far. */
  async attemptFailed(id: string, reason: string): Promise<number> {
    const doc = await this.docs.findOneAndUpdate(
      { _id: id, state: 'pending' },
      { $inc: { attempts: 1 }, $set: { lastError: reason.slice(0, 300) } },
      { returnDocument: 'after' },
    );
    return doc?.attempts ?? 0;
  }
}
