/**
 * What happened to each outbox id's request to Meta, kept across restarts: `posting` is written
 * before the request leaves, `accepted` (with the wamid) or `rejected` after Meta answers. A
 * message whose request may have left is therefore never posted again — not after a crash, not
 * after a lost answer: `accepted` answers the stored wamid, `posting` means the outcome is unknown
 * (the status webhook, which echoes the outbox id, settles it). Records expire after a week.
 */
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicate-key';

interface LedgerDoc {
  _id: string;
  state: 'posting' | 'accepted' | 'rejected';
  wamid?: string;
  at: Date;
}

export type Begin = { go: true } | { go: false; wamid: string } | { go: false; unknown: true };

export class SendLedger {
  private readonly docs: Collection<LedgerDoc>;
  private ready: Promise<unknown> | null = null;

  constructor(connection: Connection, private readonly now: () => Date) {
    this.docs = connection.collection<LedgerDoc>('whatsapp_cloud_sends') as unknown as Collection<LedgerDoc>;
  }

  /** Claims the right to post this outbox id now, or says why not. */
  async begin(outboxId: string): Promise<Begin> {
    this.ready ??= this.docs.createIndex({ at: 1 }, { expireAfterSeconds: 7 * 24 * 3600 }).catch(() => undefined);
    await this.ready;
    try {
      await this.docs.insertOne({ _id: outboxId, state: 'posting', at: this.now() });
      return { go: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    // An earlier attempt: retry only one Meta answered with a refusal.
    const retried = await this.docs.findOneAndUpdate({ _id: outboxId, state: 'rejected' }, { $set: { state: 'posting', at: this.now() } });
    if (retried) return { go: true };
    const doc = await this.docs.findOne({ _id: outboxId });
    if (doc?.state === 'accepted' && doc.wamid) return { go: false, wamid: doc.wamid };
    return { go: false, unknown: true };
  }

  async accepted(outboxId: string, wamid: string): Promise<void> {
    await this.docs.updateOne({ _id: outboxId }, { $set: { state: 'accepted', wamid, at: this.now() } });
  }

  /** Meta answered and did not take the message: it may be posted again. */
  async rejected(outboxId: string): Promise<void> {
    await this.docs.updateOne({ _id: outboxId, state: 'posting' }, { $set: { state: 'rejected', at: this.now() } });
  }
}
