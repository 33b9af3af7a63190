import mongoose, { type Connection } from 'mongoose';
import { Binary, Decimal128, Long, MongoClient, ObjectId, type Collection, type Document } from 'mongodb';
import { startTarget, type DbTarget } from './target';

const DB = 'conformance_crud';

describe('embedded engine: CRUD through the driver and mongoose', () => {
  let target: DbTarget;
  let client: MongoClient;
  let conn: Connection;
  const coll = (name: string): Collection<Document> => client.db(DB).collection(name);

  beforeAll(async () => {
    target = await startTarget();
    client = await MongoClient.connect(target.uriFor(DB));
    await client.db(DB).dropDatabase();
    conn = await mongoose.createConnection(target.uriFor(DB)).asPromise();
  });

  afterAll(async () => {
    await conn?.close();
    await client?.close();
    await target?.stop();
  });

  it('when documents are inserted without _id, then ObjectIds are generated and findable', async () => {
    const res = await coll('people').insertMany([
      { name: 'Ani', age: 31, city: 'Bandung' },
      { name: 'Budi', age: 25, city: 'Jakarta' },
      { name: 'Citra', age: 42, city: 'Bandung' },
      { name: 'Dewi', age: 19, city: 'Surabaya' },
    ]);
    expect(res.insertedCount).toBe(4);
    const id = res.insertedIds[1];
    expect(id).toBeInstanceOf(ObjectId);
    const doc = await coll('people').findOne({ _id: id });
    expect(doc?.name).toBe('Budi');
    expect(Object.keys(doc!)[0]).toBe('_id');
  });

  it('when filtering with comparison and logical operators, then MongoDB semantics apply', async () => {
    const names = async (filter: Document): Promise<string[]> =>
      (await coll('people').find(filter).sort({ name: 1 }).toArray()).map((d) => d.name as string);
    expect(await names({ age: { $gte: 25, $lt: 42 } })).toEqual(['Ani', 'Budi']);
    expect(await names({ city: { $in: ['Jakarta', 'Surabaya'] } })).toEqual(['Budi', 'Dewi']);
    expect(await names({ $or: [{ age: { $lt: 20 } }, { name: /^C/ }] })).toEqual(['Citra', 'Dewi']);
    expect(await names({ missing: { $exists: false }, city: { $ne: 'Bandung' } })).toEqual(['Budi', 'Dewi']);
    expect(await names({ $expr: { $gt: ['$age', 40] } })).toEqual(['Citra']);
  });

  it('when projecting, sorting, skipping and limiting, then the right slice and fields come back', async () => {
    const docs = await coll('people').find({}, { projection: { _id: 0, name: 1 } }).sort({ age: -1 }).skip(1).limit(2).toArray();
    expect(docs).toEqual([{ name: 'Ani' }, { name: 'Budi' }]);
    const excluded = await coll('people').findOne({ name: 'Ani' }, { projection: { age: 0, city: 0 } });
    expect(Object.keys(excluded!).sort()).toEqual(['_id', 'name']);
    const compound = await coll('people').find().sort({ city: 1, age: -1 }).toArray();
    expect(compound.map((d) => d.name)).toEqual(['Citra', 'Ani', 'Budi', 'Dewi']);
  });

  it('when 250 documents are read with batchSize 50, then getMore returns all of them in order', async () => {
    await coll('many').insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
    const cursor = coll('many').find({}, { batchSize: 50 }).sort({ i: 1 });
    const seen: number[] = [];
    for await (const d of cursor) seen.push(d.i as number);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
    const partial = coll('many').find({}, { batchSize: 50 });
    await partial.next();
    await partial.close(); // killCursors
    const raw = await client.db(DB).command({ find: 'many', batchSize: 50 });
    expect(raw.cursor.firstBatch).toHaveLength(50);
    const more = await client.db(DB).command({ getMore: raw.cursor.id, collection: 'many', batchSize: 500 });
    expect(more.cursor.nextBatch).toHaveLength(200);
    expect(Number(more.cursor.id)).toBe(0);
  });

  it('when getMore names an unknown cursor, then it fails with CursorNotFound (43)', async () => {
    const err = await client
      .db(DB)
      .command({ getMore: Long.fromNumber(123456789), collection: 'many' })
      .catch((e: { code?: number }) => e);
    expect((err as { code?: number }).code).toBe(43);
  });

  it('when update operators are applied, then the document changes like on MongoDB', async () => {
    const { insertedId } = await coll('ops').insertOne({ n: 1, tags: ['a'], nested: { x: 1 }, gone: true, old: 'v', lo: 5, hi: 5 });
    const operators: Document = {
        $set: { 'nested.y': 2 },
        $unset: { gone: '' },
        $inc: { n: 4 },
        $push: { tags: { $each: ['c', 'b'], $position: 0, $slice: 3 } },
        $min: { lo: 2 },
        $max: { hi: 9 },
        $currentDate: { touched: true },
        $rename: { old: 'renamed' },
    };
    await coll('ops').updateOne({ _id: insertedId }, operators);
    const doc = await coll('ops').findOne({ _id: insertedId });
    expect(doc).toMatchObject({ n: 5, nested: { x: 1, y: 2 }, tags: ['c', 'b', 'a'], lo: 2, hi: 9, renamed: 'v' });
    expect(doc?.gone).toBeUndefined();
    expect(doc?.old).toBeUndefined();
    expect(doc?.touched).toBeInstanceOf(Date);
    await coll('ops').updateOne({ _id: insertedId }, { $addToSet: { tags: { $each: ['a', 'z'] } } });
    const pull: Document = { $pull: { tags: 'c' } };
    await coll('ops').updateOne({ _id: insertedId }, pull);
    expect((await coll('ops').findOne({ _id: insertedId }))?.tags).toEqual(['b', 'a', 'z']);
  });

  it('when positional, arrayFilters and mongoose-style $unset updates run, then the right elements change', async () => {
    const { insertedId } = await coll('arrays').insertOne({ items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 1 }], flag: true, list: [1, 2, 3, 4] });
    await coll('arrays').updateOne({ _id: insertedId, 'items.sku': 'b' }, { $inc: { 'items.$.qty': 5 } });
    await coll('arrays').updateOne({ _id: insertedId }, { $set: { 'items.$[it].tagged': true } }, { arrayFilters: [{ 'it.sku': 'a' }] });
    const popAndUnset: Document = { $unset: { flag: 1 }, $pop: { list: 1 } };
    await coll('arrays').updateOne({ _id: insertedId }, popAndUnset);
    const pullAll: Document = { $pullAll: { list: [1] } };
    await coll('arrays').updateOne({ _id: insertedId }, pullAll);
    const conflict: Document = { $pop: { list: 1 }, $pullAll: { list: [1] } };
    await expect(coll('arrays').updateOne({ _id: insertedId }, conflict)).rejects.toThrow(/conflict/);
    const doc = await coll('arrays').findOne({ _id: insertedId }, { projection: { _id: 0 } });
    expect(doc).toEqual({ items: [{ sku: 'a', qty: 1, tagged: true }, { sku: 'b', qty: 6 }], list: [2, 3] });
  });

  it('when a collection or the database is dropped, then its documents are gone', async () => {
    await coll('gone').insertOne({ a: 1 });
    expect(await coll('gone').drop()).toBe(true);
    expect(await coll('gone').countDocuments()).toBe(0);
    const scratch = client.db(`${DB}_scratch`);
    await scratch.collection('x').insertOne({ a: 1 });
    await scratch.dropDatabase();
    expect(await scratch.collection('x').countDocuments()).toBe(0);
    expect((await scratch.listCollections().toArray()).length).toBe(0);
  });

  it('when updateMany and replaceOne run, then counts and contents are MongoDB-shaped', async () => {
    await coll('bulk').insertMany([{ k: 1, v: 0 }, { k: 1, v: 0 }, { k: 2, v: 0 }]);
    const many = await coll('bulk').updateMany({ k: 1 }, { $set: { v: 1 } });
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 2, upsertedCount: 0 });
    const noop = await coll('bulk').updateMany({ k: 1 }, { $set: { v: 1 } });
    expect(noop).toMatchObject({ matchedCount: 2, modifiedCount: 0 });
    const replaced = await coll('bulk').replaceOne({ k: 2 }, { k: 2, replaced: true });
    expect(replaced.modifiedCount).toBe(1);
    const doc = await coll('bulk').findOne({ k: 2 });
    expect(doc).toMatchObject({ k: 2, replaced: true });
    expect(doc?.v).toBeUndefined();
  });

  it('when upserting, then the new _id is reported and $setOnInsert applies only on insert', async () => {
    const first = await coll('up').updateOne({ key: 'a' }, { $set: { seen: 1 }, $setOnInsert: { created: 'yes' } }, { upsert: true });
    expect(first.upsertedCount).toBe(1);
    expect(first.upsertedId).toBeInstanceOf(ObjectId);
    const second = await coll('up').updateOne({ key: 'a' }, { $set: { seen: 2 }, $setOnInsert: { created: 'again' } }, { upsert: true });
    expect(second).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    expect(await coll('up').findOne({ key: 'a' }, { projection: { _id: 0 } })).toEqual({ key: 'a', seen: 2, created: 'yes' });
    const id = new ObjectId();
    const byId = await coll('up').updateOne({ _id: id, 'meta.src': 'wa' }, { $inc: { n: 1 } }, { upsert: true });
    expect(byId.upsertedId?.toHexString()).toBe(id.toHexString());
    expect(await coll('up').findOne({ _id: id })).toEqual({ _id: id, meta: { src: 'wa' }, n: 1 });
  });

  it('when $inc targets a string or an update changes _id, then mongod error codes come back', async () => {
    await coll('typed').insertOne({ _id: 'k' as never, s: 'text' });
    const inc: Document = { $inc: { s: 1 } };
    await expect(coll('typed').updateOne({ _id: 'k' as never }, inc)).rejects.toMatchObject({ code: 14 });
    await expect(coll('typed').updateOne({ _id: 'k' as never }, { $set: { _id: 'other' as never } })).rejects.toMatchObject({ code: 66 });
    expect(await coll('typed').findOne({ _id: 'k' as never })).toEqual({ _id: 'k', s: 'text' });
  });

  it('when deleting with limit 1 and 0, then one or all matches go', async () => {
    await coll('del').insertMany([{ t: 'x' }, { t: 'x' }, { t: 'x' }, { t: 'y' }]);
    expect((await coll('del').deleteOne({ t: 'x' })).deletedCount).toBe(1);
    expect((await coll('del').deleteMany({ t: 'x' })).deletedCount).toBe(2);
    expect(await coll('del').countDocuments()).toBe(1);
  });

  it('when counting and listing distinct values, then results match', async () => {
    expect(await coll('people').countDocuments({ city: 'Bandung' })).toBe(2);
    expect(await coll('people').estimatedDocumentCount()).toBe(4);
    expect((await coll('people').distinct('city')).sort()).toEqual(['Bandung', 'Jakarta', 'Surabaya']);
    expect(await coll('people').distinct('name', { age: { $gt: 30 } })).toEqual(['Ani', 'Citra']);
    const count = await client.db(DB).command({ count: 'people', query: { age: { $lt: 30 } } });
    expect(count.n).toBe(2);
  });

  it('when findOneAndUpdate/Delete run through mongoose, then before/after/upsert/remove behave', async () => {
    const Ticket = conn.model('Ticket', new mongoose.Schema({ code: String, status: String, hits: Number }));
    await Ticket.create({ code: 'T1', status: 'open', hits: 0 });
    const before = await Ticket.findOneAndUpdate({ code: 'T1' }, { $inc: { hits: 1 } }).lean();
    expect(before?.hits).toBe(0);
    const after = await Ticket.findOneAndUpdate({ code: 'T1' }, { $set: { status: 'closed' } }, { returnDocument: 'after' }).lean();
    expect(after).toMatchObject({ status: 'closed', hits: 1 });
    const created = (await Ticket.findOneAndUpdate(
      { code: 'T2' },
      { $set: { status: 'new' } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    ).lean()) as unknown as { value: Document | null; lastErrorObject?: Document };
    expect(created.value).toMatchObject({ code: 'T2', status: 'new' });
    expect(created.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(created.lastErrorObject?.upserted).toBeInstanceOf(mongoose.Types.ObjectId);
    const removed = await Ticket.findOneAndDelete({ code: 'T1' }).lean();
    expect(removed?.code).toBe('T1');
    expect(await Ticket.countDocuments()).toBe(1);
    const sorted = await Ticket.findOneAndUpdate({}, { $set: { hits: 7 } }, { sort: { code: -1 }, returnDocument: 'after', projection: { code: 1 } }).lean();
    expect(sorted).toEqual({ _id: expect.anything(), code: 'T2' });
  });

  it('when mongoose documents are saved, updated and removed, then the model API round-trips', async () => {
    const Person = conn.model('Person', new mongoose.Schema({ name: String, tags: [String], meta: { visits: Number } }, { timestamps: true }));
    const p = await Person.create({ name: 'Eka', tags: ['x'], meta: { visits: 1 } });
    p.tags.push('y');
    p.set('meta.visits', 2);
    await p.save();
    const fresh = await Person.findById(p._id);
    expect(fresh?.tags).toEqual(['x', 'y']);
    expect(fresh?.meta?.visits).toBe(2);
    expect(fresh?.get('updatedAt')).toBeInstanceOf(Date);
    await Person.updateOne({ _id: p._id }, { $set: { name: 'Eka P.' } });
    expect((await Person.findById(p._id).lean())?.name).toBe('Eka P.');
    await Person.deleteOne({ _id: p._id });
    expect(await Person.findById(p._id)).toBeNull();
  });

  it('when BSON types are stored, then they round-trip exactly and compare correctly in filters', async () => {
    const id = new ObjectId();
    const other = new ObjectId();
    const when = new Date('2024-02-03T04:05:06.789Z');
    const doc = {
      _id: id,
      when,
      price: Decimal128.fromString('12345.6789'),
      big: Long.fromString('9007199254740993'),
      small: Long.fromNumber(42),
      bytes: new Binary(Buffer.from([0, 1, 2, 250, 255]), 0),
      ref: other,
      int: 7,
      dbl: 2.5,
    };
    await coll('bson').insertOne(doc);
    const back = await client.db(DB).collection('bson').findOne({ _id: id }, { promoteLongs: false });
    expect(back?._id.toHexString()).toBe(id.toHexString());
    expect((back?.when as Date).getTime()).toBe(when.getTime());
    expect(back?.price.toString()).toBe('12345.6789');
    expect(back?.big).toBeInstanceOf(Long);
    expect(back?.big.toString()).toBe('9007199254740993');
    expect(Buffer.from((back?.bytes as Binary).buffer).equals(Buffer.from([0, 1, 2, 250, 255]))).toBe(true);
    expect(back).toMatchObject({ int: 7, dbl: 2.5 });
    const hit = async (filter: Document): Promise<boolean> => (await coll('bson').countDocuments(filter)) === 1;
    expect(await hit({ _id: new ObjectId(id.toHexString()) })).toBe(true);
    expect(await hit({ _id: { $in: [new ObjectId(), new ObjectId(id.toHexString())] } })).toBe(true);
    expect(await hit({ ref: other })).toBe(true);
    expect(await hit({ ref: new ObjectId() })).toBe(false);
    expect(await hit({ when: { $lt: new Date('2024-02-04') } })).toBe(true);
    expect(await hit({ when: { $gt: new Date('2024-02-04') } })).toBe(false);
    expect(await hit({ small: 42 })).toBe(true);
    expect(await hit({ small: { $gt: Long.fromNumber(9) } })).toBe(true);
    expect(await hit({ price: { $gt: Decimal128.fromString('9999') } })).toBe(true);
    expect(await hit({ price: { $lt: 100 } })).toBe(false);
    expect(await hit({ bytes: new Binary(Buffer.from([0, 1, 2, 250, 255]), 0) })).toBe(true);
  });

  it('when a large document (~10 MB) is inserted, then it is stored and read back intact', async () => {
    const blob = 'x'.repeat(10 * 1024 * 1024);
    await coll('large').insertOne({ _id: 'big' as unknown as ObjectId, blob });
    const back = await coll('large').findOne({ _id: 'big' as unknown as ObjectId });
    expect((back?.blob as string).length).toBe(blob.length);
    // ~36 MB in one OP_MSG (the driver batches up to maxMessageSizeBytes = 48 MB).
    const big = 'y'.repeat(12 * 1024 * 1024);
    const res = await coll('large').insertMany([{ part: 1, big }, { part: 2, big }, { part: 3, big }]);
    expect(res.insertedCount).toBe(3);
    expect(await coll('large').countDocuments({ part: { $gte: 1 } })).toBe(3);
    await coll('large').deleteMany({});
  });

  it('when listCollections runs with and without nameOnly, then collections are listed in cursor form', async () => {
    const full = await client.db(DB).listCollections({ name: 'people' }).toArray();
    expect(full).toHaveLength(1);
    expect(full[0]).toMatchObject({ name: 'people', type: 'collection' });
    const names = (await client.db(DB).listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['people', 'many', 'ops']));
    await client.db(DB).createCollection('explicit');
    expect((await client.db(DB).listCollections({ name: 'explicit' }).toArray()).length).toBe(1);
    await client.db(DB).dropCollection('explicit');
    expect((await client.db(DB).listCollections({ name: 'explicit' }).toArray()).length).toBe(0);
  });

  it('when a pipeline-style update is sent, then it is either applied or refused with a clear error', async () => {
    await coll('pipe').insertOne({ a: 1 });
    const res = await coll('pipe')
      .updateOne({ a: 1 }, [{ $set: { b: 2 } }])
      .then(() => 'applied')
      .catch((e: Error) => e.message);
    if (res !== 'applied') expect(res).toMatch(/pipeline/i);
  });
});
