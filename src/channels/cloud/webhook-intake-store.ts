/**
 * The durable intake of verified Cloud API webhooks: every inbound message and status report is
 * written here, keyed by its wamid, before Meta is answered 200, and handled from here. A crash
 * after the answer therefore loses nothing (start-up recovery handles what is still `pending`),
 * and a re-delivered event is refused by the key (idempotent on wamid). Once handled, the body
 * (text, phone numbers) is removed and only the key is kept, for a week, to refuse late copies.
 * At rest the key is a keyed hash of `m:<wamid>` / `s:<wamid>:<status>` (a wamid encodes the
 * sender's number), and a pending body and sender name are AES-GCM sealed; both are opened only
 * when read back for handling. Items written before this (key in clear, body in clear) are
 * rewritten once, the first time the store is used after start-up (migrateLegacy).
 *
 * Why an item could not be handled (`lastError`) is an error message, and an error message can
 * quote what it failed on — the sender's number, a NIK or the text typed: it is kept with NIKs
 * and phone numbers masked and then sealed like the body (marked `errorSealed`); reasons stored
 * in clear by the version before are sealed on first use (sealLegacyErrors).
 */
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { PiiCipher } from '../../applications/pii-crypto';
import { maskPersonalNumbers } from '../../applications/personal-numbers';
import { clearKeyRanges, keyedHash } from '../../applications/sealing';
import { isDuplicateKey } from '../../db/duplicate-key';

export type IntakeKind = 'message' | 'status';
export type IntakeState = 'pending' | 'done' | 'failed';

export interface IntakeDoc {
  /** The keyed hash of `m:<wamid>` (a message) or `s:<wamid>:<status>` (a status report, one per status reached). */
  _id: string;
  kind: IntakeKind;
  /** The validated webhook object (sealed at rest); removed once handled. */
  body?: unknown;
  /** The sender's profile name from the same change (messages only; sealed at rest); removed once handled. */
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

/** A new item: `_id` in clear (`m:<wamid>` …); the store hashes it. */
export type NewIntakeItem = Pick<IntakeDoc, '_id' | 'kind' | 'body' | 'senderName'>;

/** As stored: `body` is the ciphertext of its JSON, `senderName` a ciphertext; `sealed` absent on items from before. */
type StoredIntakeDoc = Omit<IntakeDoc, 'body'> & { body?: unknown; sealed?: true; errorSealed?: true };

/** How long a handled key refuses copies (Meta re-delivers for up to 7 days). */
const KEEP_HANDLED_MS = 7 * 24 * 3_600_000;
/** A failed item (bad shape, too many attempts) stays for staff and logs this long. */
const KEEP_FAILED_MS = 30 * 24 * 3_600_000;
/** How the clear keys of items from before hashing began. */
const CLEAR_KEY_PREFIXES = ['m', 's'] as const;

export class WebhookIntakeStore {
  private readonly docs: Collection<StoredIntakeDoc>;
  private ready: Promise<unknown> | null = null;

  constructor(connection: Connection, private readonly now: () => Date, private readonly cipher: PiiCipher) {
    this.docs = connection.collection<StoredIntakeDoc>('whatsapp_cloud_intake') as unknown as Collection<StoredIntakeDoc>;
  }

  /** The item's key as stored. */
  private storedId(clearKey: string): string {
    return keyedHash(this.cipher, 'webhook-intake', clearKey);
  }

  /** A failure's reason as stored: numbers masked, then sealed. */
  private sealedError(reason: string): { lastError: string; errorSealed: true } {
    return { lastError: this.cipher.encrypt(maskPersonalNumbers(reason).slice(0, 300)), errorSealed: true };
  }

  private sealed(doc: IntakeDoc): StoredIntakeDoc {
    const { body, senderName, ...rest } = doc;
    return {
      ...rest,
      ...(body === undefined ? {} : { body: this.cipher.encrypt(JSON.stringify(body)) }),
      ...(senderName === undefined ? {} : { senderName: this.cipher.encrypt(senderName) }),
      sealed: true,
    };
  }

  /**
   * The item as read back, opened. A body that cannot be opened (another key, tampered) comes
   * back without one: the handler then sets the item aside as of an unknown shape.
   */
  private opened(stored: StoredIntakeDoc): IntakeDoc {
    const { sealed, body, senderName, errorSealed, lastError, ...rest } = stored;
    if (!sealed) return stored as IntakeDoc;
    const open = <T>(read: () => T): T | undefined => {
      try {
        return read();
      } catch {
        return undefined;
      }
    };
    const doc: IntakeDoc = { ...rest };
    if (typeof lastError === 'string') {
      const reason = errorSealed ? open(() => this.cipher.decrypt(lastError)) : maskPersonalNumbers(lastError);
      if (reason !== undefined) doc.lastError = reason;
    }
    if (typeof body === 'string') doc.body = open(() => JSON.parse(this.cipher.decrypt(body)) as unknown);
    if (typeof senderName === 'string') {
      const name = open(() => this.cipher.decrypt(senderName));
      if (name !== undefined) doc.senderName = name;
    }
    return doc;
  }

