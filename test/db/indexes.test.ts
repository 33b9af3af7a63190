import mongoose, { type Connection } from 'mongoose';
import { MongoBulkWriteError, MongoClient, MongoServerError, type Collection, type Document } from 'mongodb';
import { itEngine, startTarget, type DbTarget } from './target';

const DB = 'conformance_indexes';

async function failure(p: Promise<unknown>): Promise<MongoServerError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof MongoServerError)) throw new Error(`expected a MongoServerError, got ${String(err)}`);
  return err;
}

describe('embedded engine: indexes, unique constraints and TTL', () => {
  let target: DbTarget;
  let client: MongoClient;
  let conn: Connection;
  const coll = (name: string): Collection<Document> => client.db(DB).collection(name);

  beforeAll(async () => {
    target = await startTarget({ ttlSweepMs: 50 });
    client = await MongoClient.connect(target.uriFor(DB));
    await client.db(DB).dropDatabase();
    conn = await mongoose.createConnection(target.uriFor(DB)).asPromise();
  });

  afterAll(async () => {
    await conn?.close();
    await client?.close();
    await target?.stop();
  });

  it('when a mongoose unique field is duplicated, then create fails with code 11000 and keyValue', async () => {
    const User = conn.model('User', new mongoose.Schema({ email: { type: String, unique: true }, name: String }));
    await User.init();
    await User.create({ email: 'a@x.id', name: 'A' });
    const err = await failure(User.create({ email: 'a@x.id', name: 'B' }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ email: 'a@x.id' });
    expect(err.keyPattern).toEqual({ email: 1 });
    expect(err.message).toBe(`E11000 duplicate key error collection: ${DB}.users index: email_1 dup key: { email: "a@x.id" }`);
    expect(await User.countDocuments()).toBe(1);
  });

  it('when a duplicate _id is inserted, then the _id_ index reports 11000', async () => {
    await coll('ids').insertOne({ _id: 'same' as never });
    const err = await failure(coll('ids').insertOne({ _id: 'same' as never }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ _id: 'same' });
    expect(err.message).toContain('index: _id_ dup key: { _id: "same" }');
  });

  it('when a compound unique index is violated, then only the full key combination conflicts', async () => {
    await coll('slots').createIndex({ day: 1, hour: 1 }, { unique: true });
    await coll('slots').insertMany([
      { day: 'mon', hour: 9 },
      { day: 'mon', hour: 10 },
      { day: 'tue', hour: 9 },
    ]);
    const err = await failure(coll('slots').insertOne({ day: 'mon', hour: 9 }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ day: 'mon', hour: 9 });
    expect(err.keyPattern).toEqual({ day: 1, hour: 1 });
    expect(err.message).toContain('index: day_1_hour_1 dup key: { day: "mon", hour: 9 }');
  });

  it('when a partial unique index exists, then only documents matching the filter are constrained', async () => {
    await coll('partial').createIndex({ nik: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await coll('partial').insertMany([
      { nik: '1', active: false },
      { nik: '1', active: false },
      { nik: '1', active: true },
    ]);
    const err = await failure(coll('partial').insertOne({ nik: '1', active: true }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ nik: '1' });
    expect(await coll('partial').countDocuments({ nik: '1' })).toBe(3);
  });

  it('when a sparse unique index exists, then documents without the field do not conflict', async () => {
    await coll('sparse').createIndex({ phone: 1 }, { unique: true, sparse: true });
    await coll('sparse').insertMany([{ a: 1 }, { a: 2 }, { phone: '62811' }]);
    expect((await failure(coll('sparse').insertOne({ phone: '62811' }))).code).toBe(11000);
    await coll('plain').createIndex({ phone: 1 }, { unique: true });
    await coll('plain').insertOne({ a: 1 });
    const missing = await failure(coll('plain').insertOne({ a: 2 }));
    expect(missing.keyValue).toEqual({ phone: null });
  });

  it('when ordered and unordered inserts hit duplicates, then ordered stops and unordered continues', async () => {
    await coll('batch').createIndex({ k: 1 }, { unique: true });
    const ordered = await coll('batch')
      .insertMany([{ k: 1 }, { k: 1 }, { k: 2 }], { ordered: true })
      .catch((e: unknown) => e);
    expect(ordered).toBeInstanceOf(MongoBulkWriteError);
    expect((ordered as MongoBulkWriteError).insertedCount).toBe(1);
    expect((ordered as MongoBulkWriteError).writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
    const unordered = await coll('batch')
      .insertMany([{ k: 3 }, { k: 1 }, { k: 4 }], { ordered: false })
      .catch((e: unknown) => e);
    expect((unordered as MongoBulkWriteError).insertedCount).toBe(2);
    expect(await coll('batch').countDocuments()).toBe(3);
  });

  it('when updates, upserts or findOneAndUpdate would create a duplicate, then they fail with 11000 and leave data intact', async () => {
    const Member = conn.model('Member', new mongoose.Schema({ code: { type: String, unique: true }, n: Number }));
    await Member.init();
    await Member.create([
      { code: 'A', n: 1 },
      { code: 'B', n: 2 },
    ]);
    const upd = await failure(Member.updateOne({ code: 'B' }, { $set: { code: 'A' } }));
    expect(upd.code).toBe(11000);
    expect(upd.keyValue).toEqual({ code: 'A' });
    const ups = await failure(Member.updateOne({ code: 'Z', n: 9 }, { $set: { code: 'A' } }, { upsert: true }));
    expect(ups.code).toBe(11000);
    const fam = await failure(Member.findOneAndUpdate({ code: 'B' }, { $set: { code: 'A' } }).exec());
    expect(fam.code).toBe(11000);
    expect(fam.codeName).toBe('DuplicateKey');
    expect(fam.keyValue).toEqual({ code: 'A' });
    expect(fam.keyPattern).toEqual({ code: 1 });
    const replace = await failure(Member.replaceOne({ code: 'B' }, { code: 'A', n: 0 }).exec());
    expect(replace.code).toBe(11000);
    expect((await Member.find().sort({ code: 1 }).lean()).map((m) => [m.code, m.n])).toEqual([
      ['A', 1],
      ['B', 2],
    ]);
  });

  it('when a unique index is created over existing duplicates, then it fails with 11000', async () => {
    await coll('dups').insertMany([{ v: 'x' }, { v: 'x' }]);
    const err = await failure(coll('dups').createIndex({ v: 1 }, { unique: true }));
    expect(err.code).toBe(11000);
    const names = (await coll('dups').listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(['_id_']);
  });

  it('when indexes are listed and dropped, then _id_ is always present and others come and go', async () => {
    await coll('idx').insertOne({ a: 1, b: 1 });
    await coll('idx').createIndex({ a: 1 });
    await coll('idx').createIndex({ b: -1 }, { name: 'b_desc', unique: true });
    const list = await coll('idx').listIndexes().toArray();
    expect(list.map((i) => i.name)).toEqual(['_id_', 'a_1', 'b_desc']);
    expect(list[2]).toMatchObject({ v: 2, key: { b: -1 }, unique: true });
    await coll('idx').dropIndex('a_1');
    expect((await coll('idx').indexes()).map((i) => i.name)).toEqual(['_id_', 'b_desc']);
    const missing = await failure(coll('idx').dropIndex('nope'));
    expect(missing.code).toBe(27);
    await coll('idx').dropIndexes();
    expect((await coll('idx').indexes()).map((i) => i.name)).toEqual(['_id_']);
    const noColl = await failure(coll('never_created').listIndexes().toArray());
    expect(noColl.code).toBe(26);
  });

  it('when mongoose syncIndexes runs, then undeclared indexes are dropped and declared ones created', async () => {
    await coll('syncs').createIndex({ stale: 1 });
    const Sync = conn.model('Sync', new mongoose.Schema({ fresh: { type: String, index: true }, stale: String }), 'syncs');
    const dropped = await Sync.syncIndexes();
    expect(dropped).toEqual(['stale_1']);
    expect((await Sync.listIndexes()).map((i) => i.name).sort()).toEqual(['_id_', 'fresh_1']);
  });

  it('when the same index is requested twice, then the second request is a no-op', async () => {
    await coll('twice').createIndex({ a: 1 }, { unique: true });
    await coll('twice').createIndex({ a: 1 }, { unique: true });
    expect((await coll('twice').indexes()).length).toBe(2);
  });

  it('when equality queries use an indexed field, then results are the same as a scan', async () => {
    await coll('lookup').createIndex({ region: 1, code: 1 });
    await coll('lookup').insertMany(Array.from({ length: 300 }, (_, i) => ({ region: `r${i % 3}`, code: i % 10, tags: [`t${i % 5}`] })));
    expect(await coll('lookup').countDocuments({ region: 'r1' })).toBe(100);
    expect(await coll('lookup').countDocuments({ region: 'r1', code: { $in: [1, 4] } })).toBe(20);
    expect(await coll('lookup').countDocuments({ region: { $eq: 'r2' }, code: 5 })).toBe(10);
    await coll('lookup').createIndex({ tags: 1 });
    expect(await coll('lookup').countDocuments({ tags: 't3' })).toBe(60);
    await coll('lookup').updateMany({ region: 'r0' }, { $set: { region: 'moved' } });
    expect(await coll('lookup').countDocuments({ region: 'r0' })).toBe(0);
    expect(await coll('lookup').countDocuments({ region: 'moved' })).toBe(100);
    await coll('lookup').deleteMany({ region: 'moved', code: 0 });
    expect(await coll('lookup').countDocuments({ region: 'moved' })).toBe(90);
  });

  // The real server's TTL monitor runs every 60 s, too slow for a unit test.
  itEngine('when a TTL index is present, then expired documents disappear in the background sweep', async () => {
    const Session = conn.model('Session', new mongoose.Schema({ token: String, createdAt: { type: Date, expires: 1 } }));
    await Session.init();
    const old = new Date(Date.now() - 5000);
    await Session.create([
      { token: 'old', createdAt: old },
      { token: 'fresh', createdAt: new Date(Date.now() + 60_000) },
      { token: 'no-date' },
    ]);
    const spec = (await Session.collection.indexes()).find((i) => i.name === 'createdAt_1');
    expect(spec?.expireAfterSeconds).toBe(1);
    const deadline = Date.now() + 3000;
    while ((await Session.countDocuments({ token: 'old' })) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect((await Session.find().sort({ token: 1 }).lean()).map((s) => s.token)).toEqual(['fresh', 'no-date']);
  });
});
