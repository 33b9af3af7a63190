/**
 * What happened to each outbox id's request to Meta, kept across restarts: `posting` is written
 * before the request leaves, `accepted` (with the wamid) or `rejected` after Meta answers. A
 * message whose request may have left is therefore never posted again — not after a crash, not
 * after a lost answer: `accepted` answers the stored wamid, `posting` means the outcome is unknown
 * (the status webhook, which echoes the outbox id, settles it: `confirmed`). One that no report
 * confirms is judged later (unconfirmed-sends.ts): `absent` when Meta shows it never took it,
 * `unresolved` when that cannot be told and staff decide. Records expire after a week.
 */
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../db/duplicate-key';

interface LedgerDoc {
  _id: string;
  state: 'posting' | 'accepted' | 'rejected' | 'absent' | 'unresolved';
  wamid?: string;
  at: Date;
}

export type Begin = { go: true } | { go: false; wamid: string } | { go: false; unknown: true };

export class SendLedger {
  private readonly docs: Collection<LedgerDoc>;
  private ready: Promise<unknown> | null = null;
  private unconfirmedIndex: Promise<unknown> | null = null;

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

  /**
   * Meta reported the message (any status): it took it. Answers the state the record had, so a
   * report for one judged `absent` (sent again since) is told apart; null when nothing changed.
   */
  async confirmed(outboxId: string, wamid: string): Promise<LedgerDoc['state'] | null> {
    const before = await this.docs.findOneAndUpdate({ _id: outboxId, state: { $in: ['posting', 'absent', 'unresolved'] } }, { $set: { state: 'accepted', wamid, at: this.now() } });
    return before?.state ?? null;
  }

  /** Requests posted at or before `before` with no answer and no report yet, oldest first. */
  async unconfirmed(before: Date, limit: number): Promise<{ outboxId: string; postedAt: Date }[]> {
    this.unconfirmedIndex ??= this.docs.createIndex({ state: 1, at: 1 }).catch(() => undefined);
    await this.unconfirmedIndex;
    const docs = await this.docs.find({ state: 'posting', at: { $lte: before } }).sort({ state: 1, at: 1 }).limit(limit).toArray();
    return docs.map((d) => ({ outboxId: d._id, postedAt: d.at }));
  }

  /** Judged: Meta never took it (it has been sent again as a copy). Keeps the posting time. */
  async absent(outboxId: string): Promise<boolean> {
    return (await this.docs.updateOne({ _id: outboxId, state: 'posting' }, { $set: { state: 'absent' } })).modifiedCount === 1;
  }

  /** Judged: it cannot be told whether Meta took it; staff decide. Keeps the posting time. */
  async unresolved(outboxId: string): Promise<boolean> {
    return (await this.docs.updateOne({ _id: outboxId, state: 'posting' }, { $set: { state: 'unresolved' } })).modifiedCount === 1;
  }

  /** Meta answered and did not take the message: it may be posted again. */
  async rejected(outboxId: string): Promise<void> {
    await this.docs.updateOne({ _id: outboxId, state: 'posting' }, { $set: { state: 'rejected', at: this.now() } });
  }
}
