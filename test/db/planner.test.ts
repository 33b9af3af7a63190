/**
 * The query planner: which index answers a query (asked through `explain`, as one would ask
 * MongoDB) and that answers through an index are exactly the documents a full scan finds, in
 * the requested order. Runs on the embedded engine, or on a real MongoDB with TEST_MONGODB_URI.
 */
import { Query } from 'mingo';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { startTarget, type DbTarget } from './target';

const DB = 'conformance_planner';

/** The stages of a winning plan, flattened: which indexes it scans, whether it scans or sorts everything. */
function stagesOf(explained: Document): { indexes: string[]; collscan: boolean; blockingSort: boolean } {
  const out = { indexes: [] as string[], collscan: false, blockingSort: false };
  const walk = (stage: Document | undefined): void => {
    if (!stage) return;
    if (stage.stage === 'IXSCAN') out.indexes.push(stage.indexName);
    if (stage.stage === 'COLLSCAN') out.collscan = true;
    if (stage.stage === 'SORT') out.blockingSort = true;
    walk(stage.inputStage);
    for (const s of stage.inputStages ?? []) walk(s);
  };
  walk(explained.queryPlanner.winningPlan.queryPlan ?? explained.queryPlanner.winningPlan);
  return out;
}

describe('embedded engine: query planner', () => {
  let target: DbTarget;
  let client: MongoClient;
  let tickets: Collection<Document>;
  const day = (n: number) => new Date(Date.UTC(2026, 10, n));

  beforeAll(async () => {
    target = await startTarget();
    client = await MongoClient.connect(target.uriFor(DB));
    await client.db(DB).dropDatabase();
    tickets = client.db(DB).collection('tickets');
    await tickets.createIndex({ chat: 1, receivedAt: -1 });
    await tickets.createIndex({ stage: 1, dueAt: 1 });
    await tickets.createIndex({ number: 1 }, { unique: true });
    await tickets.createIndex({ chat: 1 }, { name: 'open_by_chat', unique: true, partialFilterExpression: { open: true } });
    await tickets.createIndex({ tags: 1 });
    const docs: Document[] = [];
    for (let i = 0; i < 600; i++) {
      docs.push({
        number: `T-${i}`,
        chat: `c${i % 40}`,
        stage: ['baru', 'diproses', 'selesai'][i % 3],
        receivedAt: day(1 + (i % 28)),
        dueAt: i % 7 === 0 ? null : day(1 + ((i * 5) % 30)),
        ...(i % 11 === 0 ? {} : { rating: i % 4 }),
        ...(i < 40 ? { open: true } : {}),
        tags: i % 5 === 0 ? ['nik', 'loket'] : ['loket'],
      });
    }
    await tickets.insertMany(docs);
  });

  afterAll(async () => {
    await client?.close();
    await target?.stop();
  });

  const explain = (filter: Document, sort?: Document) => tickets.find(filter, sort ? { sort } : {}).explain('queryPlanner').then(stagesOf);
  /** The same query answered without any index: every document, filtered here by mingo. */
  const byScan = async (filter: Document) => {
    const query = new Query(filter);
    return (await tickets.find({}).toArray()).filter((d) => query.test(d));
  };

  it('when a filter pins the first field of a compound index and sorts by the next, then one index answers it with no sort stage', async () => {
    expect(await explain({ chat: 'c3' }, { receivedAt: -1 })).toEqual({ indexes: ['chat_1_receivedAt_-1'], collscan: false, blockingSort: false });
    const got = await tickets.find({ chat: 'c3' }).sort({ receivedAt: -1 }).limit(4).toArray();
    const expected = (await byScan({ chat: 'c3' })).sort((a, b) => b.receivedAt - a.receivedAt).slice(0, 4);
    expect(got.map((d) => d.receivedAt)).toEqual(expected.map((d) => d.receivedAt));
  });

  it('when the sort runs against the index direction, then the index is walked backwards', async () => {
    expect(await explain({ chat: 'c3' }, { receivedAt: 1 })).toMatchObject({ indexes: ['chat_1_receivedAt_-1'], blockingSort: false });
    const got = await tickets.find({ chat: 'c3' }).sort({ receivedAt: 1 }).toArray();
    const times = got.map((d) => d.receivedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(got).toHaveLength((await byScan({ chat: 'c3' })).length);
  });

  it('when a filter pins a field and bounds the next by a range, then the index answers exactly the documents in range', async () => {
    const filter = { stage: 'diproses', dueAt: { $gt: day(6), $lte: day(21) } }; // both bounds are dates that occur
    expect(await explain(filter)).toMatchObject({ indexes: ['stage_1_dueAt_1'], collscan: false });
    const ids = (docs: Document[]) => docs.map((d) => d.number).sort();
    const expected = ids(await byScan(filter));
    expect(expected.length).toBeGreaterThan(10);
    expect(ids(await tickets.find(filter).toArray())).toEqual(expected);
    // tight bounds: the index reads only what the query returns
    const stats = (await tickets.find(filter).explain('executionStats')).executionStats;
    expect(stats).toMatchObject({ nReturned: expected.length, totalDocsExamined: expected.length });
    const halfOpen = { stage: 'diproses', dueAt: { $gte: day(6), $lt: day(21) } };
    const inHalfOpen = (await byScan(halfOpen)).length;
    expect((await tickets.find(halfOpen).explain('executionStats')).executionStats).toMatchObject({ nReturned: inHalfOpen, totalDocsExamined: inHalfOpen });
  });

  it('when a range bounds a descending index field, then only the documents in range are read', async () => {
    const filter = { chat: 'c9', receivedAt: { $gte: day(5), $lt: day(15) } };
    expect(await explain(filter)).toMatchObject({ indexes: ['chat_1_receivedAt_-1'], collscan: false });
    const expected = (await byScan(filter)).length;
    expect(expected).toBeGreaterThan(2);
    const stats = (await tickets.find(filter).explain('executionStats')).executionStats;
    expect(stats).toMatchObject({ nReturned: expected, totalDocsExamined: expected });
  });

  it('when a filter has $in on the first field, then the index answers it', async () => {
    const filter = { chat: { $in: ['c1', 'c2'] } };
    expect((await explain(filter)).indexes[0]).toMatch(/^chat_1/);
    expect(await tickets.countDocuments(filter)).toBe((await byScan(filter)).length);
  });

  it('when a filter pins a field to null, then the index answers it and missing fields match too', async () => {
    const filter = { stage: 'baru', dueAt: null };
    expect(await explain(filter)).toMatchObject({ indexes: ['stage_1_dueAt_1'], collscan: false });
    expect((await tickets.find(filter).toArray()).length).toBe((await byScan(filter)).length);
  });

  it('when every branch of an $or has an index, then each branch is answered by its index; when one has none, the collection is scanned', async () => {
    const indexed = { $or: [{ chat: 'c5' }, { stage: 'selesai', dueAt: { $lt: day(3) } }] };
    const plan = await explain(indexed);
    expect(plan.collscan).toBe(false);
    expect(plan.indexes).toEqual(expect.arrayContaining(['stage_1_dueAt_1']));
    expect(plan.indexes.length).toBe(2);
    const ids = (docs: Document[]) => docs.map((d) => d.number).sort();
    expect(ids(await tickets.find(indexed).toArray())).toEqual(ids(await byScan(indexed)));
    expect((await explain({ $or: [{ chat: 'c5' }, { rating: 2 }] })).collscan).toBe(true);
  });

  it('when an $or of selective branches sits beside a broad indexed field, then the branches are used (the more productive plan wins)', async () => {
    const filter = { $or: [{ chat: 'c5' }, { number: 'T-9' }], stage: { $in: ['baru', 'diproses'] } };
    const plan = await explain(filter);
    expect(plan.indexes).not.toContain('stage_1_dueAt_1');
    expect(plan.indexes).toEqual(expect.arrayContaining(['number_1']));
    const ids = (docs: Document[]) => docs.map((d) => d.number).sort();
    expect(ids(await tickets.find(filter).toArray())).toEqual(ids(await byScan(filter)));
  });

  it('when the filter implies a partial index filter, then the partial index may answer; when it does not, it may not', async () => {
    const partial = await explain({ chat: 'c7', open: true });
    expect(partial.collscan).toBe(false);
    expect((await explain({ chat: 'c7' })).indexes).not.toContain('open_by_chat');
    expect(await tickets.countDocuments({ chat: 'c7', open: true })).toBe((await byScan({ chat: 'c7', open: true })).length);
  });

  it('when a query sorts by a leading index field with a limit and no filter, then the index gives the order', async () => {
    expect(await explain({}, { stage: 1, dueAt: 1 })).toMatchObject({ indexes: ['stage_1_dueAt_1'], blockingSort: false });
    const [first] = await tickets.find({}).sort({ stage: 1, dueAt: 1 }).limit(1).toArray();
    const all = (await byScan({})).filter((d) => d.stage === 'baru');
    const earliest = Math.min(...all.filter((d) => d.dueAt).map((d) => d.dueAt.getTime()));
    // null/missing sort before dates, as in MongoDB
    expect(first.dueAt === null || first.dueAt === undefined || first.dueAt.getTime() === earliest).toBe(true);
    expect(first.stage).toBe('baru');
  });

  it('when a field holds arrays, then equality on an element uses the index but a sort on it is done after', async () => {
    const plan = await explain({ tags: 'nik' }, { tags: 1 });
    expect(plan.indexes).toContain('tags_1');
    expect(plan.blockingSort).toBe(true);
    expect(await tickets.countDocuments({ tags: 'nik' })).toBe(120);
  });

  it('when a range bounds an array field from both sides, then a document with one element on each side is still found', async () => {
    const scores = client.db(DB).collection('scores');
    await scores.createIndex({ points: 1 });
    await scores.insertMany([{ n: 'split', points: [1, 20] }, { n: 'inside', points: [7] }, { n: 'outside', points: [1, 2] }]);
    const found = await scores.find({ points: { $gt: 5, $lt: 10 } }).toArray();
    expect(found.map((d) => d.n).sort()).toEqual(['inside', 'split']);
  });

  it('when a filter uses no indexed field, then the collection is scanned', async () => {
    expect((await explain({ rating: 3 })).collscan).toBe(true);
    expect((await explain({ stage: { $ne: 'baru' } })).collscan).toBe(true);
  });

  it('when documents change, then index answers follow (update moves a key, delete removes it)', async () => {
    await tickets.updateOne({ number: 'T-4' }, { $set: { rating: 99 } }); // no indexed field changes
    expect((await tickets.find({ chat: 'c4', rating: 99 }).toArray()).map((d) => d.number)).toEqual(['T-4']);
    expect((await tickets.find({ stage: 'diproses', number: 'T-4' }).toArray())[0]).toMatchObject({ rating: 99 });
    await tickets.updateOne({ number: 'T-3' }, { $set: { chat: 'moved' } });
    expect((await tickets.find({ chat: 'moved' }).toArray()).map((d) => d.number)).toEqual(['T-3']);
    await tickets.deleteOne({ number: 'T-3' });
    expect(await tickets.countDocuments({ chat: 'moved' })).toBe(0);
  });
});
