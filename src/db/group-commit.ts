/**
 * Group commit for the hot path's writes: the writes that different chats ask for while the
 * event loop is busy (one turn of it) go to the database as ONE unordered command per
 * collection and kind (an insert of many documents, an update of many statements), and each
 * caller gets its own outcome — resolved when its own document was written, refused with its
 * own error (a duplicate key, with positions relative to its own documents) when only its
 * statement failed, refused with the command's error when the whole command failed (a network
 * error: its write may or may not have landed, exactly as for a write of its own).
 *
 * Nothing about a single write changes: each statement is still a single-document atomic write,
 * ordered=false keeps one caller's refusal from touching another's, and a caller goes on only
 * after its own write succeeded, so the steps of one chat (serialised by its queue) are written
 * in the same order as before and a crash between two of them leaves the same states as before.
 * What changes is the cost: the driver builds, sends and waits on one command instead of dozens,
 * and the server parses one — round trips and socket writes were most of the CPU a message
 * cost (issue 18's profile).
 *
 * A batch of one is sent as the plain single write (insertOne, insertMany, updateOne), exactly
 * as it was before group commit: a quiet service pays nothing extra.
 */
import type { AnyBulkWriteOperation, Document, Filter, UpdateFilter } from 'mongodb';

/** The collection methods used, looked up at each flush (a test may wrap them meanwhile). */
export interface WriteTarget<T extends Document> {
  insertOne(doc: never): Promise<unknown>;
  insertMany(docs: never[], options: { ordered: false }): Promise<unknown>;
  updateOne(filter: Filter<T>, update: UpdateFilter<T>, options?: { upsert?: boolean }): Promise<unknown>;
  bulkWrite(ops: AnyBulkWriteOperation<T>[], options: { ordered: false }): Promise<unknown>;
}

/** At most this many statements per command (the driver splits larger ones anyway; this bounds one caller's wait). */
export const MAX_BATCH = 500;

interface Pending<Op> {
  op: Op;
  /** How many statements (documents) the op holds. */
  size: number;
  resolve(): void;
  reject(err: unknown): void;
}

interface WriteFailure {
  index: number;
  code?: number;
  errmsg?: string;
}

/**
 * A statement of a grouped command refused on its own (its index in the caller's own writes):
 * shaped like the driver's bulk write error, so `isDuplicateKey` and `duplicatePositions` read it.
 */
export class GroupedWriteError extends Error {
  readonly code: number | undefined;
  constructor(readonly writeErrors: WriteFailure[]) {
    super(writeErrors[0]?.errmsg ?? 'write refused');
    this.name = 'MongoBulkWriteError';
    this.code = writeErrors[0]?.code;
  }
}

/** The statements refused one by one, by index, when that is all that went wrong; null when the command itself failed. */
function statementFailures(err: unknown): WriteFailure[] | null {
  const e = err as { writeErrors?: WriteFailure[] | WriteFailure; writeConcernError?: unknown; errorResponse?: { writeConcernError?: unknown } } | null;
  if (!e || e.writeConcernError || e.errorResponse?.writeConcernError) return null;
  const raw = e.writeErrors;
  const failures = Array.isArray(raw) ? raw : raw ? [raw] : [];
  if (failures.length === 0 || failures.some((f) => typeof f?.index !== 'number')) return null;
  return failures.map((f) => ({ index: f.index, code: f.code, errmsg: f.errmsg ?? (f as { message?: string }).message }));
}

/** Collects ops until the event loop's turn ends, then flushes them together. */
class Batcher<Op> {
  private pending: Pending<Op>[] = [];
  private scheduled = false;

  constructor(
    /** One op alone: the plain write. */
    private readonly single: (op: Op) => Promise<unknown>,
    /** Several: one unordered command; rejects like the driver does (writeErrors by index over all statements). */
    private readonly many: (ops: Op[]) => Promise<unknown>,
  ) {}

  submit(op: Op, size: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ op, size, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.pending;
    this.pending = [];
    for (let start = 0; start < all.length; ) {
      const batch: Pending<Op>[] = [];
      let statements = 0;
      while (start < all.length && (batch.length === 0 || statements + all[start].size <= MAX_BATCH)) {
        statements += all[start].size;
        batch.push(all[start++]);
      }
      void this.send(batch);
    }
  }

  private async send(batch: Pending<Op>[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch;
      try {
        await this.single(only.op);
        only.resolve();
      } catch (err) {
        only.reject(err);
      }
      return;
    }
    try {
      await this.many(batch.map((p) => p.op));
      for (const p of batch) p.resolve();
    } catch (err) {
      const failures = statementFailures(err);
      if (!failures) {
        // The command failed as a whole: every caller's write may or may not have landed.
        for (const p of batch) p.reject(err);
        return;
      }
      let offset = 0;
      for (const p of batch) {
        const own = failures.filter((f) => f.index >= offset && f.index < offset + p.size).map((f) => ({ ...f, index: f.index - offset }));
        offset += p.size;
        if (own.length) p.reject(new GroupedWriteError(own));
        else p.resolve();
      }
    }
  }
}

/**
 * The grouped writes of one collection. The documents and filters are the caller's, unchanged:
 * only how many go in one command differs.
 */
export class GroupCommit<T extends Document> {
  private readonly inserts: Batcher<{ docs: T[]; alone: 'insertOne' | 'insertMany' }>;
  private readonly updates: Batcher<{ filter: Filter<T>; update: UpdateFilter<T>; upsert: boolean }>;

  /** `target`: the collection (its methods are looked up at each write). */
  constructor(target: WriteTarget<T>) {
    this.inserts = new Batcher<{ docs: T[]; alone: 'insertOne' | 'insertMany' }>(
      ({ docs, alone }) => (alone === 'insertOne' ? target.insertOne(docs[0] as never) : target.insertMany(docs as never[], { ordered: false })),
      (groups) => target.insertMany(groups.flatMap((g) => g.docs) as never[], { ordered: false }),
    );
    this.updates = new Batcher(
      (u) => target.updateOne(u.filter, u.update, u.upsert ? { upsert: true } : undefined),
      (us) => target.bulkWrite(us.map((u) => ({ updateOne: { filter: u.filter, update: u.update, ...(u.upsert ? { upsert: true } : {}) } })), { ordered: false }),
    );
  }

  /** Inserts one document; refused (a duplicate key) it rejects with that error's code (isDuplicateKey). Alone: insertOne. */
  insertOne(doc: T): Promise<void> {
    return this.inserts.submit({ docs: [doc], alone: 'insertOne' }, 1);
  }

  /**
   * Inserts the documents, unordered: a document refused (a duplicate key) does not stop the
   * others. Refused statements reject with their positions among `docs` (duplicatePositions).
   * Alone: insertMany, ordered=false.
   */
  insertMany(docs: T[]): Promise<void> {
    if (docs.length === 0) return Promise.resolve();
    return this.inserts.submit({ docs, alone: 'insertMany' }, docs.length);
  }

  /** One single-document update (no result: the hot path's callers need none). */
  updateOne(filter: Filter<T>, update: UpdateFilter<T>, options: { upsert?: boolean } = {}): Promise<void> {
    return this.updates.submit({ filter, update, upsert: options.upsert === true }, 1);
  }
}