  /**
   * Builds the indexes once (recovery reads pending items in arrival order; handled keys expire)
   * and rewrites the items from before hashing.
   */
  private ensureIndexes(): Promise<unknown> {
    this.ready ??= Promise.all([
      this.docs.createIndex({ state: 1, receivedAt: 1, seq: 1 }),
      this.docs.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 }),
    ])
      .then(() => this.migrateLegacy())
      .then(() => this.sealLegacyErrors())
      .catch((err) => {
        this.ready = null;
        throw err;
      });
    return this.ready;
  }

  /**
   * Items written before hashing (`_id` "m:<wamid>", body in clear) are written again under the
   * hashed key with the body sealed, then the old one is deleted: a handled key goes on refusing
   * copies for the rest of its week, a pending item is still handled. Found by an index range on
   * `_id`; a crash halfway only leaves work for the next start. Returns how many were rewritten.
   */
  async migrateLegacy(): Promise<number> {
    const legacy = await this.docs.find(clearKeyRanges('_id', CLEAR_KEY_PREFIXES)).toArray();
    for (const old of legacy) {
      const { sealed: _sealed, ...doc } = old;
      try {
        await this.docs.insertOne(this.sealed({ ...(doc as IntakeDoc), _id: this.storedId(old._id) }));
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // written by a start that died before the delete
      }
      await this.docs.deleteOne({ _id: old._id });
    }
    return legacy.length;
  }

  /** Reasons written in clear by the version before sealing them are sealed; returns how many. */
  async sealLegacyErrors(): Promise<number> {
    const clear = await this.docs.find({ lastError: { $exists: true }, errorSealed: { $ne: true } }, { projection: { lastError: 1 } }).toArray();
    for (const doc of clear) {
      if (typeof doc.lastError === 'string') await this.docs.updateOne({ _id: doc._id, errorSealed: { $ne: true } }, { $set: this.sealedError(doc.lastError) });
    }
    return clear.length;
  }

  /**
   * Stores the items of one webhook body; answers the ones new to the store (a re-delivered copy
   * is not), opened and under their stored key. Throws when the database cannot take them: the
   * webhook is then not answered 200.
   */
  async add(items: NewIntakeItem[]): Promise<IntakeDoc[]> {
    await this.ensureIndexes();
    const receivedAt = this.now();
    const fresh: IntakeDoc[] = [];
    for (const [seq, item] of items.entries()) {
      const doc: IntakeDoc = { ...item, _id: this.storedId(item._id), state: 'pending', receivedAt, seq, attempts: 0 };
      if (doc.senderName === undefined) delete doc.senderName;
      try {
        await this.docs.insertOne(this.sealed(doc));
        fresh.push(doc);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    return fresh;
  }

  /** Items not handled yet, oldest first, opened. */
  async pending(limit: number): Promise<IntakeDoc[]> {
    await this.ensureIndexes();
    const stored = await this.docs.find({ state: 'pending' }).sort({ receivedAt: 1, seq: 1 }).limit(limit).toArray();
    return stored.map((doc) => this.opened(doc));
  }

  async countPending(): Promise<number> {
    return this.docs.countDocuments({ state: 'pending' });
  }

  /** Handled: the body goes, the key stays a week. `id` is the stored key (IntakeDoc._id). */
  async done(id: string): Promise<void> {
    await this.docs.updateOne(
      { _id: id, state: 'pending' },
      { $set: { state: 'done', expiresAt: new Date(this.now().getTime() + KEEP_HANDLED_MS) }, $unset: { body: '', senderName: '', lastError: '', errorSealed: '' } },
    );
  }

  /** Cannot be handled (bad shape, too many attempts): kept without its body, with the reason. */
  async failed(id: string, reason: string): Promise<void> {
    await this.docs.updateOne(
      { _id: id, state: 'pending' },
      { $set: { state: 'failed', ...this.sealedError(reason), expiresAt: new Date(this.now().getTime() + KEEP_FAILED_MS) }, $unset: { body: '', senderName: '' } },
    );
  }

  /** Not handled this time: stays pending for the next sweep; answers the attempts so far. */
  async attemptFailed(id: string, reason: string): Promise<number> {
    const doc = await this.docs.findOneAndUpdate(
      { _id: id, state: 'pending' },
      { $inc: { attempts: 1 }, $set: this.sealedError(reason) },
      { returnDocument: 'after' },
    );
    return doc?.attempts ?? 0;
  }
}
